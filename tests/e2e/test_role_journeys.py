"""Every role's main journey in one place, at the court PC's 1366×768 (the public's on a 390×844 phone),
with a screenshot of each main page: the pictures of the user guide (docs/guide/).

Each journey starts from what the line sends that role: the agent logs the call through the console, and the
judge, clerk, duty judge and department head take it from their home page's counts to the reply. The
leader reads the figures, the court administrator the configuration, the public the portal.
Retake the guide's pictures with
``COURT12368_SCREENSHOTS=docs/guide/img pytest tests/e2e/test_role_journeys.py``.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.staff import field, sign_in
from tests.e2e.test_portal import solve
from tests.e2e.test_walkthrough import sms_to

pytestmark = pytest.mark.browser
SCREEN = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
CASE, PASSWORD = "（2026）京0105民初1号", "2026010501"  # a showcase case of the named judge (demo/cases.py)


def full_name(served, username: str) -> str:
    return served.sql("SELECT full_name FROM courts_staff WHERE username = ?", (username,))[0][0]


def log_call(page, served, caller: str, label: str, content: str, case: str = "") -> str:
    """The agent logs a call of ``label`` ("kind/sub_kind") the rules send on; the order's number, from what
    the console says."""
    kind, sub_kind = label.split("/")
    sign_in(page, served, "chaoyang.agent")
    page.goto(served.url + "/console/")
    field(page, "来电号码").fill(caller)
    if case:
        field(page.get_by_test_id("call-form"), "案号").fill(case)
    field(page, "类型").select_option(value=kind)
    field(page, "子类").select_option(value=sub_kind)
    field(page, "来电内容").fill(content)
    page.get_by_role("button", name="保存来电").click()
    return re.search(r"工单(\d+)已转", page.locator(".messages").inner_text()).group(1)


def open_from_home(page, served, username: str, number: str, screenshots, role: str) -> None:
    """Home's counts, then the inbox, then the order: the way a handler starts the day."""
    sign_in(page, served, username)
    counts = page.get_by_test_id("home-counts")
    assert int(counts.get_by_test_id("count-to-do").inner_text()) >= 1
    screenshots(page, f"{role}-1-home")
    counts.get_by_test_id("count-to-do").click()
    page.get_by_role("link", name=number).wait_for()
    screenshots(page, f"{role}-2-inbox")
    page.get_by_role("link", name=number).click()


def acknowledge_and_reply(page, text: str) -> None:
    page.get_by_role("button", name="签收").click()
    assert page.get_by_test_id("order-state").inner_text() == "承办人已签收"
    page.get_by_test_id("reply-form").get_by_label(re.compile("^回复")).fill(text)
    page.get_by_role("button", name="提交回复").click()
    assert page.get_by_test_id("order-state").inner_text() == "已回复"


@pytest.fixture
def staff_page(page):
    page.set_viewport_size(SCREEN)
    return page


def test_agent_logs_calls_and_follows_them_up(served, staff_page, screenshots):
    page = staff_page
    sign_in(page, served, "chaoyang.agent")
    screenshots(page, "agent-1-home")
    page.goto(served.url + "/console/")
    field(page, "来电号码").fill("13987650000")
    verify = page.get_by_test_id("verify-form")
    field(verify, "案号").fill(CASE)
    field(verify, "诉讼服务密码").fill(PASSWORD)
    verify.get_by_role("button").click()
    page.get_by_test_id("verified-case").wait_for()
    expect(page.locator("#call-form [name=case_number]")).to_have_value(CASE)  # typed once
    field(page, "来电内容").fill("询问案件审理进度")
    page.locator("#id_on_the_spot").check()
    screenshots(page, "agent-2-console")
    page.get_by_role("button", name="保存来电").click()
    assert "当场答复" in page.locator(".messages").inner_text()

    number = log_call(
        page,
        served,
        "13987650001",
        "contact_judge/repeat_contact",
        "多次联系承办法官未果，请法官回电",
        case=CASE,
    )
    page.goto(f"{served.url}/orders/{number}/")
    assert full_name(served, "chaoyang.judge") in page.get_by_test_id("order-handler").inner_text()
    screenshots(page, "agent-3-order")
    page.get_by_role("link", name="回访").first.click()
    page.get_by_test_id("callbacks").wait_for()
    screenshots(page, "agent-4-callbacks")
    page.get_by_role("link", name="台账", exact=True).first.click()
    page.get_by_role("link", name=number).wait_for()
    screenshots(page, "agent-5-ledger")


def test_judge_answers_an_order_from_home(served, staff_page, screenshots):
    page = staff_page
    number = log_call(
        page,
        served,
        "13987650002",
        "contact_judge/repeat_contact",
        "想问法官何时开庭，电话一直打不通",
        case=CASE,
    )
    open_from_home(page, served, "chaoyang.judge", number, screenshots, "judge")
    acknowledge_and_reply(page, "已回电告知当事人开庭时间另行通知")
    screenshots(page, "judge-3-replied")
    assert sms_to(served, phone="13987650002", event="call_registered")


