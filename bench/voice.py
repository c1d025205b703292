"""The voice line: delay from the caller's last key (#) to the first audio packet of the answer.

Run by hand, never in CI (needs espeak-ng):

    .venv/bin/python bench/voice.py --calls 20 --parallel 1 4

Starts the real ``court12368 ivr`` process (SIP on a free UDP port) on a fresh SQLite data dir with N
cases, then phones it with the scripted SIP phone from the tests: each call waits for the menu, keys 1
(cutting the menu short), keys the case's service password and #, and times # → the first RTP packet
that carries sound. Each case is new, so its status is synthesised by espeak-ng on the spot (cold);
a second round asks for the same cases again (the spoken status is cached: warm).
"""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from court12368 import config  # noqa: E402  (after the path above)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "court12368.settings")
os.environ["COURT12368_DATA_DIR"] = tempfile.mkdtemp(prefix="c12368-voice-")
for name in config.names("DATABASE_URL"):  # SQLite in the throw-away data dir
    os.environ.pop(name, None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from court12368.cases.services import issue_password  # noqa: E402
from court12368.demo.factories import CaseFactory, CourtFactory, PartyFactory  # noqa: E402
from tests.ivr.sipphone import Phone  # noqa: E402


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def one_call(port: int, password: str, caller: str) -> float:
    phone = Phone(("127.0.0.1", port), user=caller)
    await phone.open()
    try:
        assert await phone.dial() == 200
        await asyncio.sleep(15)  # the welcome (about 11 s, not interruptible), then into the menu prompt
        phone.key("1")  # cuts the menu short; the password prompt starts
        await asyncio.sleep(1.0)
        for key in password:  # the first key cuts the password prompt short
            phone.key(key)
            await asyncio.sleep(0.08)
        await asyncio.sleep(0.4)
        if phone.voice_at and phone.voice_at[-1] > time.monotonic() - 0.3:
            raise RuntimeError("the line is still talking: the measurement would be wrong")
        sent = phone.key("#")
        for _ in range(200):
            after = [at for at in phone.voice_at if at > sent]
            if after:
                return (after[0] - sent) * 1000
            await asyncio.sleep(0.005)
        raise RuntimeError("no answer within a second")
    finally:
        try:
            await phone.hang_up()
        finally:
            phone.close()


async def round_of(port, passwords, parallel):
    delays = []
    for start in range(0, len(passwords), parallel):
        batch = passwords[start : start + parallel]
        delays += await asyncio.gather(
            *(one_call(port, pw, f"1390000{start + n:04d}") for n, pw in enumerate(batch))
        )
    return delays


def report(label, delays):
    delays = sorted(delays)
    p95 = delays[max(0, int(len(delays) * 0.95) - 1)]
    print(
        f"{label:<28} n={len(delays):3d}  p50={statistics.median(delays):6.1f} ms  "
        f"p95={p95:6.1f} ms  max={delays[-1]:6.1f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--parallel", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    court = CourtFactory(code="京0105", name="北京市朝阳区人民法院")
    rounds = {}
    for parallel in args.parallel:
        rounds[parallel] = [
            issue_password(PartyFactory(case=CaseFactory(court=court))) for _ in range(args.calls)
        ]
    port = free_udp_port()
    env = {**os.environ, "COURT12368_SIP_PORT": str(port), "COURT12368_IVR_COURT": court.code}
    server = subprocess.Popen(
        [sys.executable, "-m", "court12368", "ivr", "--agi-port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        print(server.stdout.readline().strip(), flush=True)
        time.sleep(3)  # static prompts are synthesised in the background at start
        for parallel, passwords in rounds.items():
            report(f"cold, {parallel} call(s) at once", asyncio.run(round_of(port, passwords, parallel)))
            report(f"warm, {parallel} call(s) at once", asyncio.run(round_of(port, passwords, parallel)))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
