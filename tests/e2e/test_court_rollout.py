"""A court goes live (issue 22): an intermediate court's administrator imports a new basic court with its
departments and staff from a spreadsheet, sets its routing rules from the Luoyang preset, puts a judge on
the duty roster, and the new agent's first calls go where the rules say, in a real browser."""

import io
import re

import openpyxl
import pytest

from tests.e2e.staff import field, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "court-demo-12368"
AGENT_PASSWORD = "Mentougou-hotline-2026"

CODE = "京0109"
COURT = "北京市门头沟区人民法院"
DEPARTMENTS = [
    ("院领导", "院领导"),
    ("诉讼服务中心", "诉讼服务中心"),
    ("立案庭", "立案庭"),
    ("民事审判第一庭", "民事审判庭"),
    ("信访办公室", "信访部门"),
    ("违法违纪举报中心", "违法违纪举报中心"),
]
# (staff number, name, role, department, mobile)
AGENT = ("mtg.agent", "赵敏慧", "座席员", "诉讼服务中心", "13911090001")
PETITION_HEAD = ("mtg.xf.head", "孙立新", "部门负责人", "信访办公室", "")
JUDGE = ("mtg.ms1.judge", "李明哲", "法官", "民事审判第一庭", "")
CIVIL_HEAD = ("mtg.ms1.head", "周振华", "部门负责人", "民事审判第一庭", "")
CENTRE_HEAD = ("mtg.fw.head", "吴晓燕", "部门负责人", "诉讼服务中心", "")
LEADER = ("mtg.leader", "郑国强", "院领导", "院领导", "")
STAFF = [AGENT, PETITION_HEAD, JUDGE, CIVIL_HEAD, CENTRE_HEAD, LEADER]


def fill_sheet(sheet, rows: list[dict]) -> None:
    """Write the rows under the template's own headers, in whatever order it puts the columns."""
    headers = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(number, headers.index(header) + 1, value)


def rollout_workbook(template: bytes, path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(template))
    fill_sheet(book["法院"], [{
        "法院代字": CODE, "上级法院代字": "京01", "法院名称": COURT, "简称": "门头沟法院",
        "行政区划代码": "110109", "电话区号": "010", "地址": "北京市门头沟区新桥大街", "服务开始": "08:30",
        "服务结束": "17:30", "午休开始": "12:00", "午休结束": "13:30",
    }])  # fmt: skip
    fill_sheet(
        book["部门"], [{"法院代字": CODE, "部门": name, "部门类型": kind} for name, kind in DEPARTMENTS]
    )
    fill_sheet(book["人员"], [
        {"法院代字": CODE, "工号": username, "姓名": name, "角色": role, "部门": department, "手机": mobile}
        for username, name, role, department, mobile in STAFF
    ])  # fmt: skip
    book.save(path)


def orders_of(served, number):
    return served.sql(
        "SELECT s.username, d.name, o.kind, o.sub_kind, c.code FROM workorders_workorder o "
        "JOIN courts_court c ON c.id = o.court_id LEFT JOIN courts_staff s ON s.id = o.handler_id "
        "LEFT JOIN courts_department d ON d.id = o.department_id WHERE o.number = ?",
        (number,),
    )


def log_call(page, *, caller, kind, sub_kind, content):
    page.get_by_role("link", name="座席工作台").first.click()
    field(page, "来电号码").fill(caller)
    field(page, "类型").select_option(label=kind)
    field(page, "子类").select_option(label=sub_kind)
    field(page, "来电内容").fill(content)
    page.get_by_role("button", name="保存来电").click()
    message = page.locator(".messages").inner_text()
    return re.search(r"工单(\d+)已转(.+)办理", message).groups()


