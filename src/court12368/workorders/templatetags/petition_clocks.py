"""The petition clocks of an order, for the order page and the ledger (workorders/lifecycle/petitions.py)."""

from django import template

from court12368.core import access
from court12368.workorders.lifecycle import petitions
from court12368.workorders.models import PetitionTrack

register = template.Library()


@register.simple_tag
def petition_clocks(order) -> list[petitions.ClockLine]:
    try:
        return petitions.clocks(order.petition)
    except PetitionTrack.DoesNotExist:
        return []


@register.simple_tag
def petition_running_clock(order) -> petitions.ClockLine | None:
    try:
        return petitions.running_clock(order.petition)
    except PetitionTrack.DoesNotExist:
        return None


@register.simple_tag
def may_record_petition_steps(order, user) -> bool:
    """The handler decides and answers; the line may also record what the petitioner asked."""
    return access.permits(user, "order.handle", order) or access.permits(user, "order.follow_up", order)
