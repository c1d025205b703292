"""The caller's full number, for those who must call back: the court's agents (and administrators), who
follow the order up, and whoever handles it. Everyone else, and every list and log, sees it masked;
each reveal is audited."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from court12368.core import access, audit


def may_call_back(user, order) -> bool:
    return bool(order.caller_phone) and (
        access.permits(user, "order.follow_up", order) or access.permits(user, "order.handle", order)
    )


@login_required
@require_POST
def reveal(request, number):
    """The number, in a fragment that replaces the masked one (htmx) or as a small page without it."""
    order = access.get_or_404(request.user, "order.read", number=number)
    if not may_call_back(request.user, order):
        raise PermissionDenied
    audit.record(
        "caller_number_revealed", channel="console", actor=request.user, subject=order,
        ip=audit.client_ip(request),
    )  # fmt: skip
    response = render(request, "workorders/_caller_number.html", {"order": order, "revealed": True})
    response["Cache-Control"] = "no-store"
    return response
