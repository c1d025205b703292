"""Why an order's pending deadline may still change, and how a holiday table moved it (the order page's
``workorders/_deadline_note.html``)."""

import datetime as dt

from django import template
from django.utils.translation import gettext_lazy as _

from court12368.courts.calendars import caveat_for_years
from court12368.workorders.models import OrderState

register = template.Library()

LABELS = {"dispatch_due": _("dispatch due"), "reply_due": _("reply due")}


@register.simple_tag
def deadline_caveat(order) -> str:
    """The reason the pending deadline rests on a year whose arrangement is not entered ("" if none)."""
    if order.deadline_reliable or not order.is_active:
        return ""
    step = "dispatch" if order.state == OrderState.OPEN else "reply"
    years = order.deadline_basis.get(step, {}).get("years") or []
    return caveat_for_years(range(min(years), max(years) + 1)) if years else ""


@register.simple_tag
def deadline_recomputed(order) -> dict | None:
    """When the deadlines were last computed again for a changed holiday table, and what moved."""
    recomputed = order.deadline_basis.get("recomputed")
    if not recomputed:
        return None
    changes = recomputed.get("changes", {})
    return {
        "at": dt.datetime.fromisoformat(recomputed["at"]),
        "years": "、".join(str(year) for year in recomputed.get("years", [])),
        "moves": [(label, *changes[name]) for name, label in LABELS.items() if name in changes],
    }
