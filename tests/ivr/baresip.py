"""A real SIP phone for the tests: Debian's baresip, headless, on loopback.

It sends what the caller says from a WAV file (aufile), records what it hears (sndfile writes
``dump-…-dec.wav``), and is driven over ctrl_tcp: JSON commands (dial, sndcode, hangup) and events
(CALL_ESTABLISHED, CALL_CLOSED) as netstrings.
"""

import asyncio
import json
import shutil
import socket
from pathlib import Path


def available() -> str:
    return (
        ""
        if shutil.which("baresip")
        else "baresip is not installed (Debian package baresip; scripts/test installs it as root)"
    )


def free_port(kind=socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Baresip:
    def __init__(self, home: Path, speech: Path, user: str = "13800001234", account: str = ""):
        """``account``: baresip's account line (a softphone registering with a password, answering by
        itself); by default an unregistered caller."""
        self.home, self.speech, self.user = home, speech, user
        self.account = account or f"<sip:{user}@127.0.0.1>;regint=0"
        self.ctrl_port = free_port()
        self.events: list[dict] = []
        self.process = None

    async def start(self):
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "heard").mkdir(exist_ok=True)
        (self.home / "config").write_text(
            "\n".join(
                [
                    f"sip_listen 127.0.0.1:{free_port(socket.SOCK_DGRAM)}",
                    "audio_player aubridge,nil",
                    "audio_alert aubridge,nil",
                    f"audio_source aufile,{self.speech}",
                    "module_path /usr/lib/baresip/modules",
                    "module g711.so",
                    "module aufile.so",
                    "module aubridge.so",
                    "module sndfile.so",
                    "module ctrl_tcp.so",
                    "module_app account.so",
                    "module_app menu.so",
                    f"ctrl_tcp_listen 127.0.0.1:{self.ctrl_port}",
                    f"snd_path {self.home / 'heard'}",
                ]
            )
            + "\n"
        )
        (self.home / "accounts").write_text(self.account + "\n")
        self.log = open(self.home / "baresip.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = await asyncio.create_subprocess_exec(
            "baresip",
            "-f",
            str(self.home),
            stdout=self.log,
            stderr=self.log,
            stdin=asyncio.subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.ctrl_port)
                break
            except OSError:
                await asyncio.sleep(0.1)
        else:
            raise RuntimeError("baresip did not open its control port")
        self.listener = asyncio.ensure_future(self._listen())

    async def _listen(self):
        buffer = b""
        while True:
            chunk = await self.reader.read(65536)
            if not chunk:
                return
            buffer += chunk
            while b":" in buffer:
                length, _colon, rest = buffer.partition(b":")
                if len(rest) < int(length) + 1:
                    break
                self.events.append(json.loads(rest[: int(length)]))
                buffer = rest[int(length) + 1 :]

    def command(self, name: str, params: str = ""):
        data = json.dumps({"command": name, "params": params, "token": name}).encode()
        self.writer.write(str(len(data)).encode() + b":" + data + b",")

    async def keys(self, keys: str, gap: float = 0.25):
        for key in keys:
            self.command("sndcode", key)
            await asyncio.sleep(gap)

    async def event(self, kind: str, timeout: float = 60.0) -> dict:
        for _ in range(int(timeout / 0.05)):
            found = next((e for e in self.events if e.get("type") == kind), None)
            if found:
                return found
            await asyncio.sleep(0.05)
        raise AssertionError(f"baresip never reported {kind}; events: {[e.get('type') for e in self.events]}")

    def heard(self) -> Path:
        return next((self.home / "heard").glob("dump-*-dec.wav"))

    async def stop(self):
        if self.process and self.process.returncode is None:
            self.command("quit")
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        self.listener.cancel()
        self.log.close()
