"""The order page and the callback list as daily tools (issue 23, "Orders and callbacks"): the lifecycle's
allowed actions with the main one of the state first and open, transfer in sight, the inform text taken
from the reply, the callback list with the number to call and the reply, and every action saying what it
did ("已转办至 陈淑兰（民事审判第一庭负责人）"), in messages that look different by kind."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import court12368
from court12368.core.privacy import mask_phone
from court12368.courts.models import CourtLevel, Role
from court12368.demo.factories import CourtFactory, ServiceHoursFactory, StaffFactory
from court12368.workorders import views
from court12368.workorders.lifecycle import closing, handling, intake
from court12368.workorders.models import OrderState, WorkOrder

pytestmark = pytest.mark.django_db
CALLER = "13912345678"
REPLY = "已排期于下周三开庭，已电话告知当事人"


def new_order(court, people, **fields) -> WorkOrder:
    return intake.create_work_order(
        court=court, kind="complaint", sub_kind="conduct", agent=people.agent, summary="案件迟迟不开庭",
        caller_phone=CALLER, caller_name="郑先生", **fields,
    )  # fmt: skip


def page_of(client, user, order) -> str:
    client.force_login(user)
    return client.get(reverse("order-detail", args=[order.number])).content.decode()


def actions_on(page: str) -> tuple[str, list[str]]:
    main = re.findall(r'data-testid="main-action" data-action="(\w+)"', page)
    others = re.findall(r'data-testid="other-action" data-action="(\w+)"', page)
    return (main[0] if main else ""), others


def action_part(page: str) -> str:
    """The page from the first action to the timeline."""
    start = page.find('data-testid="main-action"')
    return page[start : page.find('data-testid="timeline"')] if start != -1 else ""


def said(response) -> list[tuple[str, str]]:
    """The messages the page after the action shows (the redirect followed, so none carries over)."""
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def post(client, user, order, action, data=None, *, lands_on_inbox=False):
    """The messages an action leaves; it lands on the order, or on the inbox for one no longer theirs."""
    client.force_login(user)
    response = client.post(reverse(f"order-{action}", args=[order.number]), data or {}, follow=True)
    page = reverse("order-inbox") if lands_on_inbox else reverse("order-detail", args=[order.number])
    assert response.redirect_chain[-1][0] == page
    return said(response)


def test_the_main_action_of_each_state_comes_first_and_open(client, court, people):
    order = new_order(court, people)
    page = page_of(client, people.agent, order)
    assert actions_on(page) == ("dispatch", ["forward"])
    assert (
        'name="reason"' not in action_part(page).split('data-testid="other-action"')[0]
    )  # dispatch takes none

    handling.dispatch(order, handler=people.head, actor=people.agent)
    page = page_of(client, people.head, order)
    assert actions_on(page) == ("acknowledge", ["reply", "transfer", "return"])
    part = action_part(page)
    assert "<details" not in part  # nothing collapsed: transfer and return are in sight
    assert 'data-testid="transfer-form"' in part and 'id="transfer_handler"' in part
    main = part.split('data-testid="other-action"')[0]
    assert 'class="primary"' in main and main.count("<form") == 1
    # Two forms with a "reason" each: their ids differ, so each label names its own field.
    assert 'id="transfer_reason"' in part and 'id="return_reason"' in part
    assert page_of(client, people.agent, order).count('data-testid="main-action"') == 0  # not the line's turn

    handling.acknowledge(order, actor=people.head)
    assert actions_on(page_of(client, people.head, order)) == ("reply", ["transfer", "return"])
    handling.reply(order, actor=people.head, text=REPLY)
    assert actions_on(page_of(client, people.agent, order)) == ("resolve", [])
    assert actions_on(page_of(client, people.head, order)) == ("", [])
    closing.resolve(order, actor=people.agent)
    assert actions_on(page_of(client, people.agent, order)) == ("inform", [])
    closing.inform_caller(order, actor=people.agent, method="phone", text=REPLY)
    assert actions_on(page_of(client, people.agent, order)) == ("callback", [])
    closing.record_callback(order, actor=people.agent, satisfaction="satisfied")
    assert actions_on(page_of(client, people.agent, order)) == ("", [])


def test_the_inform_text_is_the_handlers_reply_without_the_written_report(client, court, people):
    order = new_order(court, people)
    handling.dispatch(order, handler=people.judge, actor=people.agent)
    handling.reply(order, actor=people.judge, text="第一次回复")
    closing.resolve(order, actor=people.agent)
    closing.inform_caller(order, actor=people.agent, method="phone", text="第一次回复")
    closing.record_callback(order, actor=people.agent, satisfaction="unsatisfied", note="仍未开庭")
    handling.reply(order, actor=people.judge, text=REPLY, report="内部调查报告")  # the latest reply
    page = page_of(client, people.agent, order)
    assert 'data-testid="handler-reply"' in page and REPLY in page  # the resolve step shows what it accepts
    closing.resolve(order, actor=people.agent)
    page = page_of(client, people.agent, order)
    [text] = re.findall(r'<textarea name="text"[^>]*id="inform_text"[^>]*>(.*?)</textarea>', page, re.S)
    assert text.strip() == REPLY  # not the first reply, not the report
    assert "已按承办人的回复预填" in page


def test_the_callback_list_shows_the_number_to_call_masked_and_the_reply(client, court, people):
    order = new_order(court, people)
    handling.dispatch(order, handler=people.judge, actor=people.agent)
    handling.reply(order, actor=people.judge, text=REPLY, report="不给来电人看的报告")
    closing.resolve(order, actor=people.agent)
    closing.inform_caller(order, actor=people.agent, method="phone", text=REPLY)

    client.force_login(people.agent)
    page = client.get(reverse("order-callbacks")).content.decode()
    assert mask_phone(CALLER) in page and CALLER not in page
    reveal = reverse("order-caller-number", args=[order.number])
    assert f'hx-post="{reveal}"' in page and "显示完整号码" in page
    assert (
        f'hx-target="#caller-number-{order.number}"' in page and f'id="caller-number-{order.number}"' in page
    )
    assert REPLY in page and "不给来电人看的报告" not in page
    assert f'href="{reverse("order-detail", args=[order.number])}#action-callback"' in page
    assert "登记回访" in page
    fragment = client.post(reveal).content.decode()
    assert f'id="caller-number-{order.number}"' in fragment and CALLER in fragment
    assert 'id="action-callback"' in page_of(client, people.agent, order)  # where the link lands

    client.force_login(people.leader)  # reads the list, does not call: masked, no reveal
    page = client.get(reverse("order-callbacks")).content.decode()
    assert mask_phone(CALLER) in page and reveal not in page


def test_each_action_says_what_happened(client, court, people, department):
    head, judge, agent = people.head, people.judge, people.agent
    order = new_order(court, people)
    [(level, text)] = post(client, agent, order, "dispatch", {"handler": head.pk})
    assert level == "success" and text.startswith(f"已派单至 {head}（民事审判第一庭负责人），反馈期限 ")
    [(level, text)] = post(client, head, order, "acknowledge")
    assert level == "success" and text.startswith("已签收，请于 ")
    data = {"handler": judge.pk, "reason": "请承办法官核查"}
    [(level, text)] = post(client, head, order, "transfer", data)
    assert text.startswith(f"已转办至 {judge}（民事审判第一庭法官）")
    assert post(client, judge, order, "reply", {"text": REPLY}) == [("success", "已反馈，等待座席办结。")]
    assert post(client, agent, order, "resolve") == [("success", "已办结，请告知来电人。")]
    data = {"method": "sms", "text": REPLY}
    assert post(client, agent, order, "inform", data) == [("success", "已短信告知来电人办理结果，待回访。")]
    [(level, text)] = post(
        client, agent, order, "callback", {"satisfaction": "unsatisfied", "note": "仍未开庭"}
    )
    assert level == "warning" and text.startswith(f"不满意，工单已重新交办 {judge}（民事审判第一庭法官）")
    assert post(client, judge, order, "return", {"reason": "不属本庭"}, lands_on_inbox=True) == [
        ("success", "已退回座席，待重新派单。")
    ]
    [(level, text)] = post(client, agent, order, "dispatch", {"department": department.pk})
    assert text.startswith("已派单至 民事审判第一庭，")
    post(client, head, order, "reply", {"text": REPLY})
    post(client, agent, order, "resolve")
    data = {"method": "phone", "text": REPLY}
    assert post(client, agent, order, "inform", data) == [("success", "已登记电话告知来电人，待回访。")]
    assert post(client, agent, order, "callback", {"satisfaction": "satisfied"}) == [
        ("success", "已回访，工单已办结。")
    ]
    order.refresh_from_db()
    assert order.state == OrderState.CLOSED
    # A step the state no longer allows is an error, and nothing is said to have happened.
    [(level, text)] = post(client, agent, order, "resolve")
    assert level == "error" and "已办结" not in text.split("：")[0]


def test_forwarding_names_the_court_and_the_new_order(client, court, people):
    lower = CourtFactory(code="京0199", name="北京市测试区人民法院", level=CourtLevel.BASIC, area_code="010")
    ServiceHoursFactory(court=lower)
    order = new_order(court, people)
    [(level, text)] = post(client, people.agent, order, "forward", {"court": lower.pk, "reason": "属该院"})
    forward = order.forwards.get()
    assert (level, text) == (
        "success",
        f"已转交 北京市测试区人民法院（新工单号 {forward.number}），本工单已办结。",
    )


def test_a_petition_step_says_what_it_recorded(client, court, people):
    order = intake.create_work_order(
        court=court, kind="petition", summary="对判决不服，要求申诉", agent=people.agent, caller_phone=CALLER
    )
    handling.dispatch(order, handler=people.judge)
    client.force_login(people.judge)
    response = client.post(f"/orders/{order.number}/petition/accept/", follow=True)
    [(level, text)] = said(response)
    assert level == "success" and text != "已保存。" and "受理" in text and "第三十四条" in text


def test_the_messages_read_in_english_too(court, people, department):
    order = handling.dispatch(new_order(court, people), handler=people.head, actor=people.agent)
    with translation.override("en"):
        _level, text = views._dispatched(order, {})
        assert text.startswith(f"Dispatched to {people.head} (head of 民事审判第一庭); reply due ")
        judge = StaffFactory(court=court, department=department, role=Role.JUDGE, full_name="王法官")
        order = handling.transfer(order, actor=people.head, handler=judge, reason="请核查")
        assert views._transferred(order, {})[1].startswith("Transferred to 王法官 (Judge, 民事审判第一庭)")
        assert views._replied(order, {})[1] == "Reply sent; waiting for the agent to resolve the order."


# ---- success, warning and error look different ----------------------------------------------------

CSS = Path(court12368.__file__).parent / "core/static/court12368/site.css"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_success_warning_and_error_messages_look_different_with_aa_contrast():
    css = CSS.read_text(encoding="utf-8")
    looks = {}
    for kind in ("success", "warning", "error"):
        rule = re.search(rf"\.messages li\.{kind} \{{([^}}]*)\}}", css)
        assert rule, kind
        background = re.search(r"background: (#[0-9a-f]{6})", rule.group(1)).group(1)
        colour = re.search(r"(?<![-\w])color: (#[0-9a-f]{6})", rule.group(1)).group(1)
        assert _contrast(colour, background) >= 4.5, kind
        looks[kind] = background
    assert len(set(looks.values())) == 3 and "#ffffff" not in looks.values()
    # The general rule comes first, so it no longer paints every kind white.
    assert css.index(".messages li {") < css.index(".messages li.success")


def test_the_page_marks_each_message_with_its_kind(client, court, people):
    order = new_order(court, people)
    client.force_login(people.agent)
    url = reverse("order-dispatch", args=[order.number])
    page = client.post(url, {"handler": people.head.pk}, follow=True).content.decode()
    assert re.search(r'<li class="success">已派单至 ', page)
    page = client.post(url, {"handler": people.head.pk}, follow=True).content.decode()
    assert re.search(r'<li class="error">', page)
