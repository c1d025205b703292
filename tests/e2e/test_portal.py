"""A member of the public in a real browser: case query, a request, its handling by the court, tracking and
rating; and an appointment booked and cancelled."""

import re

import pytest

from tests.e2e.staff import field, sign_in
from tests.e2e.test_walkthrough import sms_to

pytestmark = pytest.mark.browser
PHONE = "13911112222"
NUMERALS = "零一二三四五六七八九十"


def solve(page) -> str:
    """The check question reads like "三加七等于几？"."""
    question = page.get_by_test_id("challenge").inner_text()
    a, b = re.match(r"(\S)加(\S)", question).groups()
    return str(NUMERALS.index(a) + NUMERALS.index(b))


def test_a_request_from_the_portal_to_its_rating(served, page):
    # 1. Find the court, query a case with a printed demo password.
    page.goto(served.url + "/portal/")
    page.get_by_label("法院名称、地区或法院代字").fill("朝阳")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="北京市朝阳区人民法院").click()
    assert page.get_by_test_id("hotline").inner_text() == "010-50105368"  # its own line (demo/numbers.py)
    page.get_by_role("link", name="案件查询").click()
    assert "依法使用" in page.get_by_test_id("lawful-use").inner_text()
    field(page, "案号").fill("（2026）京0105民初1号")
    field(page, "诉讼服务密码").fill("2026010501")
    page.get_by_label(re.compile("本人承诺依法使用")).check()
    page.get_by_role("button", name="查询", exact=True).click()
    assert page.get_by_test_id("case-view").is_visible()
    assert page.get_by_test_id("case-stage").inner_text()

    # 2. Submit a request: it becomes a work order and the SMS carries the tracking number.
    page.get_by_role("link", name="需要承办法官回电？请提交诉求。").click()
    field(page, "诉求类型").select_option(label="联系承办法官")
    field(page, "您的姓名").fill("冯女士")
    field(page, "手机号码").fill(PHONE)
    field(page, "案号（如有）").fill("（2026）京0105民初1号")
    field(page, "诉求内容").fill("多次致电承办法官未接通，请法官回电说明开庭安排")
    page.get_by_label(re.compile("^验证问题")).fill(solve(page))
    page.get_by_role("button", name="提交", exact=True).click()
    number = page.get_by_test_id("tracking-number").inner_text()
    assert number in sms_to(served, phone=PHONE, event="request_received")[0][0]

    # 3. It waits in the agent's queue; the agent dispatches it to the judge.
    judge_name = served.sql("SELECT full_name FROM courts_staff WHERE username = 'chaoyang.judge'")[0][0]
    sign_in(page, served, "chaoyang.agent")
    page.goto(served.url + "/console/")
    page.get_by_test_id("queue").get_by_role("link", name=number).click()
    field(page, "承办人").select_option(label=judge_name)
    page.get_by_role("button", name="派发").click()
    assert judge_name in page.get_by_test_id("order-handler").inner_text()

    # 4. The judge replies; the agent accepts it and tells the person by SMS.
    sign_in(page, served, "chaoyang.judge")
    page.goto(f"{served.url}/orders/{number}/")
    page.get_by_test_id("reply-form").get_by_label(re.compile("^回复")).fill("已回电，告知下周三开庭")
    page.get_by_role("button", name="提交回复").click()
    sign_in(page, served, "chaoyang.agent")
    page.goto(f"{served.url}/orders/{number}/")
    page.get_by_role("button", name="确认回复并办结").click()
    form = page.get_by_test_id("inform-form")
    form.get_by_label(re.compile("^方式")).select_option(value="sms")
    form.get_by_label(re.compile("^告知内容")).fill("承办法官已回电，案件定于下周三开庭")
    page.get_by_role("button", name="告知", exact=True).click()
    page.context.clear_cookies()

    # 5. The person tracks the request, sees the reply and rates it.
    page.goto(served.url + "/portal/track/")
    field(page, "查询编号").fill(number)
    field(page, "提交时使用的手机号码").fill(PHONE)
    page.get_by_role("button", name="查询", exact=True).click()
    assert page.get_by_test_id("status").inner_text() == "已告知结果，待您评价"
    assert "案件定于下周三开庭" in page.get_by_test_id("result").inner_text()
    page.get_by_test_id("rating-form").get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    assert page.get_by_test_id("status").inner_text() == "已办结"
    assert page.get_by_test_id("rating").inner_text() == "满意"
    state = served.sql("SELECT state, satisfaction FROM workorders_workorder WHERE number = ?", (number,))
    assert state == [("closed", "satisfied")]
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.screenshot(path=str(served.data_dir / "portal.png"), full_page=True)


def test_an_appointment_booked_and_cancelled(served, page):
    page.goto(served.url + "/portal/c/京0105/appointments/?service=mediation")
    page.get_by_test_id("days").get_by_role("link").first.click()  # a day, then one of its times
    page.locator("label.slot input").first.check()
    field(page, "您的姓名").fill("褚先生")
    field(page, "手机号码").fill("13911113333")
    field(page, "预约事由").fill("邻里纠纷申请诉前调解")
    page.get_by_label(re.compile("^验证问题")).fill(solve(page))
    page.get_by_role("button", name="预约", exact=True).click()
    code = page.get_by_test_id("booking-code").inner_text()
    assert sms_to(served, phone="13911113333", event="appointment")
    page.goto(served.url + "/portal/appointments/cancel/")
    field(page, "预约码").fill(code)
    field(page, "提交时使用的手机号码").fill("13911113333")
    page.get_by_role("button", name="取消预约").click()
    assert page.get_by_test_id("cancelled").is_visible()
