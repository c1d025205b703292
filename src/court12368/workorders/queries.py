"""Reads about work orders, always scoped to what the user may see."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from court12368.core.access import restrict
from court12368.courts.models import Role
from court12368.workorders.lifecycle import TRANSITIONS, public
from court12368.workorders.models import (
    ACTIVE_STATES,
    WAITING_FOR_HANDLER,
    Light,
    OrderEntry,
    OrderState,
    WorkOrder,
)


def unreliable_deadline_count() -> int:
    return WorkOrder.objects.filter(deadline_reliable=False, state__in=ACTIVE_STATES).count()


def inbox(user) -> QuerySet[WorkOrder]:
    """What waits for this user to act on, most urgent first."""
    orders = restrict(user, "order.read")
    if user.role == Role.AGENT:
        # Their own, and requests from the portal or SMS that no agent has taken yet.
        return orders.filter(
            Q(state=OrderState.OPEN, on_the_spot=False, agent=user)
            | Q(state=OrderState.OPEN, on_the_spot=False, agent__isnull=True)
            | Q(state__in=[OrderState.REPLIED, OrderState.RESOLVED], agent=user)
        ).order_by("next_due_at", "created_at")
    if user.role == Role.LEADER:
        return (
            orders.filter(state__in=WAITING_FOR_HANDLER)
            .filter(Q(escalation_level__gte=1) | Q(handler=user) | Q(supervised=True))
            .order_by("-escalation_level", "reply_due")
        )
    return orders.filter(state__in=WAITING_FOR_HANDLER).order_by("reply_due", "created_at")


def overdue(user) -> QuerySet[WorkOrder]:
    return (
        restrict(user, "order.read")
        .filter(state__in=WAITING_FOR_HANDLER, light=Light.RED)
        .order_by("overdue_since")
    )


def callbacks_due(user) -> QuerySet[WorkOrder]:
    """Orders whose caller has been told the result and waits for the callback; procedural rights first."""
    return (
        restrict(user, "order.read")
        .filter(state=OrderState.INFORMED)
        .order_by("-touches_procedural_rights", "informed_at")
    )


def home_counts(user, *, now: dt.datetime | None = None) -> dict[str, int]:
    """The home page's three figures, one count query each: what waits for the user (their inbox), what
    of theirs is overdue, and what is still due before midnight (a deadline passed today is overdue)."""
    from django.utils import timezone

    now = now or timezone.now()
    midnight = dt.datetime.combine(timezone.localdate(now) + dt.timedelta(days=1), dt.time())
    waiting = restrict(user, "order.read").filter(state__in=WAITING_FOR_HANDLER)
    return {
        "to_do": inbox(user).count(),
        "overdue": overdue(user).count(),
        "due_today": waiting.filter(reply_due__gte=now, reply_due__lt=timezone.make_aware(midnight)).count(),
    }


# ---- what the person who filed a request may see -----------------------------------------------


def find_for_requester(number: str, phone: str) -> WorkOrder | None:
    """The order with this number, only if it was filed from this phone (the number alone proves nothing)."""
    from court12368.notifications.phones import same_mobile

    order = WorkOrder.objects.select_related("court", "department").filter(number=number.strip()).first()
    return order if order is not None and same_mobile(order.caller_phone, phone) else None


def by_short_code(code: str, phone: str, *, same_caller=None) -> WorkOrder | None:
    """The newest order with this short code filed from this phone: the six digits alone prove nothing.

    ``same_caller(stored, phone)`` says whether an order's caller is the sender: the same mobile by
    default; a channel whose senders are not phone numbers (WeChat) passes its own."""
    from court12368.notifications.phones import same_mobile

    same_caller = same_caller or same_mobile
    candidates = (
        WorkOrder.objects.filter(short_code=code).select_related("court").order_by("-created_at")[:20]
    )
    return next((o for o in candidates[:20] if same_caller(o.caller_phone, phone)), None)


def awaiting_rating(phone: str, *, now, days: int = 30, same_caller=None) -> list[WorkOrder]:
    """Orders whose result this phone was told in the last ``days`` days and which wait for a rating."""
    from court12368.notifications.phones import same_mobile

    same_caller = same_caller or same_mobile
    told = WorkOrder.objects.filter(state=OrderState.INFORMED, informed_at__gt=now - dt.timedelta(days=days))
    recent = told.exclude(caller_phone="").select_related("court").order_by("-informed_at")[:200]
    return [o for o in recent if same_caller(o.caller_phone, phone)]


def public_view(order: WorkOrder) -> dict:
    """Status, expected reply, result and history in the words a member of the public reads."""
    code, label = public.public_status(order)
    entries = list(order.entries.order_by("at", "pk"))
    result = next((e.text for e in reversed(entries) if e.action == OrderEntry.Action.INFORMED), "")
    history = [{"at": e.at, "what": PUBLIC_ACTIONS[e.action]} for e in entries if e.action in PUBLIC_ACTIONS]
    return {
        "number": order.number,
        "court": order.court.name,
        "kind": order.get_kind_display(),
        "kind_code": order.kind,
        "status": code,
        "state": order.state,
        "status_label": label,
        "created_at": order.created_at,
        "updated_at": entries[-1].at if entries else order.created_at,
        "expected_at": order.reply_due
        if order.state in (OrderState.DISPATCHED, OrderState.ACKNOWLEDGED)
        else None,
        "agency": order.department.name if order.department_id else order.court.name,
        "result": result.split("] ", 1)[-1] if result.startswith("[") else result,
        "can_rate": order.state in TRANSITIONS["rate"].sources,
        "satisfaction": order.get_satisfaction_display() if order.satisfaction else "",
        "overdue": public.is_overdue(order),
        "urged": public.is_urged(order),
        "reopened": order.reopened,
        "history": history,
    }


PUBLIC_ACTIONS = {
    OrderEntry.Action.CREATED: _("Request received"),
    OrderEntry.Action.DISPATCHED: _("Passed on to the department in charge"),
    OrderEntry.Action.TRANSFERRED: _("Passed on to the department in charge"),
    OrderEntry.Action.REPLIED: _("The department replied"),
    OrderEntry.Action.INFORMED: _("Result given to you"),
    OrderEntry.Action.CALLBACK: _("Your rating recorded"),
    OrderEntry.Action.REOPENED: _("Reopened to be handled again"),
    OrderEntry.Action.CALLER_MESSAGE: _("Your message added"),
    OrderEntry.Action.CLOSED: _("Closed"),
}
