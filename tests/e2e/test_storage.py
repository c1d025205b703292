"""A full disk, and a data dir turned read-only: the user is told plainly that nothing was saved (503),
nothing is half-written, the SQLite database stays whole, and once there is room (or the mount is writable)
again work goes on."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from court12368 import config
from tests.e2e.server import on_database
from tests.e2e.test_faults import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture
def small_disk():
    if config.read_secret("DATABASE_URL"):
        pytest.skip("runs on the SQLite leg, where the data dir holds the database")
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = Path(tempfile.mkdtemp(prefix="c12368-disk-"))
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)]).returncode:
        shutil.rmtree(mount)
        pytest.skip("this machine does not allow mounting a tmpfs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)])
    shutil.rmtree(mount, ignore_errors=True)


def test_a_full_disk_or_a_read_only_data_dir_loses_nothing_and_says_so(small_disk):
    env = {**os.environ, "COURT12368_DATA_DIR": str(small_disk / "data"), "PYTHONPATH": str(ROOT)}
    on_database(env, None)
    probe = subprocess.run(
        [sys.executable, "-m", "tests.e2e.storage_probe", str(small_disk)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr[-3000:]
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    assert seen["before"]["status"] == 302 and seen["before"]["calls"] == 1
    assert seen["full"]["status"] == 503, seen["full"]
    assert "存储空间已满或只读" in seen["full"]["body"] and seen["full"]["calls"] == 1  # nothing half-saved
    assert seen["after"]["status"] == 302 and seen["after"]["calls"] == 2
    assert seen["read_only"]["status"] == 503, seen["read_only"]
    assert "存储空间已满或只读" in seen["read_only"]["body"] and seen["read_only"]["calls"] == 2
    assert seen["writable"]["status"] == 302 and seen["writable"]["calls"] == 3
    assert seen["integrity"] == "ok"
