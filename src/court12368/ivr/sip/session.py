"""One SIP call driven through the voice-menu state machine: actions become audio, keys become events."""

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from court12368.hotline import queue
from court12368.ivr import services
from court12368.ivr.chooser import Chooser
from court12368.ivr.machine import PHRASES, Ask, Hangup, Machine, Record, Say, Transfer
from court12368.ivr.orm import db
from court12368.ivr.sip.bridge import Bridge, StereoRecording
from court12368.ivr.sip.rtp import MediaStream
from court12368.ivr.voice import Voice, beep

log = logging.getLogger(__name__)
BETWEEN_KEYS = 5.0  # seconds allowed between two keys of a password
TRANSFER_POLL = 0.5  # seconds between looks at whether the agent asked for a transfer on the console


@dataclass
class Line:
    """What the session may ask of the SIP dialog."""

    hang_up: Callable[[], Awaitable[None]]
    # Ring a member of staff's phone, given queue.staff_phone(); the answered call (a Dialog) or None.
    ring: Callable[[tuple[str, str, str]], Awaitable[object]]
    end: Callable[[object], Awaitable[None]]  # hang up a call the line placed


class CallSession:
    def __init__(
        self,
        *,
        court,
        caller: str,
        call_ref: str,
        line: Line,
        voice: Voice,
        media: MediaStream = None,
        chooser: Chooser | None = None,
    ):
        # court None: the number dialled said no court, and the caller picks one first (ivr/chooser.py)
        self.court, self.caller, self.call_ref, self.chooser = court, caller, call_ref, chooser
        self.media, self.line, self.voice = media, line, voice  # media: set once the RTP port is open
        self.keys: asyncio.Queue[str] = asyncio.Queue()
        self.barge_in = False
        self.voicemail: Path | None = None
        self.queued = None
        self.machine: Machine | None = None

    def on_key(self, key: str) -> None:
        if self.barge_in:
            self.media.stop()  # a key during a menu prompt cuts it short
        self.keys.put_nowait(key)

    async def run(self) -> None:
        rang_at = timezone.now()
        recordings = Path(settings.RECORDINGS_DIR)
        whole = recordings / f"call-{uuid.uuid4().hex}.wav" if settings.IVR_RECORD_CALLS else None
        if whole:
            self.media.record(whole)
        if self.court is None:
            try:
                self.court = await self.choose_court()
            finally:
                if self.court is None:  # hung up or never chose: no court to write the call down for
                    self.media.close()
                    if whole:
                        whole.unlink(missing_ok=True)
            if self.court is None:
                return
        menu, open_now = await db(lambda: (services.menu_for(self.court), services.is_open(self.court)))()
        self.machine = machine = Machine(
            menu,
            self.court.name,
            open_now,
            lambda password: services.case_status(self.court, password, caller_number=self.caller),
        )
        try:
            await self.perform(machine.start(), machine)
        except asyncio.CancelledError:
            machine.hangup()  # the caller hung up (BYE); the call is still written down below
            raise
        finally:
            self.media.close()
            await asyncio.shield(self._write_down(rang_at, whole))

    async def _write_down(self, rang_at, whole: Path | None) -> None:
        if self.queued is not None:
            await db(queue.abandon)(self.queued)  # no-op once an agent has answered
        if self.voicemail is not None and self.voicemail.exists():
            await db(services.leave_voicemail)(
                self.court, caller_number=self.caller, recording_ref=str(self.voicemail), rang_at=rang_at
            )
        else:
            await db(services.record_self_service)(
                self.court,
                caller_number=self.caller,
                rang_at=rang_at,
                log=self.machine.log if self.machine else [],
                recording_ref=str(whole) if whole else "",
            )

    async def choose_court(self):
        """The first menu of a line for many courts: the court the caller picks, or None."""
        await self.perform(self.chooser.start(), self.chooser)
        return await db(services.court_by_id)(self.chooser.chosen) if self.chooser.chosen else None

    async def perform(self, actions: list, machine) -> None:
        """Carry out a state machine's actions (the menu's, machine.py, or the court chooser's) until it has
        none left: each key or silence is the event that gives the next ones."""
        while actions:
            action, actions = actions[0], actions[1:]
            if isinstance(action, Say):
                await self.say(action.text, action.key)
            elif isinstance(action, Ask):
                keys = await self.ask(action)
                actions = (await db(machine.digits)(keys)) if keys else machine.timeout()
            elif isinstance(action, Record):
                self.voicemail = Path(settings.RECORDINGS_DIR) / f"vm-{uuid.uuid4().hex}.wav"
                await self.record(action, self.voicemail)
                actions = machine.recorded(str(self.voicemail))
            elif isinstance(action, Transfer):
                await self.wait_for_agent()
                actions = [Hangup()]
            elif isinstance(action, Hangup):
                await self.line.hang_up()

    # ---- actions ----------------------------------------------------------------------------
    async def say(self, text: str, key: str = "") -> None:
        pcm = await db(self.voice.pcm)(self.court, text or PHRASES[key], key)
        await self.media.play(pcm)

    async def ask(self, action: Ask) -> str:
        if self.keys.empty():  # keys typed ahead skip the prompt
            pcm = await db(self.voice.pcm)(self.court, action.text, action.key)
            self.barge_in = True
            try:
                await self.media.play(pcm)
            finally:
                self.barge_in = False
        typed = ""
        while len(typed) < action.max_digits:
            try:
                key = await asyncio.wait_for(self.keys.get(), action.timeout if not typed else BETWEEN_KEYS)
            except TimeoutError:
                break
            typed += key
            if action.terminator and key == action.terminator:
                break
        return typed

    async def record(self, action: Record, target: Path) -> None:
        await self.media.play(beep())
        while not self.keys.empty():  # keys pressed before the tone do not end the message
            self.keys.get_nowait()
        recorder = self.media.record(target)
        try:
            loop = asyncio.get_running_loop()
            ends_at = loop.time() + action.max_seconds
            while (left := ends_at - loop.time()) > 0:
                try:
                    if await asyncio.wait_for(self.keys.get(), left) == action.terminator:
                        break
                except TimeoutError:
                    break
        finally:
            self.media.stop_recording(recorder)

    async def wait_for_agent(self) -> None:
        """In the agents' queue until one answers on the console, the caller gives up, or the wait ends."""
        self.queued = await db(queue.enqueue)(
            self.court, caller_number=self.caller, channel_ref=self.call_ref
        )
        loop = asyncio.get_running_loop()
        ends_at = loop.time() + settings.IVR_QUEUE_MAX_WAIT
        hold = asyncio.ensure_future(self.say("", "queue"))
        try:
            while loop.time() < ends_at:
                await asyncio.sleep(0.5)
                queued = await db(queue.refreshed)(self.queued)
                if queued.answered_at:
                    hold.cancel()
                    await self._hand_over(queued)
                    return
                if hold.done():
                    await asyncio.sleep(3)
                    hold = asyncio.ensure_future(self.say("", "queue_again"))
            hold.cancel()
            await self.say("", "queue_timeout")
        finally:
            hold.cancel()
            self.media.stop()

    async def _hand_over(self, queued) -> None:
        """The agent answered on the console: the line rings their phone and puts the caller through,
        staying in the middle to record both sides; no phone answering means a call back instead."""
        self.media.stop()
        leg = await self.line.ring(await db(queue.staff_phone)(queued.agent))
        self.queued = None
        if leg is None:
            await self.say("", "callback")
            return
        await self.talk(queued, leg)

    async def talk(self, queued, leg) -> None:
        """Caller and staff talk through the bridge until either hangs up; the agent may have the caller
        put through to a judge from the console (queue.request_transfer), which this notices."""
        recording = None
        if settings.IVR_RECORD_CALLS:
            recording = StereoRecording(Path(settings.RECORDINGS_DIR) / f"talk-{uuid.uuid4().hex}.wav")
            await db(queue.attach_recording)(queued, str(recording.path))
        bridge = Bridge(self.media, recording)
        bridge.connect(leg.media)
        try:
            while not leg.over.is_set():
                try:
                    await asyncio.wait_for(leg.over.wait(), TRANSFER_POLL)
                except TimeoutError:
                    queued = await db(queue.refreshed)(queued)
                    if queued.transfer_to_id and not queued.transferred_at:
                        leg = await self._put_through(queued, bridge, leg)
        finally:
            bridge.close()
            if not leg.over.is_set():  # the caller hung up: so does the line, towards the staff
                await asyncio.shield(self.line.end(leg))

    async def _put_through(self, queued, bridge: Bridge, leg):
        judge = await self.line.ring(await db(queue.staff_phone)(queued.transfer_to))
        await db(queue.transfer_settled)(queued, answered=judge is not None)
        if judge is None:  # the agent keeps the caller and hears why
            pcm = await db(self.voice.pcm)(self.court, PHRASES["transfer_unanswered"], "transfer_unanswered")
            leg.media.play(pcm)
            return leg
        bridge.connect(judge.media)
        await self.line.end(leg)
        return judge
