"""Asterisk FastAGI: a court running Asterisk points its dialplan at us, e.g.

    exten => 12368,1,AGI(agi://127.0.0.1:4573/京0105)     (or agi://127.0.0.1:4573/: the dialled number)
     same => n,GotoIf($["${COURT12368_NEXT}" = "agent"]?agents,s,1)

and this server drives the same voice-menu state machine over the AGI protocol: STREAM FILE to play,
GET DATA to play and collect keys, RECORD FILE for voicemail, SET VARIABLE to hand the call to the
dialplan's agent queue. Prompt audio is synthesised into the data dir, which Asterisk must be able to read.

FastAGI has no authentication: whoever connects can drive calls, key passwords into the shared case
verification and write calls and voicemail orders. So the server binds loopback by default
(`COURT12368_AGI_HOST`) and serves only connections from `COURT12368_AGI_ALLOWED` (see docs/ivr.md).
"""

import asyncio
import logging
import re
import urllib.parse
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from court12368.hotline import queue
from court12368.ivr import services
from court12368.ivr.chooser import Chooser
from court12368.ivr.machine import Ask, Hangup, Machine, Record, Say, Transfer
from court12368.ivr.networks import allowed_networks, is_allowed
from court12368.ivr.orm import db
from court12368.ivr.voice import Voice

log = logging.getLogger(__name__)
_RESULT = re.compile(r"^200 result=(-?\d*)")


class ChannelGone(Exception):
    """The caller hung up (Asterisk answered -1 or closed the connection)."""


class AgiSession:
    def __init__(self, reader, writer, voice: Voice, recordings: Path):
        self.reader, self.writer, self.voice, self.recordings = reader, writer, voice, recordings
        self.court = None
        self.caller, self.voicemail = "", ""
        self.env: dict[str, str] = {}

    async def read_env(self) -> None:
        while True:
            line = (await self.reader.readline()).decode("utf-8", "replace").rstrip("\n")
            if not line:
                return
            name, _sep, value = line.partition(":")
            self.env[name.strip()] = value.strip()

    async def command(self, text: str) -> str:
        self.writer.write((text + "\n").encode())
        await self.writer.drain()
        while True:
            raw = await self.reader.readline()
            if not raw:
                raise ChannelGone
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith("HANGUP"):  # AGISIGHUP notice: the answer to our command still follows
                continue
            match = _RESULT.match(line)
            if not match:
                raise ChannelGone if line.startswith("511") else ValueError(f"unexpected AGI answer {line!r}")
            if match.group(1) == "-1":
                raise ChannelGone
            return line

    async def audio_path(self, text: str, key: str = "") -> str:
        path = await db(self.voice.path)(self.court, text, key)
        return str(path.with_suffix(""))  # Asterisk adds the extension itself

    async def run(self) -> None:
        await self.read_env()
        code = urllib.parse.unquote(urllib.parse.urlparse(self.env.get("agi_request", "")).path.strip("/"))
        self.caller = caller = self.env.get("agi_callerid", "")
        rang_at = timezone.now()
        # agi://host/京0105 names the court; a bare agi://host/ takes it from the number dialled, and a
        # number that says no court (a line for many courts) lets the caller pick one (ivr/chooser.py).
        dialled = self.env.get("agi_dnid") or self.env.get("agi_extension", "")
        self.court = await db(_court)(code) if code else await db(services.court_for_line)(dialled)
        choices = [] if self.court or code else await db(services.court_choices)()
        if self.court is None and not choices:
            await self.command("HANGUP")
            return
        machine = await self.machine() if self.court else None
        try:
            await self.command("ANSWER")
            if self.court is None:
                chooser = Chooser(choices, caller=caller)
                await self.perform(chooser.start(), chooser)
                self.court = await db(services.court_by_id)(chooser.chosen) if chooser.chosen else None
                if self.court is None:  # hung up or never chose: no court to write the call down for
                    return
                machine = await self.machine()
            await self.perform(machine.start(), machine)
        except ChannelGone:
            if machine:
                machine.hangup()
        finally:
            if self.voicemail:
                await db(services.leave_voicemail)(
                    self.court, caller_number=caller, recording_ref=self.voicemail, rang_at=rang_at
                )
            elif machine:
                await db(services.record_self_service)(
                    self.court, caller_number=caller, rang_at=rang_at, log=machine.log
                )

    async def machine(self) -> Machine:
        court, caller = self.court, self.caller
        menu, open_now = await db(lambda: (services.menu_for(court), services.is_open(court)))()
        return Machine(
            menu,
            court.name,
            open_now,
            lambda password: services.case_status(court, password, caller_number=caller),
        )

    async def perform(self, actions: list, machine) -> None:
        """Carry out a state machine's actions (the menu's or the court chooser's) over AGI until none are
        left: each key or silence is the event that gives the next ones."""
        while actions:
            action, actions = actions[0], actions[1:]
            if isinstance(action, Say):
                await self.command(f'STREAM FILE {await self.audio_path(action.text, action.key)} ""')
            elif isinstance(action, Ask):
                timeout_ms = int(action.timeout * 1000)
                audio = await self.audio_path(action.text, action.key)
                line = await self.command(f"GET DATA {audio} {timeout_ms} {action.max_digits}")
                keys = _RESULT.match(line).group(1)
                # The keys may look a case up: the ORM runs in a thread.
                actions = (await db(machine.digits)(keys)) if keys else machine.timeout()
            elif isinstance(action, Record):
                target = self.recordings / f"vm-{uuid.uuid4().hex}"
                await self.command(
                    f'RECORD FILE {target} wav "{action.terminator}" {action.max_seconds * 1000} 0 BEEP'
                )
                self.voicemail = str(target.with_suffix(".wav"))
                actions = machine.recorded(self.voicemail)
            elif isinstance(action, Transfer):
                channel = self.env.get("agi_channel", "")
                await db(queue.enqueue)(self.court, caller_number=self.caller, channel_ref=channel)
                await self.command("SET VARIABLE COURT12368_NEXT agent")
            elif isinstance(action, Hangup):
                await self.command("HANGUP")


def _court(code: str):
    from court12368.courts.models import Court

    return Court.objects.filter(code=code, is_active=True).first()


async def serve(
    host: str | None = None,
    port: int = 4573,
    *,
    voice: Voice | None = None,
    recordings: Path | None = None,
    allowed=None,
):
    """``host`` defaults to `COURT12368_AGI_HOST` (loopback), ``allowed`` to `COURT12368_AGI_ALLOWED`."""
    networks = allowed_networks(
        settings.IVR_AGI_ALLOWED if allowed is None else allowed, setting="COURT12368_AGI_ALLOWED"
    )
    voice = voice or Voice()
    recordings = recordings or Path(settings.RECORDINGS_DIR)
    recordings.mkdir(parents=True, exist_ok=True)

    async def handle(reader, writer):
        if voice.problem:  # cannot speak: Asterisk's dialplan goes on without us (ivr/readiness.py)
            writer.close()
            return
        peer = (writer.get_extra_info("peername") or ("",))[0]
        if not is_allowed(peer, networks):
            log.warning("FastAGI connection from %s refused: not in COURT12368_AGI_ALLOWED", peer or "?")
            writer.close()
            return
        try:
            await AgiSession(reader, writer, voice, recordings).run()
        except Exception:  # one broken call must not take the server down
            log.exception("AGI session failed")
        finally:
            writer.close()

    return await asyncio.start_server(handle, host or settings.IVR_AGI_HOST, port)
