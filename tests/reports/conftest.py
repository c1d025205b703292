"""Shared fixtures of the reports tests: a court with one month of calls and orders."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from court12368.hotline import queue
from court12368.hotline import services as hotline
from court12368.workorders.lifecycle import closing, handling, intake
from court12368.workorders.models import SubKind
from tests.builders import Court

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOV = (dt.datetime(2026, 11, 1, tzinfo=SHANGHAI), dt.datetime(2026, 12, 1, tzinfo=SHANGHAI))


def at(day, hour=10, minute=0, second=0):
    return dt.datetime(2026, 11, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.fixture
def c(court, luoyang):
    return Court(court)


def call(c, content, kind, sub_kind="", now=None, **extra):
    order = hotline.log_call(
        court=c.court, agent=c.agent, content=content, kind=kind, sub_kind=sub_kind,
        caller_number="13912345678", case=c.case, now=now or at(2), **extra,
    ).work_order  # fmt: skip
    order.refresh_from_db()
    return order


@pytest.fixture
def november(c):
    """One on-the-spot answer; a complaint replied on time and called back satisfied; a judge contact
    replied late and closed; a petition never replied, overdue; three queued calls."""
    call(c, "怎么立案", "consultation", answer="带起诉状到立案庭", dispatch=False)
    complaint = call(c, "法官态度差", "complaint", SubKind.CONDUCT)
    head = complaint.handler
    handling.reply(complaint, actor=head, text="已核实并批评教育", now=at(3))
    closing.resolve(complaint, actor=head, now=at(3, 11))
    closing.inform_caller(complaint, actor=c.agent, method="phone", text="已告知", now=at(4))
    closing.record_callback(complaint, actor=c.agent, satisfaction="satisfied", now=at(5))
    contact = call(c, "联系不上法官又来电", "contact_judge", SubKind.REPEAT_CONTACT)
    late_reply = contact.reply_due + dt.timedelta(days=3)
    handling.reply(contact, actor=contact.handler, text="已联系当事人", now=late_reply)
    closing.close(contact, now=late_reply + dt.timedelta(hours=1))
    petition = call(c, "不服判决", "petition")
    intake.record_repeat_call(petition, now=at(6))
    for entered, waited in ((at(2, 9), 5), (at(2, 9, 5), 20)):
        queued = queue.enqueue(c.court, caller_number="13800000000", now=entered)
        queue.answer(queued, c.agent, now=entered + dt.timedelta(seconds=waited))
    queue.abandon(queue.enqueue(c.court, caller_number="13800000001", now=at(2, 9, 10)), now=at(2, 9, 11))
    return {"complaint": complaint, "contact": contact, "petition": petition, "late": late_reply}
