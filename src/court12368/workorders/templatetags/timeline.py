"""The order timeline's entry text as people read it (``workorders/detail.html``)."""

import re

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Entries keep the channel or method that brought or carried a message as its code ("[sms] 已收到"); the
# page shows its name. The names are the channels' own (hotline.models.Channel), which this layer may not
# import.
CHANNELS = {
    "phone": _("Phone"),
    "voicemail": _("Voicemail"),
    "sms": _("SMS"),
    "web": _("Web portal"),
    "wechat": _("WeChat"),
    "app": _("Mobile app"),
    "window": _("Service window"),
}
_PREFIX = re.compile(r"^\[([a-z]+)\] ")


@register.filter
def entry_text(text: str) -> str:
    """The text with a leading "[sms] " shown as "【短信】"."""
    match = _PREFIX.match(text or "")
    if not match or match.group(1) not in CHANNELS:
        return text
    return f"【{CHANNELS[match.group(1)]}】{text[match.end() :]}"
