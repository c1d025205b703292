"""Texts of the work-order notifications, from the court's SMS templates (Chinese by default)."""

from court12368.notifications.models import SmsEvent
from court12368.notifications.templating import render


def _render(order, event: str, **values) -> str:
    return render(
        order.court,
        event,
        order_number=order.number,
        order_kind=order.get_kind_display(),
        short_code=order.short_code,
        **values,
    )


def dispatched(order) -> str:
    return _render(
        order, SmsEvent.DISPATCH, reply_due=order.reply_due, handler=order.handler or order.department
    )


def dispatch_overdue(order) -> str:
    return _render(order, SmsEvent.DISPATCH_OVERDUE, dispatch_due=order.dispatch_due)


def warning(order) -> str:
    return _render(order, SmsEvent.WARN, reply_due=order.reply_due)


def overdue(order) -> str:
    return _render(order, SmsEvent.OVERDUE, reply_due=order.reply_due)


def urge(order, level: int) -> str:
    return _render(order, SmsEvent.URGE, handler=order.handler or order.department, level=level)


def repeat_call(order) -> str:
    return _render(order, SmsEvent.REPEAT_CALL, repeat_calls=order.repeat_calls)


def replied(order) -> str:
    return _render(order, SmsEvent.REPLIED)


def returned(order, reason: str) -> str:
    return _render(order, SmsEvent.RETURNED, reason=reason)


def caller_message(order, text: str) -> str:
    return _render(order, SmsEvent.CALLER_MESSAGE, text=text)


def result_for_caller(order, text: str) -> str:
    return _render(order, SmsEvent.RESULT, text=text)


def callback_request(order) -> str:
    return _render(order, SmsEvent.CALLBACK_REQUEST)
