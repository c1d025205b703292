"""Voicemail transcripts by an offline speech recogniser (optional, pluggable), and the request type they
suggest.

``COURT12368_IVR_TRANSCRIBER``: ``auto`` (the default) is the built-in Whisper base (``ivr/whisper.py``)
when the ``transcripts`` extra is installed, else none; ``off`` or empty is none; anything else is the
dotted path of a class whose ``transcribe(path) -> str`` turns an 8 kHz WAV into Chinese text. The
transcript is made by the task worker after the voicemail's order exists, so a slow recogniser never holds
up the call; without a recogniser the agent listens to the recording, as before.

The transcript is a machine draft: it goes on the call and the order marked as such, with the request
classifier's suggested type and the route the court's rules give it. The agent listens, then confirms or
changes the type on the order page (``workorders.lifecycle.intake.confirm_type``); nothing is dispatched
on the machine's word.
"""

import logging
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string

from court12368.core import audit
from court12368.core.tasks import task
from court12368.hotline.models import Call
from court12368.ivr import whisper
from court12368.knowledge import classifier
from court12368.workorders.lifecycle import intake
from court12368.workorders.models import OrderKind, SubKind
from court12368.workorders.rules import find_route

log = logging.getLogger(__name__)
MAX_CHARS = 2000
BUILT_IN = "court12368.ivr.whisper.WhisperTranscriber"
DRAFT_MARK = "留言转写（自动识别，仅供参考）"


class Transcriber(Protocol):
    def transcribe(self, path: Path) -> str: ...


def configured() -> str:
    """The recogniser's dotted path as the setting means it, or "" for none."""
    value = (settings.IVR_TRANSCRIBER or "").strip()
    if value.lower() in ("", "off", "none"):
        return ""
    if value.lower() == "auto":
        return BUILT_IN if whisper.available() else ""
    return value


def current() -> Transcriber | None:
    path = configured()
    return import_string(path)() if path else None


def schedule(call: Call) -> None:
    if configured():
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
    """A recogniser's transcript of a voicemail, marked as a machine draft, on the call and its order,
    with the classifier's suggested type and the route the court's rules give that type, for the agent
    to confirm."""
    guess = classifier.current().suggest(text)
    line = f"\n{DRAFT_MARK}：{text}\n{suggestion_line(call, guess)}"
    Call.objects.filter(pk=call.pk).update(
        content=call.content + line,
        suggested_kind=guess.type,
        suggested_sub_kind=guess.sub_kind,
        suggested_confidence=round(guess.confidence, 3),
    )
    if call.work_order_id:
        intake.append_to_summary(call.work_order, line)
    audit.record(
        "ivr.voicemail_transcribed",
        channel="ivr",
        subject=call,
        chars=len(text),
        suggested=f"{guess.type}/{guess.sub_kind}",
        confidence=round(guess.confidence, 3),
        method=guess.method,
    )


def suggestion_line(call: Call, guess: classifier.Suggestion) -> str:
    """建议类型（自动识别，请座席确认）：诉讼咨询（置信度0.62）；按规则转办：立案庭 — in the order's own
    words (Chinese, like the rest of its summary, whatever language the worker runs in)."""
    with translation.override("zh-hans"):
        label = str(OrderKind(guess.type).label)
        if guess.sub_kind:
            label += f" · {SubKind(guess.sub_kind).label}"
        sure = f"置信度{guess.confidence:.2f}" + ("" if guess.confident else "，请人工判断")
        route = find_route(call.court, guess.type, guess.sub_kind, call.case)
        where = "无适用规则，由座席选择承办人"
        if route is not None:
            where = route.rule.name + (f"（{route.department.name}）" if route.department else "")
    return f"建议类型（自动识别，请座席确认）：{label}（{sure}）；按规则转办：{where}"
