"""A real SIP proxy for the tests: Debian's kamailio as the court's SBC in front of the line, on loopback.

It record-routes every call it relays to the line (so the line's own requests in the dialog, its BYE, come
back through it, as they must through a real SBC) and logs one line per request relayed, for the test to
read what passed.
"""

import asyncio
import glob
import shutil
import socket
from pathlib import Path

from tests.ivr.baresip import free_port

CONFIG = """#!KAMAILIO
debug=2
log_stderror=yes
fork=no
children=1
listen=udp:127.0.0.1:{port}
mpath="{modules}"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "maxfwd.so"
loadmodule "siputils.so"
loadmodule "textops.so"
loadmodule "pv.so"
loadmodule "xlog.so"

request_route {{
    if (!mf_process_maxfwd_header("10")) {{
        sl_send_reply("483", "Too Many Hops");
        exit;
    }}
    xlog("L_NOTICE", "relayed $rm from $si\\n");
    if (has_totag()) {{
        if (loose_route()) {{
            t_relay();
            exit;
        }}
        if (is_method("ACK")) {{
            if (t_check_trans()) {{
                t_relay();
            }}
            exit;
        }}
        sl_send_reply("404", "Not Here");
        exit;
    }}
    if (is_method("CANCEL")) {{
        if (t_check_trans()) {{
            t_relay();
        }}
        exit;
    }}
    record_route();
    $du = "sip:127.0.0.1:{line_port}";
    t_relay();
}}
"""


def available() -> str:
    if not shutil.which("kamailio"):
        return "kamailio is not installed (Debian package kamailio; scripts/test installs it as root)"
    return "" if modules() else "kamailio's modules were not found"


def modules() -> str:
    found = glob.glob("/usr/lib/*/kamailio/modules/tm.so") + glob.glob("/usr/lib/kamailio/modules/tm.so")
    return str(Path(found[0]).parent) if found else ""


class Kamailio:
    def __init__(self, home: Path, line_port: int):
        self.home, self.line_port, self.port = home, line_port, free_port(socket.SOCK_DGRAM)
        self.process = None

    async def start(self):
        self.home.mkdir(parents=True, exist_ok=True)
        config = self.home / "kamailio.cfg"
        config.write_text(CONFIG.format(port=self.port, modules=modules(), line_port=self.line_port))
        self.log_path = self.home / "kamailio.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = await asyncio.create_subprocess_exec(
            "kamailio", "-f", str(config), "-DD", "-E", "-m", "32", "-M", "8", "-Y", str(self.home),
            stdout=self.log, stderr=self.log, stdin=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            if self.process.returncode is not None or b"bad config" in self.log_path.read_bytes():
                raise RuntimeError(f"kamailio stopped: {self.log_path.read_text(errors='replace')[-2000:]}")
            if b"Listening on" in self.log_path.read_bytes():
                await asyncio.sleep(0.3)  # its worker is up just after it says where it listens
                return
            await asyncio.sleep(0.1)
        raise RuntimeError("kamailio did not start")

    def relayed(self) -> list[str]:
        """The methods relayed so far, in order."""
        return [
            line.split("relayed ", 1)[1].split()[0]
            for line in self.log_path.read_text(errors="replace").splitlines()
            if "relayed " in line
        ]

    async def stop(self):
        if self.process and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        self.log.close()
