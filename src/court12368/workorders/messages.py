"""Texts of the work-order notifications, from the court's SMS templates (Chinese by default)."""

from court12368.notifications.models import SmsEvent
from court12368.notifications.templating import render


def render_for_order(order, event: str, **values) -> str:
    """The court's template for ``event`` filled in with the order's number, kind and short code."""
    return render(
        order.court,
        event,
        order_number=order.number,
        order_kind=order.get_kind_display(),
        short_code=order.short_code,
        **values,
    )


def dispatched(order) -> str:
    return render_for_order(
        order, SmsEvent.DISPATCH, reply_due=order.reply_due, handler=order.handler or order.department
    )


def dispatch_overdue(order) -> str:
    return render_for_order(order, SmsEvent.DISPATCH_OVERDUE, dispatch_due=order.dispatch_due)


def warning(order) -> str:
    return render_for_order(order, SmsEvent.WARN, reply_due=order.reply_due)


def overdue(order) -> str:
    return render_for_order(order, SmsEvent.OVERDUE, reply_due=order.reply_due)


def urge(order, level: int) -> str:
    return render_for_order(order, SmsEvent.URGE, handler=order.handler or order.department, level=level)


def repeat_call(order) -> str:
    return render_for_order(order, SmsEvent.REPEAT_CALL, repeat_calls=order.repeat_calls)


def replied(order) -> str:
    return render_for_order(order, SmsEvent.REPLIED)


def returned(order, reason: str) -> str:
    return render_for_order(order, SmsEvent.RETURNED, reason=reason)


def caller_message(order, text: str) -> str:
    return render_for_order(order, SmsEvent.CALLER_MESSAGE, text=text)


def result_for_caller(order, text: str) -> str:
    return render_for_order(order, SmsEvent.RESULT, text=text)


def callback_request(order) -> str:
    return render_for_order(order, SmsEvent.CALLBACK_REQUEST)
