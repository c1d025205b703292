"""Staff's in-app notices (dispatch, urging, escalation, callers' messages): the list, the unread count in
the top bar, and marking them read.

The outbox (``notifications``) writes an in-app row per notice, delivered at once, and keeps the inbox
and its reads (``notifications.inbox``); it may not import this room, so the notices' page lives here.
A notice refers to its order through its idempotency key: every order's notice is told with the key
``order:<order pk>:…`` (``lifecycle.timeline.tell``, the sweeper), to which ``notify_staff`` appends
``:<recipient pk>:<channel>``. ``order_key_prefix`` and ``order_pk_of`` are that convention's one
reading; a notice keyed otherwise has no order and is marked read by hand.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from court12368.core import access
from court12368.notifications.inbox import inbox_of, mark_all_read, mark_read, mark_read_by_key, unread_count
from court12368.notifications.models import Notification, SmsEvent

PER_PAGE = 50
ORDER_KEY = "order"


# ---- the order a notice is about ----------------------------------------------------------------
def order_key_prefix(order_pk: int) -> str:
    # The trailing colon keeps order 1's notices apart from order 12's.
    return f"{ORDER_KEY}:{order_pk}:"


def order_pk_of(idempotency_key: str) -> int | None:
    kind, _sep, rest = idempotency_key.partition(":")
    pk = rest.partition(":")[0]
    return int(pk) if kind == ORDER_KEY and pk.isdigit() else None


# ---- reading ------------------------------------------------------------------------------------
def unread_notices(request) -> dict:
    """Context processor: the top bar's unread count. Lazy, so pages without the top bar (htmx partials,
    the portal) run no query; signed-in staff pay one indexed count."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notices": lambda: unread_count(user)}


def with_orders(user, notices) -> list[tuple[Notification, str, str]]:
    """Each notice with its event's name and the number of its order, where the user may still open it
    (an order transferred away is no longer theirs): one query for the page's orders."""
    pks = {pk for n in notices if (pk := order_pk_of(n.idempotency_key)) is not None}
    numbers = dict(
        access.restrict(user, "order.read").filter(pk__in=pks).values_list("pk", "number") if pks else ()
    )
    events = dict(SmsEvent.choices)
    return [
        (n, events.get(n.event, n.event), numbers.get(order_pk_of(n.idempotency_key), "")) for n in notices
    ]


# ---- marking read -------------------------------------------------------------------------------
def mark_order_read(user, order) -> int:
    """Opening an order reads its notices: one UPDATE of this user's unread notices about it."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return mark_read_by_key(user, order_key_prefix(order.pk))


# ---- pages --------------------------------------------------------------------------------------
@login_required
def notice_list(request):
    page = Paginator(inbox_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workorders/notices.html",
        {"page": page, "notices": with_orders(request.user, page.object_list)},
    )


@login_required
@require_POST
def notice_read(request, pk):
    """A notice clicked in the list: read, then its order (when the user may open it) or the list."""
    notice = mark_read(request.user, pk)
    _notice, _event, number = with_orders(request.user, [notice])[0]
    return redirect("order-detail", number=number) if number else redirect("order-notices")


@login_required
@require_POST
def notices_all_read(request):
    mark_all_read(request.user)
    return redirect("order-notices")