def test_clerk_answers_what_the_judge_passes_on(served, staff_page, screenshots):
    page = staff_page
    number = log_call(
        page, served, "13987650003", "contact_judge/repeat_contact", "想补交证据材料，问交到哪里", case=CASE
    )
    clerk = full_name(served, "chaoyang.clerk")
    sign_in(page, served, "chaoyang.judge")
    page.goto(f"{served.url}/orders/{number}/")
    page.get_by_text("转办", exact=True).first.click()
    field(page, "承办人").select_option(label=clerk)
    field(page, "原因").first.fill("补交材料事宜请书记员答复")
    page.get_by_role("button", name="转办").click()
    # No longer the judge's: back to the inbox, saying where it went
    assert f"已转办至 {clerk}" in page.locator(".messages").inner_text()
    open_from_home(page, served, "chaoyang.clerk", number, screenshots, "clerk")
    acknowledge_and_reply(page, "已告知当事人将证据材料交至诉讼服务中心收转窗口")
    screenshots(page, "clerk-3-replied")


def test_duty_judge_answers_a_hard_question(served, staff_page, screenshots):
    page = staff_page
    number = log_call(
        page, served, "13987650004", "consultation/hard_question", "申请再审需要向哪个法院提交，当场未能答复"
    )
    open_from_home(page, served, "chaoyang.dutyjudge", number, screenshots, "dutyjudge")
    acknowledge_and_reply(page, "已告知来电人向原审法院的上一级法院申请再审")
    screenshots(page, "dutyjudge-3-replied")


def test_department_head_passes_a_complaint_to_a_judge(served, staff_page, screenshots):
    page = staff_page
    number = log_call(
        page, served, "13987650005", "complaint/conduct", "立案后三个月没有任何消息，投诉审理拖延", case=CASE
    )
    # Not the judge complained about (issue 20): another judge of the division looks into it.
    [(colleague, name)] = served.sql(
        "SELECT username, full_name FROM courts_staff WHERE role = 'judge' AND username <> 'chaoyang.judge' "
        "AND department_id = (SELECT department_id FROM courts_staff WHERE username = 'chaoyang.judge')"
    )
    open_from_home(page, served, "chaoyang.head", number, screenshots, "head")
    page.get_by_text("转办", exact=True).first.click()
    field(page, "承办人").select_option(label=name)
    field(page, "原因").first.fill("请核查审理进度并答复")
    page.get_by_role("button", name="转办").click()
    assert f"已转办至 {name}" in page.locator(".messages").inner_text()
    screenshots(page, "head-3-transferred")
    page.get_by_role("link", name="统计分析").first.click()
    assert page.locator("table").first.is_visible()
    screenshots(page, "head-4-statistics")
    assert sms_to(served, username=colleague, event="dispatch")


def test_leader_reads_the_figures(served, staff_page, screenshots):
    page = staff_page
    sign_in(page, served, "chaoyang.leader")
    screenshots(page, "leader-1-home")
    page.get_by_role("link", name="领导驾驶舱").first.click()
    page.locator("#charts[data-drawn='1']").wait_for()
    screenshots(page, "leader-2-dashboard")
    page.get_by_role("link", name="统计分析").first.click()
    assert page.locator("table").first.is_visible()
    screenshots(page, "leader-3-kpis")
    page.get_by_role("link", name="情况通报").first.click()
    screenshots(page, "leader-4-circulars")


def test_court_administrator_checks_the_configuration(served, staff_page, screenshots):
    page = staff_page
    sign_in(page, served, "chaoyang.admin")
    screenshots(page, "admin-1-home")
    page.get_by_role("link", name="系统配置").first.click()
    screenshots(page, "admin-2-configuration")
    page.goto(served.url + "/admin/workorders/routingrule/")
    page.get_by_test_id("routing-trial-link").click()
    field(page, "类型").select_option(value="petition")
    page.get_by_role("button", name="显示去向").click()
    assert page.get_by_test_id("routing-trial-department").inner_text() == "信访办公室"
    screenshots(page, "admin-3-routing-trial")
    page.goto(served.url + "/admin/courts/holidayyear/")
    screenshots(page, "admin-4-holidays")
    page.goto(served.url + "/duty-roster/")
    page.get_by_test_id("roster").wait_for()
    screenshots(page, "admin-5-roster")


def test_the_public_on_a_phone(served, page, screenshots):
    page.set_viewport_size(PHONE)
    page.goto(served.url + "/portal/")
    screenshots(page, "public-1-portal")
    page.goto(served.url + "/portal/c/京0105/case/")
    field(page, "案号").fill(CASE)
    field(page, "诉讼服务密码").fill(PASSWORD)
    page.get_by_label(re.compile("本人承诺依法使用")).check()
    page.get_by_role("button", name="查询", exact=True).click()
    assert page.get_by_test_id("case-stage").inner_text()
    screenshots(page, "public-2-case", full_page=True)
    page.goto(served.url + "/portal/c/京0105/submit/")
    field(page, "诉求类型").select_option(label="联系承办法官")
    field(page, "您的姓名").fill("秦女士")
    field(page, "手机号码").fill("13911115555")
    field(page, "诉求内容").fill("请承办法官回电说明鉴定进度")
    page.get_by_label(re.compile("^验证问题")).fill(solve(page))
    page.get_by_role("button", name="提交", exact=True).click()
    number = page.get_by_test_id("tracking-number").inner_text()
    screenshots(page, "public-3-submitted")
    page.goto(served.url + "/portal/track/")
    field(page, "查询编号").fill(number)
    field(page, "提交时使用的手机号码").fill("13911115555")
    page.get_by_role("button", name="查询", exact=True).click()
    assert page.get_by_test_id("status").inner_text()
    screenshots(page, "public-4-track")
