"""One complaint from the phone call to the callback, across four users, in a real browser."""

import re

import pytest

from tests.e2e.staff import field, sign_in

pytestmark = pytest.mark.browser
CASE = "（2026）京0105民初1号"
CALLER = "13987654321"


def sms_to(served, *, username=None, phone=None, event):
    if username:
        return served.sql(
            "SELECT n.body FROM notifications_notification n JOIN courts_staff s ON s.id = n.recipient_id "
            "WHERE s.username = ? AND n.channel = 'sms' AND n.event = ?",
            (username, event),
        )
    return served.sql(
        "SELECT body FROM notifications_notification WHERE phone = ? AND channel = 'sms' AND event = ?",
        (phone, event),
    )


def test_complaint_from_call_to_callback(served, page):
    # 1. The agent takes the call: a complaint about delay in a case; the rules route it.
    sign_in(page, served, "chaoyang.agent")
    page.get_by_role("link", name="座席工作台").first.click()
    field(page, "来电号码").fill(CALLER)
    field(page, "来电人").fill("郑先生")
    # The call form's own 案号 (the console's inline case query beside it has one too).
    field(page.get_by_test_id("call-form"), "案号").fill(CASE)
    field(page, "类型").select_option(label="投诉举报")
    field(page, "子类").select_option(value="conduct")
    field(page, "来电内容").fill("案件迟迟不开庭，投诉承办法官拖延")
    field(page, "涉及诉权").check()
    page.get_by_role("button", name="保存来电").click()
    message = page.locator(".messages").inner_text()
    number = re.search(r"工单(\d+)已转", message).group(1)
    assert sms_to(served, username="chaoyang.head", event="dispatch")

    # 2. The department head may not hand the complaint to the judge it is about (issue 20, item 16), so
    #    another judge of the division looks into it.
    [(complained_about,)] = served.sql("SELECT full_name FROM courts_staff WHERE username = 'chaoyang.judge'")
    [(colleague, judge_name)] = served.sql(
        "SELECT username, full_name FROM courts_staff WHERE role = 'judge' AND username <> 'chaoyang.judge' "
        "AND department_id = (SELECT department_id FROM courts_staff WHERE username = 'chaoyang.judge')"
    )
    sign_in(page, served, "chaoyang.head")
    page.get_by_role("link", name="我的工单").first.click()
    page.get_by_role("link", name=number).click()
    page.get_by_text("转办", exact=True).first.click()
    field(page, "承办人").select_option(label=complained_about)
    field(page, "原因").first.fill("请说明情况并答复")
    page.get_by_role("button", name="转办").click()
    assert "请选择其他承办人" in page.locator(".messages").inner_text()
    assert complained_about not in page.get_by_test_id("order-handler").inner_text()
    page.get_by_text("转办", exact=True).first.click()
    field(page, "承办人").select_option(label=judge_name)
    field(page, "原因").first.fill("请核查承办法官是否拖延并答复")
    page.get_by_role("button", name="转办").click()
    assert judge_name in page.get_by_test_id("order-handler").inner_text()
    assert sms_to(served, username=colleague, event="dispatch")
    told_judge = sms_to(served, username="chaoyang.judge", event="dispatch")
    assert not [body for (body,) in told_judge if number in body]  # not told of the complaint either

    # 3. The judge acknowledges and replies.
    sign_in(page, served, colleague)
    page.goto(f"{served.url}/orders/{number}/")
    page.get_by_role("button", name="签收").click()
    assert page.get_by_test_id("order-state").inner_text() == "承办人已签收"
    page.get_by_test_id("reply-form").get_by_label(re.compile("^回复")).fill(
        "已排期于下周三开庭，已电话告知当事人"
    )
    page.get_by_role("button", name="提交回复").click()
    assert page.get_by_test_id("order-state").inner_text() == "已回复"

    # 4. The agent resolves, tells the caller by SMS, and calls back.
    sign_in(page, served, "chaoyang.agent")
    page.goto(f"{served.url}/orders/{number}/")
    page.get_by_role("button", name="确认回复并办结").click()
    form = page.get_by_test_id("inform-form")
    form.get_by_label(re.compile("^方式")).select_option(value="sms")
    form.get_by_label(re.compile("^告知内容")).fill("您的案件已排期于下周三开庭")
    page.get_by_role("button", name="告知", exact=True).click()
    assert sms_to(served, phone=CALLER, event="result")
    page.get_by_role("link", name="回访").first.click()
    assert number in page.get_by_test_id("callbacks").inner_text()
    page.get_by_role("link", name=number).click()
    page.get_by_test_id("callback-form").get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="登记回访").click()
    assert page.get_by_test_id("order-state").inner_text() == "已办结"
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in [
        "已创建",
        "已转办",
        "已签收",
        "已回复",
        "确认办理结果",
        "已告知来电人",
        "已回访",
        "工单关闭",
    ]:
        assert step in timeline
    page.screenshot(path=str(served.data_dir / "walkthrough.png"), full_page=True)


def test_console_suggests_a_type_and_finds_procedural_answers(served, page):
    sign_in(page, served, "chaoyang.agent")
    page.goto(served.url + "/console/")
    field(page, "来电号码").fill("13800138003")  # a demo caller with an open order
    page.get_by_test_id("repeat-flag").wait_for()
    field(page, "来电内容").fill("法官电话一直打不通，打了好几天了")
    suggested = page.get_by_test_id("suggested-type")
    assert suggested.get_attribute("data-value") == "contact_judge/repeat_contact"
    assert suggested.inner_text() == "联系法官 · 联系不上法官再次来电"
    page.get_by_test_id("use-suggestion").click()
    assert field(page, "类型").input_value() == "contact_judge"
    assert field(page, "子类").input_value() == "repeat_contact"
    knowledge = page.get_by_test_id("knowledge").get_by_role("searchbox")  # not the top bar's search
    knowledge.fill("判决书送达后多久可以上诉")
    results = page.get_by_test_id("knowledge-results")
    results.get_by_text("上诉").first.wait_for()
    assert "民事诉讼法" in results.inner_text()
    knowledge.fill("这个官司我能不能赢")
    assert "12348" in page.get_by_test_id("refusal").inner_text()
    page.screenshot(path=str(served.data_dir / "console.png"), full_page=True)
