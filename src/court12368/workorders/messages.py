"""Texts of the notifications the clock sends to staff (Chinese: they go to Chinese phones).

The SMS issue turns these into per-court templates editable by administrators.
"""

from django.utils import timezone


def _when(instant) -> str:
    return f"{timezone.localtime(instant):%m月%d日%H:%M}" if instant else ""


def dispatched(order) -> str:
    return (
        f"【12368】工单{order.number}（{order.get_kind_display()}）已转您办理，"
        f"请于{_when(order.reply_due)}前办理并回复。"
    )


def dispatch_overdue(order) -> str:
    return f"【12368】工单{order.number}已超过派发时限（{_when(order.dispatch_due)}），请尽快派发。"


def warning(order) -> str:
    return f"【12368】工单{order.number}将于{_when(order.reply_due)}到期，请抓紧办理回复。"


def overdue(order) -> str:
    return f"【12368】工单{order.number}已超期（应于{_when(order.reply_due)}前回复），已亮红灯，请立即办理。"


def urge(order, level: int) -> str:
    handler = order.handler or order.department
    return f"【12368】催办：{handler}承办的工单{order.number}已超期未回复（第{level}级督办），请督促办理。"


def repeat_call(order) -> str:
    return f"【12368】来电人就工单{order.number}再次来电（第{order.repeat_calls}次），该工单已列入督办。"


def replied(order) -> str:
    return f"【12368】工单{order.number}已有办理回复，请核实后办结并告知来电人。"


def returned(order, reason: str) -> str:
    return f"【12368】工单{order.number}被退回：{reason}。请重新派发。"


def result_for_caller(order, text: str) -> str:
    return f"【{order.court.short_name or order.court.name}】您反映的事项（编号{order.number}）已办理：{text}"
