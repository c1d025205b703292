"""SMS wording per court and event: built-in Chinese texts that administrators may override.

A template is plain text with ``{name}`` placeholders; only the names listed for its event are
allowed, so a typo is caught when the template is saved, not when an SMS goes out half-filled.
"""

from django.utils import timezone

from court12368.notifications.models import SmsSettings, SmsTemplate
from court12368.notifications.texts import _PLACEHOLDER, DEFAULTS, VARIABLES, allowed, check_template

__all__ = ["DEFAULTS", "VARIABLES", "allowed", "check_template", "render", "settings_for", "text_for"]


def settings_for(court) -> SmsSettings:
    if court is None:
        return SmsSettings()
    found = SmsSettings.objects.filter(court=court).first()
    return found or SmsSettings(court=court)


def signature_for(court) -> str:
    if court is None:
        return "【12368】"
    name = settings_for(court).signature or court.short_name or court.name
    return f"【{name}】"


def text_for(court, event: str) -> str:
    if court is not None:
        own = SmsTemplate.objects.filter(court=court, event=event).values_list("body", flat=True).first()
        if own:
            return own
    return DEFAULTS[event]


def render(court, event: str, **values) -> str:
    """The event's text for ``court`` with its variables filled; a variable not given renders empty."""
    context = {
        "signature": signature_for(court),
        "court": court.name if court else "",
        "hotline": court.hotline if court else "12368",
        **{k: _as_text(v) for k, v in values.items()},
    }
    return _PLACEHOLDER.sub(lambda m: context.get(m.group(1), ""), text_for(court, event)).strip()


def _as_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return f"{timezone.localtime(value):%m月%d日%H:%M}"
    return str(value)
