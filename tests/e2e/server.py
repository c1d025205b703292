"""Runs the real ``court12368 serve`` in a subprocess, as a user would, on a throw-away data dir.

On the PostgreSQL leg (COURT12368_DATABASE_URL set) the served platform gets a database of its own on the
same server, dropped afterwards.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import dj_database_url

from court12368 import config


def free_port(kind=socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def database_for_server():
    """The database URL to give the server: none (SQLite) or a fresh PostgreSQL database."""
    url = config.read_secret("DATABASE_URL")
    if not url:
        yield None
        return
    import psycopg

    name = f"c12368_e2e_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parsed = dj_database_url.parse(url)
    user = parsed["USER"] or ""
    auth = f"{user}:{parsed['PASSWORD']}@" if parsed.get("PASSWORD") else (f"{user}@" if user else "")
    try:
        yield f"postgres://{auth}{parsed['HOST'] or '127.0.0.1'}:{parsed['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def on_database(env: dict, url: str | None) -> dict:
    """A child process's environment for this database (None: SQLite in its data dir), whichever of the
    variable's names (config.names) this process was given."""
    for name in config.names("DATABASE_URL"):
        env.pop(name, None)
    if url:
        env["COURT12368_DATABASE_URL"] = url
    return env


class Server:
    def __init__(self, data_dir: Path, database_url: str | None):
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.sip_port = free_port(socket.SOCK_DGRAM)  # the voice line that serve starts
        self.output: list[str] = []
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 180) -> "Server":
        env = {
            **os.environ,
            "COURT12368_DATA_DIR": str(self.data_dir),
            "COURT12368_SIP_PORT": str(self.sip_port),
            "PYTHONUNBUFFERED": "1",
            # A twentieth of the demo's three months of calls (enough for the leader's walk): every e2e module
            # starts a server, and each pays the load.
            "COURT12368_DEMO_SCALE": os.environ.get("COURT12368_DEMO_SCALE", "5"),
        }
        on_database(env, self.database_url)
        self.output = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "court12368", "serve", "--port", str(self.port), "--workers", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        threading.Thread(target=self._drain, daemon=True).start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("serve exited early:\n" + self.text)
            try:
                with urllib.request.urlopen(self.url + "/api/v1/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("serve did not come up:\n" + self.text)

    def _drain(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)

    @property
    def text(self) -> str:
        return "".join(self.output)

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        """Read the served platform's database directly (SQLite file or its PostgreSQL database)."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                return conn.execute(query.replace("?", "%s"), params).fetchall()
        import sqlite3

        conn = sqlite3.connect(self.data_dir / "court12368.sqlite3")
        try:
            return conn.execute(query, params).fetchall()
        finally:
            conn.close()

    def processes(self) -> list[int]:
        """Every live process started for this data dir (the supervisor and all its children)."""
        marker = f"COURT12368_DATA_DIR={self.data_dir}".encode()
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    status = (entry / "status").read_text()
                    if "\nState:\tZ" not in status:
                        pids.append(int(entry.name))
            except OSError:
                continue
        return pids
