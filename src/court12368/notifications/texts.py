"""The SMS events and their built-in Chinese texts, with the variables each may use. Below the models
(``SmsTemplate.clean`` checks a court's own wording here); ``templating`` fills the texts in."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class SmsEvent(models.TextChoices):
    """The events that have an SMS template; the texts are below."""

    DISPATCH = "dispatch", gettext_lazy("Order dispatched to the handler")
    DISPATCH_OVERDUE = "dispatch_overdue", gettext_lazy("Dispatch deadline passed")
    WARN = "warn", gettext_lazy("Reply deadline near")
    OVERDUE = "overdue", gettext_lazy("Reply deadline passed")
    URGE = "urge", gettext_lazy("Urge and escalation")
    REPEAT_CALL = "repeat_call", gettext_lazy("Caller called again")
    RETURNED = "returned", gettext_lazy("Order returned")
    REPLIED = "replied", gettext_lazy("Handler replied")
    CALLER_MESSAGE = "caller_message", gettext_lazy("Caller added a message")
    RESULT = "result", gettext_lazy("Result to the caller")
    CALLBACK_REQUEST = "callback_request", gettext_lazy("Request to rate the handling")
    APPOINTMENT = "appointment", gettext_lazy("Appointment confirmation")
    HEARING_REMINDER = "hearing_reminder", gettext_lazy("Hearing reminder")
    COURT_ADDRESS = "court_address", gettext_lazy("Court address and route")
    CASE_STATUS = "case_status", gettext_lazy("Case status (reply to an SMS query)")
    HELP = "help", gettext_lazy("Help for SMS commands")
    RECEIVED = "received", gettext_lazy("Message received")
    REQUEST_RECEIVED = "request_received", gettext_lazy("Request received (tracking number)")
    RATED = "rated", gettext_lazy("Thanks for the rating")
    UNSUBSCRIBED = "unsubscribed", gettext_lazy("Unsubscribed")
    QUERY_FAILED = "query_failed", gettext_lazy("Case query failed")
    # 洛阳中院一号通办服务工作规范 art. 5(3)–(4): the caller is told the order's number, then where it went.
    CALL_REGISTERED = "call_registered", gettext_lazy("Call registered (number and short code to the caller)")
    FORWARDED = "forwarded", gettext_lazy("Caller told where the order was forwarded")


COMMON = ("signature", "court", "hotline")
ORDER = ("order_number", "order_kind", "short_code")

VARIABLES: dict[str, tuple[str, ...]] = {
    SmsEvent.DISPATCH: (*ORDER, "reply_due", "handler"),
    SmsEvent.DISPATCH_OVERDUE: (*ORDER, "dispatch_due"),
    SmsEvent.WARN: (*ORDER, "reply_due"),
    SmsEvent.OVERDUE: (*ORDER, "reply_due"),
    SmsEvent.URGE: (*ORDER, "handler", "level"),
    SmsEvent.REPEAT_CALL: (*ORDER, "repeat_calls"),
    SmsEvent.RETURNED: (*ORDER, "reason"),
    SmsEvent.REPLIED: ORDER,
    SmsEvent.CALLER_MESSAGE: (*ORDER, "text"),
    SmsEvent.RESULT: (*ORDER, "text"),
    SmsEvent.CALLBACK_REQUEST: ORDER,
    SmsEvent.APPOINTMENT: ("matter", "date_time", "place", "department"),
    SmsEvent.HEARING_REMINDER: ("case_number", "date_time", "place"),
    SmsEvent.COURT_ADDRESS: ("address", "route"),
    SmsEvent.CASE_STATUS: ("case_number", "stage", "next_hearing", "judge"),
    SmsEvent.HELP: (),
    SmsEvent.RECEIVED: (),
    SmsEvent.REQUEST_RECEIVED: ORDER,
    SmsEvent.RATED: ORDER,
    SmsEvent.UNSUBSCRIBED: (),
    SmsEvent.QUERY_FAILED: ("reason",),
    SmsEvent.CALL_REGISTERED: ORDER,
    SmsEvent.FORWARDED: (*ORDER, "department"),  # the department's name, never the person's
}

DEFAULTS: dict[str, str] = {
    SmsEvent.DISPATCH: "{signature}工单{order_number}（{order_kind}）已转您办理，请于{reply_due}前办理并回复。",
    SmsEvent.DISPATCH_OVERDUE: "{signature}工单{order_number}已超过派发时限（{dispatch_due}），请尽快派发。",
    SmsEvent.WARN: "{signature}工单{order_number}将于{reply_due}到期，请抓紧办理回复。",
    SmsEvent.OVERDUE: "{signature}工单{order_number}已超期（应于{reply_due}前回复），已亮红灯，请立即办理。",
    SmsEvent.URGE: "{signature}催办：{handler}承办的工单{order_number}已超期未回复（第{level}级督办），请督促办理。",
    SmsEvent.REPEAT_CALL: "{signature}来电人就工单{order_number}再次来电（第{repeat_calls}次），该工单已列入督办。",
    SmsEvent.RETURNED: "{signature}工单{order_number}被退回：{reason}。请重新派发。",
    SmsEvent.REPLIED: "{signature}工单{order_number}已有办理回复，请核实后办结并告知来电人。",
    SmsEvent.CALLER_MESSAGE: "{signature}工单{order_number}的来电人发来短信：{text}",
    SmsEvent.RESULT: "{signature}您反映的事项（编号{order_number}）已办理：{text}",
    SmsEvent.CALLBACK_REQUEST: (
        "{signature}请评价编号{order_number}事项的办理：回复“PJ {short_code} 1”为满意，"
        "2为基本满意，3为不满意。补充情况请回复“HF {short_code} 内容”。"
    ),
    SmsEvent.APPOINTMENT: (
        "{signature}您已预约{matter}（{department}）：{date_time}，地点{place}。"
        "请携带身份证件按时到达；如需取消请致电{hotline}。"
    ),
    SmsEvent.HEARING_REMINDER: "{signature}提醒：{case_number}定于{date_time}在{place}开庭，请携带身份证件准时到庭。",
    SmsEvent.COURT_ADDRESS: "{signature}{court}地址：{address}。{route}诉讼服务热线：{hotline}。",
    SmsEvent.CASE_STATUS: "{signature}{case_number}：{stage}。{next_hearing}承办法官：{judge}。",
    SmsEvent.HELP: (
        "{signature}短信指令：“CX 诉讼服务密码”查询案件；“HF 短码 内容”补充工单；"
        "“PJ 短码 1/2/3”评价办理；“TD”退订。其他内容将转工作人员处理。"
    ),
    SmsEvent.RECEIVED: "{signature}您的短信已收到，工作人员将在工作时间处理并回复。",
    SmsEvent.REQUEST_RECEIVED: "{signature}您的诉求已受理，编号{order_number}，短码{short_code}。可凭编号和手机号在网上诉讼服务平台查询办理进度。",
    SmsEvent.RATED: "{signature}感谢您对编号{order_number}事项办理的评价。",
    SmsEvent.UNSUBSCRIBED: "{signature}您已退订本院短信通知。如需恢复，请致电{hotline}。",
    SmsEvent.QUERY_FAILED: "{signature}查询未成功：{reason}",
    SmsEvent.CALL_REGISTERED: (
        "{signature}您的来电已登记，编号{order_number}，短码{short_code}。可凭编号和手机号在网上诉讼服务平台"
        "查询办理进度；补充情况请回复“HF {short_code} 内容”。"
    ),
    SmsEvent.FORWARDED: "{signature}您反映的事项（编号{order_number}）已转{department}办理，办理结果将以电话或短信告知您。",
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def allowed(event: str) -> tuple[str, ...]:
    return (*COMMON, *VARIABLES.get(event, ()))


def check_template(event: str, body: str) -> None:
    """Raise ValidationError (in the user's language) on an unknown placeholder or a stray brace."""
    if event not in DEFAULTS:
        raise ValidationError(_("Unknown SMS event."))
    if not body.strip():
        raise ValidationError(_("The text must not be empty."))
    names = _PLACEHOLDER.findall(body)
    unknown = sorted(set(names) - set(allowed(event)))
    if unknown:
        raise ValidationError(
            _("Unknown variables: %(unknown)s. Allowed: %(allowed)s.")
            % {
                "unknown": "、".join(f"{{{n}}}" for n in unknown),
                "allowed": "、".join(f"{{{n}}}" for n in allowed(event)),
            }
        )
    if "{" in _PLACEHOLDER.sub("", body) or "}" in _PLACEHOLDER.sub("", body):
        raise ValidationError(_("Braces are only for variables such as {order_number}."))
