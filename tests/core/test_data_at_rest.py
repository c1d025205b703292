"""Finding 10 of issue 20: under the usual 0022 umask the SQLite database and its WAL, uploads, recordings
and the audit anchors were 0644, readable by every account on the machine. Now the data dir is 0700 and
everything the platform writes in it is its owner's only; an existing install is tightened at start."""

import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

from court12368 import config, datadir

ROOT = Path(__file__).resolve().parents[2]

# Run inside `court12368 manage shell` after migrate: writes what a working platform writes, then lists
# every mode while the database connection is still open (so the WAL and shared-memory files exist).
WRITE_AND_LIST = """
import json, os
from pathlib import Path
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from court12368.core import audit, auditchain
default_storage.save("attachments/2026/12/letter.pdf", ContentFile(b"%PDF-1.4 personal"))
recordings = Path(settings.RECORDINGS_DIR)
recordings.mkdir(parents=True, exist_ok=True)
(recordings / "call-1.wav").write_bytes(b"RIFF")
audit.record("case.viewed", channel="console", why="test")
auditchain.seal()
top = Path(settings.DATA_DIR)
print(json.dumps({str(p.relative_to(top)): [p.is_dir(), os.stat(p).st_mode & 0o777]
                  for p in [top, *top.rglob("*")]}))
"""

WRITTEN = (
    "court12368.sqlite3",
    "court12368.sqlite3-wal",  # SQLite gives its WAL and shared memory the database file's mode
    "court12368.sqlite3-shm",
    "secret_key",
    "audit-anchors.log",
    "media/attachments/2026/12/letter.pdf",
    "ivr/recordings/call-1.wav",
)


def run_cli(*argv: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "court12368", *argv],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
        preexec_fn=lambda: os.umask(0o022),  # the login default the finding was made under
    )  # fmt: skip


def test_finding_10_a_fresh_data_dir_and_all_it_holds_are_owner_only(tmp_path):
    data = tmp_path / "data"
    # The SQLite file in the data dir, whatever database this run's own environment names.
    env = {k: v for k, v in os.environ.items() if k not in config.names("DATABASE_URL")}
    env.update(COURT12368_DATA_DIR=str(data), PYTHONPATH=str(ROOT / "src"))
    migrated = run_cli("manage", "migrate", "--noinput", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    listed = run_cli("manage", "shell", "-c", WRITE_AND_LIST, env=env)
    assert listed.returncode == 0, listed.stderr[-2000:]
    modes = json.loads(listed.stdout.strip().splitlines()[-1])
    for name in WRITTEN:
        assert name in modes, sorted(modes)
    wrong = {
        name: oct(mode) for name, (is_dir, mode) in modes.items() if mode != (0o700 if is_dir else 0o600)
    }
    assert not wrong, wrong


def test_finding_10_an_existing_data_dir_is_tightened_once_and_says_so(tmp_path, monkeypatch, caplog):
    old = tmp_path / "data"
    (old / "media" / "attachments").mkdir(parents=True)
    files = [
        old / "court12368.sqlite3",
        old / "court12368.sqlite3-wal",
        old / "media" / "attachments" / "a.pdf",
    ]
    for path in files:
        path.write_bytes(b"personal")
        path.chmod(0o644)
    for folder in (old, old / "media", old / "media" / "attachments"):
        folder.chmod(0o755)
    monkeypatch.setenv("COURT12368_DATA_DIR", str(old))
    with caplog.at_level(logging.WARNING, logger="court12368.datadir"):
        assert datadir.data_dir() == old
    assert "made owner-only" in caplog.text
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {"0o600"}
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in (old, old / "media")} == {"0o700"}
    caplog.clear()
    assert datadir.make_private(old) == 0 and not caplog.text  # once: a closed folder is not walked again


def test_finding_10_every_systemd_service_writes_owner_only():
    services = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
    assert services
    for unit in services:
        lines = [line.strip() for line in unit.read_text(encoding="utf-8").splitlines()]
        assert "UMask=0077" in lines, unit.name
