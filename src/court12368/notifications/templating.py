"""SMS wording per court and event: built-in Chinese texts that administrators may override.

A template is plain text with ``{name}`` placeholders; only the names listed for its event are
allowed, so a typo is caught when the template is saved, not when an SMS goes out half-filled.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

from court12368.notifications.models import SmsSettings, SmsTemplate
from court12368.notifications.texts import _PLACEHOLDER, DEFAULTS, VARIABLES, allowed, check_template

__all__ = [
    "DEFAULTS",
    "VARIABLES",
    "allowed",
    "check_template",
    "remembered",
    "render",
    "settings_for",
    "text_for",
]
_memo: ContextVar[dict | None] = ContextVar("sms_wording", default=None)


@contextmanager
def remembered():
    """Within the block each court's SMS settings, templates and number are read once: a sweep round
    renders thousands of texts for a handful of courts."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _once(key: tuple, read: Callable):
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def settings_for(court) -> SmsSettings:
    if court is None:
        return SmsSettings()
    found = _once(("settings", court.pk), lambda: SmsSettings.objects.filter(court=court).first())
    return found or SmsSettings(court=court)


def signature_for(court) -> str:
    if court is None:
        return "【12368】"
    name = settings_for(court).signature or court.short_name or court.name
    return f"【{name}】"


def text_for(court, event: str) -> str:
    if court is not None:
        own = _once(("template", court.pk, event), lambda: _own_template(court, event))
        if own:
            return own
    return DEFAULTS[event]


def _own_template(court, event: str) -> str | None:
    return SmsTemplate.objects.filter(court=court, event=event).values_list("body", flat=True).first()


def render(court, event: str, **values) -> str:
    """The event's text for ``court`` with its variables filled; a variable not given renders empty."""
    context = {
        "signature": signature_for(court),
        "court": court.name if court else "",
        "hotline": _once(("hotline", court.pk), lambda: court.hotline) if court else "12368",
        **{k: _as_text(v) for k, v in values.items()},
    }
    return _PLACEHOLDER.sub(lambda m: context.get(m.group(1), ""), text_for(court, event)).strip()


def _as_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return f"{timezone.localtime(value):%m月%d日%H:%M}"
    return str(value)
