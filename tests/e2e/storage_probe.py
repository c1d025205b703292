"""Run by test_storage.py in its own process, with the data dir on a small tmpfs: log a call with the disk
full, then with room again, then with the mount made read-only, then writable again; print what happened
as JSON."""

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "court12368.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402

from court12368.courts.models import Staff  # noqa: E402
from court12368.hotline.models import Call  # noqa: E402
from tests.e2e import fault_load  # noqa: E402

CALL = {"caller_number": "13912345678", "channel": "phone", "kind": "consultation", "content": "询问立案材料",
        "answer": "带起诉状", "on_the_spot": "on"}  # fmt: skip


def log_call(client) -> dict:
    response = client.post("/console/", CALL, HTTP_HOST="127.0.0.1")
    connections.close_all()  # no file of the data dir left open: a remount needs that
    gc.collect()  # nor one a failed connect left behind
    return {"status": response.status_code, "body": response.content.decode()[:300]}


def calls() -> int:
    count = Call.objects.count()
    connections.close_all()
    return count


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    # Unbuffered: with a buffer, the bytes left in it when the disk fills fail again on close.
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def remount(mount: Path, mode: str) -> None:
    """What an operator's fsck-on-error or a failing disk does: the data dir's file system turns read-only
    between two requests (when no file of it is open, which a remount needs)."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount)], check=True)


def main(mount: Path) -> None:
    fault_load.setup()
    client = Client(raise_request_exception=False)  # as a browser: the response, not the traceback
    client.force_login(Staff.objects.get(username="agent1"))
    seen = {"before": {**log_call(client), "calls": calls()}}
    filler = fill(mount)
    seen["full"] = log_call(client)
    filler.unlink()
    seen["full"]["calls"] = calls()  # counted once there is room: a new SQLite connection needs some
    seen["after"] = {**log_call(client), "calls": calls()}
    remount(mount, "ro")
    seen["read_only"] = log_call(client)
    remount(mount, "rw")
    seen["read_only"]["calls"] = calls()
    seen["writable"] = {**log_call(client), "calls": calls()}
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        seen["integrity"] = cursor.fetchone()[0]
    print(json.dumps(seen, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