def test_an_administrator_rolls_out_a_new_court(served, page, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 768})

    # 1. The intermediate court's administrator imports the new basic court from the template.
    sign_in(page, served, "bj1zy.admin")
    page.get_by_role("link", name="系统配置").first.click()
    page.locator("#content-main tr.model-court").get_by_role("link", name="法院", exact=True).click()
    page.get_by_test_id("courts-import-link").click()
    with page.expect_download() as download:
        page.get_by_test_id("courts-import-template").click()
    workbook = tmp_path / "门头沟法院.xlsx"
    rollout_workbook(download.value.path().read_bytes(), workbook)
    field(page, "表格文件（.xlsx 或 .csv）").set_input_files(workbook)
    page.get_by_role("button", name="导入", exact=True).click()
    result = page.get_by_test_id("courts-import-result").inner_text()
    assert "法院：新增 1 个" in result and "部门：新增 6 个" in result and "人员：新增 6 人" in result
    logins = page.locator(".module", has=page.get_by_role("heading", name="新账号")).inner_text()
    for username, name, *_rest in STAFF:
        assert username in logins and name in logins
    assert CODE in logins
    [(court_id, parent, area)] = served.sql(
        "SELECT c.id, p.code, c.area_code FROM courts_court c JOIN courts_court p ON p.id = c.parent_id "
        "WHERE c.code = ?",
        (CODE,),
    )
    assert (parent, area) == ("京01", "010")
    assert served.sql("SELECT opens, closes FROM courts_servicehours WHERE court_id = ?", (court_id,))

    # 2. Its routing rules, reset to the Luoyang preset; then where a petition would go.
    page.get_by_role("link", name="系统配置").first.click()
    page.get_by_role("link", name="转办规则").first.click()
    page.locator("#changelist-filter").get_by_role("link", name=COURT).click()
    page.get_by_test_id("routing-reset-link").click()
    assert field(page, "法院").locator("option:checked").inner_text() == COURT
    page.get_by_label("洛阳中院一号通办服务工作规范").check()
    page.get_by_role("button", name="替换规则").click()
    assert "洛阳中院一号通办服务工作规范" in page.locator(".messagelist").inner_text()
    rules = page.locator("#result_list").inner_text()
    assert "信访申诉：推送信访部门（第五条第四项）" in rules
    assert "座席员无法解答的咨询：报值班法官（第五条第二项、第七条）" in rules
    assert "转信访部门负责人" not in rules  # none of Yiwu's
    assert COURT in rules and "北京市海淀区人民法院" not in rules
    assert served.sql(
        "SELECT COUNT(*) FROM workorders_routingrule WHERE court_id = ? AND is_active", (court_id,)
    ) == [(14,)]
    assert served.sql(
        "SELECT COUNT(*) FROM core_auditentry WHERE action = 'config.routing_rules_reset' AND subject_id = ?",
        (str(court_id),),
    ) == [(1,)]  # audited, with the table before and after
    # Every forwarded type has a rule; the one gap is the court's own: it has no enforcement supervision.
    gaps = page.get_by_test_id("routing-gap").all_inner_texts()
    assert len(gaps) == 1 and "执行中影响诉讼权利" in gaps[0], gaps

    page.get_by_test_id("routing-trial-link").click()
    assert field(page, "法院").locator("option:checked").inner_text() == COURT
    field(page, "类型").select_option(label="信访申诉")
    page.get_by_role("button", name="显示去向").click()
    trial = page.get_by_test_id("routing-trial-result")
    assert "信访申诉：推送信访部门" in trial.inner_text()
    assert page.get_by_test_id("routing-trial-department").inner_text() == "信访办公室"
    assert PETITION_HEAD[1] in page.get_by_test_id("routing-trial-handler").inner_text()

    # 3. The duty roster: the civil judge on duty for the whole of today (the server's today: the first
    #    day the page still lets one change; a rest day takes a turn too).
    page.goto(served.url + "/")
    page.get_by_role("link", name="值班表").first.click()
    page.locator("#roster-court").select_option(label=COURT)
    page.locator("#roster-court").locator("xpath=ancestor::form").get_by_role("button").click()
    assert COURT in page.get_by_role("heading", level=1).inner_text()
    today = page.locator("[data-testid=roster] tr[data-date]:has(select:not([disabled]))").first
    date = today.get_attribute("data-date")
    on_duty = f"{JUDGE[1]}（{JUDGE[3]}）"
    for select in today.locator("select").all():
        select.select_option(label=on_duty)
    page.get_by_role("button", name="保存值班表").click()
    assert "值班表已保存" in page.locator(".messages").inner_text()
    today = page.locator(f"[data-testid=roster] tr[data-date='{date}']")
    assert [s.locator("option:checked").inner_text() for s in today.locator("select").all()] == [on_duty] * 2
    assert served.sql(
        "SELECT s.username, d.half FROM courts_dutyshift d JOIN courts_staff s ON s.id = d.judge_id "
        "WHERE d.court_id = ? AND d.date = ?",
        (court_id, date),
    ) == [(JUDGE[0], "day")]
    page.screenshot(path=str(served.data_dir / "rollout-roster.png"), full_page=True)

    # 4. The new agent gets a password (the import gives none) in 系统配置 → 工作人员.
    page.get_by_role("link", name="系统配置").first.click()
    page.get_by_role("link", name="工作人员").first.click()
    page.locator("#searchbar").fill(AGENT[0])
    page.locator("#changelist-search").get_by_role("button").click()
    page.get_by_role("link", name=AGENT[0], exact=True).click()
    page.get_by_role("link", name="设置密码").click()
    page.locator("#id_password1").fill(AGENT_PASSWORD)
    page.locator("#id_password2").fill(AGENT_PASSWORD)
    page.locator("input[name=set-password]").click()
    assert "密码" in page.locator(".messagelist").inner_text()
    [(hashed,)] = served.sql("SELECT password FROM courts_staff WHERE username = ?", (AGENT[0],))
    assert not hashed.startswith("!")  # usable now

    # 5. The agent's first calls: a petition to the petition office's head, a hard question to the
    #    judge on today's roster.
    sign_in(page, served, AGENT[0], AGENT_PASSWORD)
    number, target = log_call(
        page, caller="13911092001", kind="信访申诉", sub_kind="—",
        content="对本院民事判决不服，要求信访部门处理",
    )  # fmt: skip
    assert target == PETITION_HEAD[1]
    assert orders_of(served, number) == [(PETITION_HEAD[0], "信访办公室", "petition", "", CODE)]
    number, target = log_call(
        page, caller="13911092002", kind="诉讼咨询", sub_kind="需值班法官解答的问题",
        content="继承纠纷中遗嘱效力如何认定，座席无法当场解答",
    )  # fmt: skip
    assert target == JUDGE[1]
    assert orders_of(served, number) == [(JUDGE[0], "民事审判第一庭", "consultation", "hard_question", CODE)]
    page.screenshot(path=str(served.data_dir / "rollout-console.png"), full_page=True)
