import datetime as dt

import pytest

from court12368.hotline import services
from court12368.hotline.queries import caller_history
from court12368.workorders.models import OrderState, SubKind
from tests.builders import Court

pytestmark = pytest.mark.django_db
NUMBER = "13912345678"


@pytest.fixture
def c(court, luoyang):
    return Court(court)


def call(c, **kwargs):
    kwargs.setdefault("content", "询问开庭时间")
    kwargs.setdefault("kind", "case_query")
    return services.log_call(court=c.court, agent=c.agent, caller_number=NUMBER, caller_name="张三", **kwargs)


def test_a_call_answered_on_the_spot_is_a_closed_order(c):
    logged = call(c, answer="下周三上午九点开庭", dispatch=False)
    order = logged.work_order
    assert order.on_the_spot and order.state == OrderState.CLOSED
    assert order.agent == c.agent and order.caller_phone == NUMBER
    assert list(order.entries.values_list("action", flat=True)) == ["created", "answered"]


def test_a_call_that_must_go_on_is_routed(c):
    logged = call(c, kind="petition", content="对判决不服申诉", case=c.case)
    assert logged.work_order.state == OrderState.DISPATCHED
    assert logged.work_order.routed_by.startswith("信访申诉")


def test_wait_time_is_kept(c):
    now = dt.datetime(2026, 3, 2, 10, 0, 8, tzinfo=dt.UTC)
    logged = call(c, answer="已答复", dispatch=False, rang_at=now - dt.timedelta(seconds=8), now=now)
    assert logged.wait_seconds == 8


def test_the_screen_pop_shows_history_and_flags_a_repeat_call(c):
    first = call(
        c, kind="contact_judge", sub_kind=SubKind.REPEAT_CONTACT, content="联系不上法官", case=c.case
    )
    history = caller_history(c.court, NUMBER, viewer=c.agent)
    assert history.is_repeat and history.open_orders == [first.work_order]
    assert history.calls == [first]
    again = call(c, content="还是没人回复", about_order=first.work_order)
    order = again.work_order
    assert order == first.work_order and order.supervised and order.repeat_calls == 1
    assert caller_history(c.court, "13000000000", viewer=c.agent).calls == []


def test_abusive_call_is_reported_to_the_leaders_with_the_recording(c):
    logged = call(c, content="辱骂座席员", abusive=True, recording_ref="rec/2026/03/02/0001.wav")
    order = logged.work_order
    assert (order.kind, order.sub_kind, order.handler) == ("other", SubKind.ABUSIVE, c.president)
    assert "rec/2026/03/02/0001.wav" in order.summary and order.written_report_required


def test_urgent_call_goes_up_the_chain(c):
    logged = call(c, content="情绪激动，扬言过激行为", urgent=True, case=c.case)
    assert logged.work_order.sub_kind == SubKind.URGENT
    assert logged.work_order.handler.role == "department_head"
