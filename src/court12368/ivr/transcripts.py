"""Voicemail transcripts, where the court has an offline speech recogniser (optional, pluggable).

Set ``COURT12368_IVR_TRANSCRIBER`` to the dotted path of a class whose ``transcribe(path) -> str`` turns an
8 kHz WAV into Chinese text (for example a wrapper around a locally installed Vosk or Whisper model). The
transcript is made by the task worker after the voicemail's order exists, so a slow recogniser never holds
up the call; without a recogniser the agent listens to the recording, as before.
"""

import logging
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from court12368.core import audit
from court12368.core.tasks import task
from court12368.hotline.models import Call
from court12368.workorders.lifecycle import intake

log = logging.getLogger(__name__)
MAX_CHARS = 2000


class Transcriber(Protocol):
    def transcribe(self, path: Path) -> str: ...


def current() -> Transcriber | None:
    return import_string(settings.IVR_TRANSCRIBER)() if settings.IVR_TRANSCRIBER else None


def schedule(call: Call) -> None:
    if settings.IVR_TRANSCRIBER:
        transaction.on_commit(lambda: transcribe_voicemail.enqueue(call.pk))


@task()
def transcribe_voicemail(call_id: int) -> str:
    call = Call.objects.select_related("work_order").get(pk=call_id)
    recogniser = current()
    if recogniser is None or not call.recording_ref:
        return "no recogniser"
    try:
        text = recogniser.transcribe(Path(call.recording_ref)).strip()[:MAX_CHARS]
    except Exception:  # a recogniser's failure leaves the recording for the agent, as without one
        log.exception("voicemail %s could not be transcribed", call_id)
        return "failed"
    if text:
        attach_transcript(call, text)
    return "done"


@transaction.atomic
def attach_transcript(call: Call, text: str) -> None:
    """A recogniser's transcript of a voicemail, marked as automatic, on the call and its order."""
    line = f"\n留言转写（自动识别，仅供参考）：{text}"
    Call.objects.filter(pk=call.pk).update(content=call.content + line)
    if call.work_order_id:
        intake.append_to_summary(call.work_order, line)
    audit.record("ivr.voicemail_transcribed", channel="ivr", subject=call, chars=len(text))
