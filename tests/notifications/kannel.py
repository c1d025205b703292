"""A real Kannel on loopback ports for the tests: bearerbox, smsbox, and fakesmsc as the phone network.

fakesmsc plays the operator's SMSC: every SMS Kannel sends arrives on its stdout ("Got message"),
and the messages it is started with are injected as if phones had sent them. Only one fakesmsc can
be connected at a time, so each phase of a test starts its own. Used by the outbox's tests (delivery
reports) and the SMS channel's (incoming SMS).
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

FAKESMSC = "/usr/lib/kannel/test/fakesmsc"


def available() -> str:
    """Why Kannel cannot run here, or '' when it can."""
    missing = [
        p for p in ("bearerbox", "smsbox") if not shutil.which(p, path=os.environ["PATH"] + ":/usr/sbin")
    ]
    if missing or not Path(FAKESMSC).exists():
        return (
            "Kannel is not installed (Debian packages kannel and kannel-extras; "
            "scripts/test installs them when run as root)"
        )
    return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    sender: str
    receiver: str
    text: str


def decode_fakesmsc(lines: list[str]) -> list[Received]:
    """fakesmsc's "Got message" lines → whole messages, concatenated parts joined (UCS-2 decoded)."""
    whole, pending = [], {}
    for line in lines:
        if "Got message" not in line or "<" not in line:
            continue
        body = line[line.index("<") + 1 : line.rindex(">")]
        sender, receiver, kind, rest = body.split(" ", 3)
        if kind == "text":
            whole.append(Received(sender, receiver, rest))
            continue
        if kind == "udh":
            udh_raw, _data_word, data_raw = rest.split(" ", 2)
            udh = urllib.parse.unquote_to_bytes(udh_raw)
            data = urllib.parse.unquote_to_bytes(data_raw)
            reference, total, index = udh[3], udh[4], udh[5]
            parts = pending.setdefault((sender, receiver, reference), {})
            parts[index] = data
            if len(parts) == total:
                joined = b"".join(parts[i] for i in sorted(parts))
                whole.append(Received(sender, receiver, joined.decode("utf-16-be")))
                del pending[(sender, receiver, reference)]
            continue
        data = urllib.parse.unquote_to_bytes(rest)
        try:
            text = data.decode("utf-16-be") if len(data) % 2 == 0 and not data.isascii() else data.decode()
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        whole.append(Received(sender, receiver, text))
    return whole


def running_kannel(tmp_path, live_server, settings):
    """The body of a ``kannel`` fixture: Kannel started, our settings pointed at it, stopped after."""
    inbound = f"{live_server.url}/sms/kannel/inbound/?secret={settings.SMS_INBOUND_SECRET}"
    gateway = Kannel(tmp_path, inbound_url=inbound)
    gateway.start()
    settings.SMS_TRANSPORT = "kannel"
    settings.KANNEL_SENDSMS_URL = gateway.sendsms_url
    settings.KANNEL_USERNAME, settings.KANNEL_PASSWORD = gateway.username, gateway.password
    settings.PUBLIC_URL = live_server.url
    # The worker's job done in-line, so the test sees each step as it happens.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield gateway
    gateway.stop()


def wait_for_status(pk: int, status: str, timeout: float = 20.0):
    from court12368.notifications.models import Notification

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = Notification.objects.get(pk=pk)
        if row.status == status:
            return row
        time.sleep(0.2)
    raise AssertionError(f"SMS {pk} is {row.status} ({row.last_error}), not {status}")


class Kannel:
    def __init__(self, workdir: Path, *, inbound_url: str):
        self.dir = workdir
        self.admin_port, self.box_port, self.smsc_port, self.sendsms_port = (free_port() for _ in range(4))
        self.username, self.password = "court12368", "kannel-test-secret"
        self.procs: list[subprocess.Popen] = []
        self.phone: subprocess.Popen | None = None
        self.phone_log: Path | None = None
        config = f"""
group = core
admin-port = {self.admin_port}
admin-password = admin
admin-allow-ip = "127.0.0.1"
smsbox-port = {self.box_port}
box-allow-ip = "127.0.0.1"
dlr-storage = internal
log-file = "{workdir}/bearerbox.log"
log-level = 1

group = smsc
smsc = fake
smsc-id = operator
port = {self.smsc_port}
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {self.box_port}
sendsms-port = {self.sendsms_port}
mo-recode = true
log-file = "{workdir}/smsbox.log"
log-level = 1

group = sendsms-user
username = {self.username}
password = {self.password}
max-messages = 10
concatenation = true

group = sms-service
keyword = default
catch-all = true
max-messages = 0
get-url = "{inbound_url}&from=%p&to=%P&text=%a&id=%I"
"""
        self.config = workdir / "kannel.conf"
        self.config.write_text(config)

    @property
    def sendsms_url(self) -> str:
        return f"http://127.0.0.1:{self.sendsms_port}/cgi-bin/sendsms"

    def start(self) -> None:
        self.procs.append(self._spawn("bearerbox", "bearerbox.out"))
        self._wait_port(self.box_port)
        self.procs.append(self._spawn("smsbox", "smsbox.out"))
        self._wait_port(self.sendsms_port)

    def _spawn(self, program: str, log: str) -> subprocess.Popen:
        path = shutil.which(program, path=os.environ["PATH"] + ":/usr/sbin")
        out = (self.dir / log).open("w")
        return subprocess.Popen([path, str(self.config)], stdout=out, stderr=subprocess.STDOUT, cwd=self.dir)

    def _wait_port(self, port: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"Kannel did not open port {port}; see {self.dir}")

    def connect_phone(self, *messages: str) -> None:
        """(Re)start fakesmsc; ``messages`` ("from to text ...") are sent as SMS from phones."""
        self.disconnect_phone()
        self.phone_log = self.dir / f"fakesmsc-{time.monotonic_ns()}.out"
        args = [FAKESMSC, "-H", "127.0.0.1", "-r", str(self.smsc_port), "-i", "0.5", "-m", str(len(messages))]
        self.phone = subprocess.Popen(
            [*args, *(messages or ["0 0 text unused"])],
            stdout=self.phone_log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def disconnect_phone(self) -> None:
        if self.phone:
            self.phone.terminate()
            self.phone.wait(10)
            self.phone = None

    def received(self) -> list[Received]:
        return (
            decode_fakesmsc(self.phone_log.read_text(errors="replace").splitlines()) if self.phone_log else []
        )

    def wait_for(self, predicate, timeout: float = 20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.received() if predicate(m)]
            if found:
                return found
            time.sleep(0.2)
        raise AssertionError(f"no matching SMS reached fakesmsc; it got {self.received()!r}")

    def stop(self) -> None:
        self.disconnect_phone()
        for proc in reversed(self.procs):
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
