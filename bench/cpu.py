"""Server CPU from /proc, for the load runs' "CPU per request": a process tree's user + system seconds,
and the database server's where it runs on this machine (PostgreSQL's backends are not our children)."""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, str, float] | None:
    """(parent pid, command, CPU seconds) of one process, or None once it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    command = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), command, (int(fields[11]) + int(fields[12])) / TICKS  # ppid, utime + stime


def processes() -> dict[int, tuple[int, str, float]]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))):
            found[int(entry.name)] = stat
    return found


def tree_seconds(roots: list[int], *, database: bool = True) -> dict[str, float]:
    """CPU seconds so far of the processes under ``roots`` (web, worker, sweeper and their children), and of
    PostgreSQL's processes when ``database``."""
    table = processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _command, _cpu) in table.items():
        children.setdefault(parent, []).append(pid)
    seconds = {"platform": 0.0, "database": 0.0}
    seen, stack = set(), list(roots)
    while stack:
        pid = stack.pop()
        if pid in seen or pid not in table:
            continue
        seen.add(pid)
        seconds["platform"] += table[pid][2]
        stack += children.get(pid, [])
    if database:
        seconds["database"] = sum(
            cpu for _p, command, cpu in table.values() if command.startswith("postgres")
        )
    return seconds
