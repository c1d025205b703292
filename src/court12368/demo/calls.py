"""A morning of calls on 朝阳's line, so the console, the inboxes and the red lights have something to show
(three weeks ago on Monday, among the three months of demo/traffic.py).

Logged through the same service as the console, at fixed times in the past; then the deadline clock is
replayed up to now, each step at the time it fell due, as if the sweeper had been running all along (so
the urges fall in the month they were due, and that month's circular counts them).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Min
from django.utils import timezone

from court12368.cases.models import Case
from court12368.courts.models import Staff
from court12368.hotline.services import log_call
from court12368.workorders.lifecycle import handling
from court12368.workorders.models import SubKind, WorkOrder
from court12368.workorders.sweeps import sweep_deadlines

TZ = ZoneInfo("Asia/Shanghai")
WEEKS_AGO = 3


def showcase_day(today: dt.date | None = None) -> dt.datetime:
    """9:00 on the Monday three weeks before this week's: the orders it leaves are well overdue."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 7 * WEEKS_AGO)
    return dt.datetime.combine(monday, dt.time(9, 0), tzinfo=TZ)


CALLS = [
    # minutes after 9:00, caller, number, case index, type, sub-kind, content, answer on the spot
    (2, "刘先生", "13800138001", 0, "case_query", "", "询问案件进展", "已告知：已排期开庭，时间见短信"),
    (
        9,
        "陈女士",
        "13800138002",
        None,
        "consultation",
        "",
        "离婚诉讼去哪个法院起诉",
        "告知由被告住所地法院管辖",
    ),
    (17, "王先生", "13800138003", 1, "contact_judge", SubKind.REPEAT_CONTACT, "多次联系承办法官未果", ""),
    (31, "赵女士", "13800138004", None, "petition", "", "对判决结果不服，要求信访", ""),
    (48, "孙先生", "13800138005", 2, "complaint", SubKind.FILING, "窗口拒收起诉材料", ""),
    (63, "周女士", "13800138006", 3, "complaint", SubKind.CONDUCT, "案件超过审限未判决", ""),
    (80, "吴先生", "13800138007", None, "consultation", SubKind.HARD_QUESTION, "涉外送达需要多长时间", ""),
]


def load_demo_calls(slug: str = "chaoyang") -> int:
    agent = Staff.objects.get(username=f"{slug}.agent")
    court = agent.court
    cases = list(Case.objects.filter(court=court).order_by("pk")[:10])
    day = showcase_day()
    for minutes, name, number, case_index, kind, sub_kind, content, answer in CALLS:
        when = day + dt.timedelta(minutes=minutes)
        call = log_call(
            court=court,
            agent=agent,
            content=content,
            kind=kind,
            sub_kind=sub_kind,
            answer=answer,
            caller_name=name,
            caller_number=number,
            dispatch=not answer,
            case=cases[case_index] if case_index is not None else None,
            rang_at=when - dt.timedelta(seconds=6),
            now=when,
        )
        order = call.work_order
        if kind == "complaint" and sub_kind == SubKind.CONDUCT and order.handler_id:
            reply_at = when + dt.timedelta(hours=5)
            handling.acknowledge(order, actor=order.handler, now=reply_at - dt.timedelta(hours=1))
            handling.reply(order, actor=order.handler, text="已督促承办法官，案件已排期宣判", now=reply_at)
    replay_the_clock(timezone.now())
    return len(CALLS)


def replay_the_clock(until: dt.datetime, most: int = 1000) -> int:
    """Sweep at each pending deadline in turn, up to ``until``; returns the steps taken."""
    steps = 0
    for _sweep in range(most):  # each sweep moves the earliest due order on: a bound, not a limit reached
        due = WorkOrder.objects.filter(next_due_at__lte=until).aggregate(first=Min("next_due_at"))["first"]
        if due is None:
            break
        steps += sweep_deadlines(now=due)
    return steps
