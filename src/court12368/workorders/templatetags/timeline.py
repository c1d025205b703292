"""The order timeline's entry text as people read it (``workorders/detail.html``)."""

import re

from django import template

from court12368.core.channels import Channel

register = template.Library()

# Entries keep the channel or method that brought or carried a message as its code ("[sms] 已收到"); the
# page shows its name.
_PREFIX = re.compile(r"^\[([a-z]+)\] ")


@register.filter
def entry_text(text: str) -> str:
    """The text with a leading "[sms] " shown as "【短信】"."""
    match = _PREFIX.match(text or "")
    if not match or match.group(1) not in Channel.values:
        return text
    return f"【{Channel(match.group(1)).label}】{text[match.end() :]}"
