"""The order's state machine, walked whole: every action from every state, allowed where the table says
and refused with the one translated error everywhere else, leaving the order as it was."""

import pytest
from django.urls import reverse
from django.utils import translation

from court12368.courts.models import Role
from court12368.demo.factories import CourtFactory, StaffFactory
from court12368.workorders.lifecycle import (
    TRANSITIONS,
    NotAllowed,
    allowed_actions,
    closing,
    forwarding,
    handling,
    intake,
)
from court12368.workorders.models import OrderState, WorkOrder

pytestmark = pytest.mark.django_db
PHONE = "13600005555"


def _perform(action, order, people, other_judge):
    calls = {
        "dispatch": lambda: handling.dispatch(order, handler=people.judge, actor=people.agent),
        "acknowledge": lambda: handling.acknowledge(order, actor=people.judge),
        "reply": lambda: handling.reply(order, actor=people.judge, text="已回电"),
        "transfer": lambda: handling.transfer(
            order, actor=people.judge, handler=other_judge, reason="非本庭"
        ),
        "return": lambda: handling.return_order(order, actor=people.judge, reason="非本庭职责"),
        "resolve": lambda: closing.resolve(order, actor=people.agent),
        "inform": lambda: closing.inform_caller(order, actor=people.agent, method="phone", text="已告知"),
        "callback": lambda: closing.record_callback(order, actor=people.agent, satisfaction="satisfied"),
        "rate": lambda: closing.rate_by_requester(order, satisfaction="satisfied", channel="web"),
        "close": lambda: closing.close(order, note="预约已取消"),
        "forward": lambda: forwarding.forward_to_court(
            order, court=other_court(), actor=people.agent, reason="属下级法院管辖"
        ),
    }
    return calls[action]()


def other_court():
    return CourtFactory(code="京0108", name="北京市海淀区人民法院", area_code="010")


def _order_in(state, court, people) -> WorkOrder:
    order = intake.create_work_order(
        court=court, kind="contact_judge", summary="请法官回电", caller_phone=PHONE
    )
    if state != OrderState.OPEN:
        order = handling.dispatch(order, handler=people.judge, actor=people.agent)
        WorkOrder.objects.filter(pk=order.pk).update(state=state)
        order.refresh_from_db()
    return order


def test_the_table_covers_every_action_of_the_lifecycle():
    assert set(TRANSITIONS) == {
        "dispatch", "acknowledge", "reply", "transfer", "return", "resolve", "inform", "callback", "rate",
        "close", "forward",
    }  # fmt: skip
    for transition in TRANSITIONS.values():
        assert set(transition.sources) <= set(OrderState.values) and transition.target in OrderState.values


@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("state", list(OrderState.values))
def test_every_action_from_every_state(action, state, court, people):
    other_judge = StaffFactory(court=court, department=people.department, role=Role.JUDGE, username="j2")
    order = _order_in(state, court, people)
    transition = TRANSITIONS[action]
    entries = order.entries.count()
    if state in transition.sources:
        done = _perform(action, order, people, other_judge)
        assert done.state == transition.target
        assert order.entries.count() > entries  # every step leaves its line on the timeline
        return
    with translation.override("zh-hans"), pytest.raises(NotAllowed) as refused:
        _perform(action, order, people, other_judge)
    assert refused.value.action == action and refused.value.state == state
    assert "现在不能" in str(refused.value)  # said in Chinese, naming the action and the state
    fresh = WorkOrder.objects.get(pk=order.pk)
    assert (fresh.state, fresh.cycle, fresh.entries.count()) == (state, order.cycle, entries)


@pytest.mark.parametrize("state", list(OrderState.values))
def test_who_is_offered_what_in_each_state(state, court, people):
    order = _order_in(state, court, people)
    for person in (people.judge, people.head, people.agent, people.leader):
        offered = [t.action for t in allowed_actions(order, person)]
        assert all(state in TRANSITIONS[a].sources for a in offered)
        assert "rate" not in offered and "close" not in offered  # the requester's and the platform's
    handler_actions = {t.action for t in allowed_actions(order, people.judge)}
    line_actions = {t.action for t in allowed_actions(order, people.agent)}
    assert handler_actions == {
        a for a, t in TRANSITIONS.items() if t.by == "order.handle" and state in t.sources
    }
    assert line_actions == {
        a for a, t in TRANSITIONS.items() if t.by == "order.follow_up" and state in t.sources
    }
    assert not allowed_actions(order, people.leader)  # a leader reads and urges; the line and handler act


def test_the_order_page_offers_exactly_the_allowed_actions(client, court, people):
    order = _order_in(OrderState.DISPATCHED, court, people)
    forms = {
        "acknowledge": reverse("order-acknowledge", args=[order.number]),
        "reply": reverse("order-reply", args=[order.number]),
        "transfer": reverse("order-transfer", args=[order.number]),
        "return": reverse("order-return", args=[order.number]),
        "dispatch": reverse("order-dispatch", args=[order.number]),
        "resolve": reverse("order-resolve", args=[order.number]),
    }
    client.force_login(people.judge)
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert [a for a, url in forms.items() if f'action="{url}"' in page] == [
        "acknowledge", "reply", "transfer", "return"
    ]  # fmt: skip
    client.force_login(people.agent)
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert not any(f'action="{url}"' in page for url in forms.values())


def test_a_refused_step_at_the_console_says_why_in_chinese(client, court, people):
    order = _order_in(OrderState.REPLIED, court, people)
    client.force_login(people.judge)
    response = client.post(
        reverse("order-acknowledge", args=[order.number]), HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True
    )
    page = response.content.decode()
    assert "现在不能" in page and "签收" in page
    assert WorkOrder.objects.get(pk=order.pk).state == OrderState.REPLIED


def test_a_judge_who_hands_an_order_on_lands_on_their_inbox_not_a_missing_page(client, court, people):
    """Issue 23: the order page after a transfer to the clerk was the judge's no longer, so the judge got a
    404 instead of the confirmation."""
    order = _order_in(OrderState.DISPATCHED, court, people)
    clerk = StaffFactory(court=court, department=people.department, role=Role.CLERK, username="clerk")
    client.force_login(people.judge)
    response = client.post(
        reverse("order-transfer", args=[order.number]),
        {"handler": clerk.pk, "reason": "补交材料事宜请书记员答复"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("order-inbox")
    assert "已转办" in response.content.decode()
    assert WorkOrder.objects.get(pk=order.pk).handler == clerk
