"""scripts/find-python, which scripts/serve and scripts/test build .venv with: the newest Python 3.11 to
3.13 on PATH (or $PYTHON), refused below 3.11. Run against stub interpreters on a PATH of their own;
also the import that Python 3.13 lost, and the Redis extra's message."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FINDER = Path(__file__).resolve().parents[2] / "scripts" / "find-python"
BASH = shutil.which("bash") or "/bin/bash"


def stub(directory: Path, name: str, says: str | None, status: int = 0) -> Path:
    """An executable ``name`` that answers ``--version`` with ``says`` (and exits with ``status``)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(f"#!/bin/sh\n{f'echo {says!r}' if says else ''}\nexit {status}\n")
    path.chmod(0o755)
    return path


def find(path: Path, *args: str, python: str | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": str(path)} | ({"PYTHON": python} if python else {})
    return subprocess.run([BASH, str(FINDER), *args], env=env, capture_output=True, text=True, timeout=30)


def test_takes_the_newest_python_on_path(tmp_path):
    bin_ = tmp_path / "bin"
    stub(bin_, "python3", "Python 3.11.2")
    stub(bin_, "python3.12", "Python 3.12.3")
    newest = stub(bin_, "python3.13", "Python 3.13.1")
    run = find(bin_)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(newest)
    assert run.stderr.strip() == f"using Python 3.13.1 at {newest}"


def test_skips_a_name_that_does_not_run(tmp_path):
    # A pyenv shim for a version not selected is on PATH but fails.
    bin_ = tmp_path / "bin"
    stub(bin_, "python3.13", "pyenv: python3.13: command not found", status=127)
    chosen = stub(bin_, "python3.12", "Python 3.12.3")
    assert find(bin_).stdout.strip() == str(chosen)


def test_plain_python3_when_it_is_new_enough(tmp_path):
    bin_ = tmp_path / "bin"
    python3 = stub(bin_, "python3", "Python 3.14.0")
    run = find(bin_)
    assert run.stdout.strip() == str(python3)
    assert "using Python 3.14.0" in run.stderr


@pytest.mark.parametrize("version", ["Python 3.10.12", "Python 2.7.18", None])
def test_refuses_when_nothing_is_3_11_or_later(tmp_path, version):
    bin_ = tmp_path / "bin"
    stub(bin_, "python3", version)
    run = find(bin_)
    assert run.returncode == 1
    assert run.stdout == ""
    assert "court12368 needs Python 3.11 or later" in run.stderr
    assert f"{bin_}/python3: {version or 'does not run'}" in run.stderr
    assert "PYTHON=" in run.stderr


def test_refuses_on_an_empty_path(tmp_path):
    (tmp_path / "bin").mkdir()
    run = find(tmp_path / "bin")
    assert run.returncode == 1
    assert "none of python3.13, python3.12, python3.11, python3 on PATH" in run.stderr


def test_python_variable_wins_and_is_checked(tmp_path):
    bin_ = tmp_path / "bin"
    stub(bin_, "python3.13", "Python 3.13.1")
    chosen = stub(tmp_path / "elsewhere", "python", "Python 3.12.3")
    assert find(bin_, python=str(chosen)).stdout.strip() == str(chosen)
    assert find(bin_, python="python3.13").stdout.strip() == str(bin_ / "python3.13")

    old = stub(tmp_path / "elsewhere", "python3.9", "Python 3.9.2")
    run = find(bin_, python=str(old))
    assert run.returncode == 1  # no quiet fallback to the 3.13 on PATH
    assert f"PYTHON={old} is not one (Python 3.9.2)" in run.stderr
    assert "is not there" in find(bin_, python=str(tmp_path / "missing")).stderr


def test_keeps_a_venv_built_with_another_python(tmp_path):
    bin_ = tmp_path / "bin"
    found = stub(bin_, "python3.13", "Python 3.13.1")
    venv = tmp_path / ".venv"
    stub(venv / "bin", "python", "Python 3.11.7")
    run = find(bin_, str(venv))
    assert run.returncode == 0
    assert run.stdout.strip() == str(found)
    assert f"but {venv} was built with Python 3.11.7: keeping {venv} as it is" in run.stderr
    assert (venv / "bin" / "python").exists()

    stub(venv / "bin", "python", "Python 3.13.1")
    assert find(bin_, str(venv)).stderr.strip() == f"using Python 3.13.1 at {found} ({venv})"

    stub(venv / "bin", "python", "Python 3.9.2")
    run = find(bin_, str(venv))
    assert run.returncode == 1
    assert f"{venv} was built with Python 3.9.2; delete {venv}" in run.stderr


@pytest.mark.filterwarnings("ignore:'audioop' is deprecated:DeprecationWarning")
def test_audioop_imports_on_this_python():
    # The stdlib module up to 3.12; the audioop-lts port (a 3.13+ dependency) provides the same name.
    import audioop

    assert audioop.ulaw2lin(audioop.lin2ulaw(b"\x00\x10", 2), 2) != b""


def test_redis_url_without_the_client_names_the_extra(tmp_path):
    code = "import sys; sys.modules['redis'] = None; import court12368.settings"
    env = os.environ | {
        "COURT12368_REDIS_URL": "redis://127.0.0.1:6379/0",
        "COURT12368_DATA_DIR": str(tmp_path),
    }
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "pip install 'court12368[redis]'" in run.stderr
