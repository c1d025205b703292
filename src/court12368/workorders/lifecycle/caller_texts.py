"""What the caller is told by SMS as their order moves on (洛阳中院一号通办服务工作规范 art. 5(3)–(4)):
its number and short code when a call becomes an order, and the department it went to when it is
forwarded (the department, never the person). Queued through the outbox, so the court's templates,
quiet hours, rate limits and opt-outs apply; a number that is not a mobile gets nothing and the
timeline says so."""

import logging

from django.utils.translation import gettext as _

from court12368.core.privacy import mask_phone
from court12368.courts.models import Role
from court12368.notifications.models import SmsEvent
from court12368.notifications.phones import InvalidPhone, normalize_mobile
from court12368.notifications.services import notify_phone
from court12368.workorders import messages
from court12368.workorders.models import SubKind, WorkOrder

log = logging.getLogger(__name__)


def wants_telling(order: WorkOrder) -> bool:
    """An abusive or harassing call (义乌法院工单办理办法 art. 4(7)) is a report about the caller, not a
    request of theirs: they are not texted about it."""
    return order.sub_kind != SubKind.ABUSIVE


def caller_mobile(order: WorkOrder) -> str | None:
    """The caller's mobile, or None when the number (a landline, none, withheld) cannot take an SMS."""
    try:
        return normalize_mobile(order.caller_phone)
    except InvalidPhone:
        log.info("order %s: caller %s is not a mobile; not texted", order.pk, mask_phone(order.caller_phone))
        return None


# A WeChat follower's stand-in number starts so (wechat.services.caller_id); no telephone number does.
WECHAT_CALLER = "wx"


def not_texted_note(order: WorkOrder) -> str:
    """For the timeline, so the agent knows how the caller learns of it."""
    if order.caller_phone.startswith(WECHAT_CALLER):
        return _("(The caller wrote on WeChat and follows it there by sending 进度 and the short code.)")
    return _("(The caller has no mobile number and was not told by SMS; tell them by phone.)")


def tell_registered(order: WorkOrder, mobile: str) -> None:
    _tell(order, mobile, SmsEvent.CALL_REGISTERED, key=f"order:{order.pk}:registered")


def tell_forwarded(order: WorkOrder, mobile: str) -> None:
    """One SMS per hand-over (the key holds the order's cycle); whether a hand-over is worth telling is
    the caller's (handling.hand_over) to decide."""
    key = f"order:{order.pk}:{order.cycle}:forwarded"
    _tell(order, mobile, SmsEvent.FORWARDED, key=key, department=forwarded_to(order))


def tell_forwarded_to_court(order: WorkOrder, mobile: str, court) -> None:
    """The order went to another court's line (lifecycle/forwarding.py): the caller is told which court;
    the new order's own number follows from that court."""
    key = f"order:{order.pk}:forwarded-to:{court.pk}"
    _tell(order, mobile, SmsEvent.FORWARDED, key=key, department=court.name)


def forwarded_to(order: WorkOrder) -> str:
    """Whom the caller is told it went to: the department's name; without one, what the handler is,
    never who."""
    if order.department is not None:
        return order.department.name
    if order.handler is not None and order.handler.role == Role.LEADER:
        return _("the court's leaders")
    return _("the competent department")


def _tell(order: WorkOrder, mobile: str, event: str, *, key: str, **values) -> None:
    body = messages.render_for_order(order, event, **values)
    notify_phone(mobile, event=event, body=body, key=key, court=order.court)
