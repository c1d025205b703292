"""Issue 22, item 1: imported and synced cases link their judge and clerk to staff records."""

import csv
import io
import json
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from court12368.cases.models import Case
from court12368.core.models import AuditEntry
from court12368.courts.models import Role, Staff
from court12368.courts.signals import staff_changed
from court12368.workorders.models import RoutingRule, RuleTarget
from court12368.workorders.rules import resolve

pytestmark = pytest.mark.django_db

HEADER = ["案号", "承办法官", "承办法官工号", "书记员", "书记员工号", "当事人", "诉讼地位"]


@pytest.fixture
def staff(make_staff):
    return SimpleNamespace(
        judge=make_staff(Role.JUDGE, username="j1001", full_name="王明", office_phone="010-85001234"),
        head=make_staff(Role.DEPARTMENT_HEAD, username="h1001", full_name="赵庭长"),
        clerk=make_staff(Role.CLERK, username="c2001", full_name="孙书记", office_phone="010-85005678"),
        twin=make_staff(Role.JUDGE, username="j1002", full_name="李强"),
        other_twin=make_staff(Role.JUDGE, username="j1003", full_name="李强"),
        agent=make_staff(Role.AGENT, username="a3001", full_name="周新"),
    )


def import_rows(tmp_path, rows, name="cases.csv") -> str:
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    out = io.StringIO()
    call_command("import_cases", path, stdout=out)
    return out.getvalue()


def case(n: int) -> Case:
    return Case.objects.get(number=f"（2026）京0105民初{n}号")


def row(n, judge="", judge_no="", clerk="", clerk_no=""):
    return [f"(2026)京0105民初{n}号", judge, judge_no, clerk, clerk_no, "张三", "原告"]


def test_an_import_links_by_staff_number_or_unique_name_and_reports_the_rest_row_by_row(
    court, staff, tmp_path
):
    report = import_rows(
        tmp_path,
        [
            row(501, judge="王明", clerk="孙书记"),  # both by name
            row(502, judge="李强", clerk_no="c2001"),  # namesakes; the clerk by number alone
            row(503, judge="钱某"),  # nobody of that name
            row(504, judge="李强", judge_no="j1003"),  # the number tells the namesakes apart
            row(505, judge="周新"),  # an agent is no judge
            row(506, judge="王明", judge_no="j1002"),  # the number and the name disagree
            row(507),  # no judge yet
        ],
    )
    assert (case(501).judge, case(501).clerk) == (staff.judge, staff.clerk)
    assert (case(502).judge, case(502).clerk, case(502).clerk_name) == (None, staff.clerk, "孙书记")
    assert case(503).judge is None and case(503).judge_name == "钱某"  # imported with the name as text
    assert case(504).judge == staff.other_twin
    assert case(505).judge is None and case(506).judge is None and case(506).judge_name == "王明"
    assert "未关联承办法官的案件 5 件，未关联书记员的案件 5 件" in report
    assert "第3行：（2026）京0105民初502号：承办法官“李强”在本院有2名同名人员，未关联" in report
    assert "第4行：（2026）京0105民初503号：承办法官“钱某”在本院没有对应的在职法官" in report
    assert "第6行：（2026）京0105民初505号：承办法官“周新”在本院没有对应的在职法官" in report
    assert "第7行：（2026）京0105民初506号：承办法官“王明”与工号“j1002”的姓名“李强”不一致" in report
    assert "507号" not in report  # no name, nothing to report: only counted
    entry = AuditEntry.objects.get(action="import_cases")
    assert entry.details["without_judge"] == 5 and entry.details["staff_unlinked"] == 4


def test_a_linked_judge_gets_the_routes_the_rules_name(court, staff, tmp_path):
    import_rows(tmp_path, [row(501, judge="王明")])
    repeat = RoutingRule(court=court, target=RuleTarget.JUDGE_IN_CHARGE)
    conduct = RoutingRule(court=court, target=RuleTarget.JUDGE_DEPARTMENT_HEAD)
    assert resolve(repeat, court, case(501)).handler == staff.judge
    assert resolve(conduct, court, case(501)).handler == staff.head


def test_staff_of_another_court_or_gone_are_not_linked(court, staff, make_staff, tmp_path):
    from court12368.demo.factories import CourtFactory

    make_staff(Role.JUDGE, username="j9", full_name="吴远", court=CourtFactory(code="京0108"))
    gone = make_staff(Role.JUDGE, username="j10", full_name="郑离")
    gone.is_active = False
    gone.save()
    report = import_rows(tmp_path, [row(501, judge="吴远"), row(502, judge_no="j9"), row(503, judge="郑离")])
    assert not Case.objects.filter(judge__isnull=False).exists()
    assert "承办法官工号“j9”不是本院在职法官，未关联" in report


def test_a_new_import_keeps_a_link_that_agrees_and_drops_one_that_no_longer_does(
    court, staff, make_staff, tmp_path
):
    import_rows(tmp_path, [row(501, judge="王明")], "a.csv")
    make_staff(Role.JUDGE, username="j1004", full_name="王明")  # a namesake joins later
    import_rows(tmp_path, [row(501, judge="王明")], "b.csv")
    assert case(501).judge == staff.judge  # the same name as the linked account: still theirs
    report = import_rows(tmp_path, [row(501, judge="钱某")], "c.csv")
    assert (case(501).judge, case(501).judge_name) == (None, "钱某")  # the case changed hands
    assert "未关联承办法官的案件 1 件" in report
    import_rows(tmp_path, [row(501, clerk="孙书记")], "d.csv")  # names no judge: the judge stays as is
    assert (case(501).judge_name, case(501).clerk) == ("钱某", staff.clerk)


def test_a_judge_added_later_links_the_cases_naming_them(court, staff, make_staff, tmp_path):
    import_rows(tmp_path, [row(501, judge="冯新", clerk="褚书"), row(502, judge="冯新")])
    assert case(501).judge is None
    judge = make_staff(Role.JUDGE, username="j2001", full_name="冯新")
    clerk = make_staff(Role.CLERK, username="c2002", full_name="褚书")
    assert (case(501).judge, case(502).judge, case(501).clerk) == (judge, judge, clerk)
    changed = AuditEntry.objects.filter(action="cases.case.changed", subject_id=str(case(501).pk))
    recorded = [(e.details["before"], e.details["after"]) for e in changed]
    assert ({"judge_id": None}, {"judge_id": judge.pk}) in recorded
    assert ({"clerk_id": None}, {"clerk_id": clerk.pk}) in recorded


def test_a_sign_in_or_a_new_agent_links_nothing(court, staff, make_staff, tmp_path):
    import_rows(tmp_path, [row(501, judge="周新")])
    staff.agent.save(update_fields=["last_login"])
    make_staff(Role.AGENT, username="a3002", full_name="周新")
    assert case(501).judge is None


def test_staff_added_in_bulk_link_once_the_import_says_so(court, department, staff, tmp_path):
    import_rows(tmp_path, [row(501, judge="蒋一", clerk="沈二"), row(502, judge="韩三")])
    Staff.objects.bulk_create(  # as a staff import writes them: no post_save
        [
            Staff(username="j3001", full_name="蒋一", role=Role.JUDGE, court=court, department=department),
            Staff(username="j3002", full_name="韩三", role=Role.JUDGE, court=court),
            Staff(username="j3003", full_name="韩三", role=Role.LEADER, court=court),
            Staff(username="c3001", full_name="沈二", role=Role.CLERK, court=court),
        ]
    )
    assert case(501).judge is None
    staff_changed.send(sender=Staff, court=court)
    assert case(501).judge.username == "j3001" and case(501).clerk.username == "c3001"
    assert case(502).judge is None  # two of that name: never guessed


def test_the_console_shows_the_linked_judges_and_clerks_office_phones(client, court, staff, tmp_path):
    import_rows(tmp_path, [row(501, judge_no="j1001", clerk="孙书记")])
    from court12368.cases import services

    password = services.issue_password(case(501).parties.get())
    client.force_login(staff.agent)
    body = client.post(
        reverse("case-lookup"),
        {"method": "case_and_password", "case_number": case(501).number, "password": password},
    ).content.decode()
    assert "王明（010-85001234）" in body and "孙书记（010-85005678）" in body


def test_a_json_import_takes_staff_numbers(court, staff, tmp_path):
    path = tmp_path / "cases.json"
    record = {"number": "（2026）京0105民初601号", "judge_staff_no": "j1002", "clerk_staff_no": "c2001"}
    path.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("import_cases", path, stdout=out)
    assert (case(601).judge, case(601).judge_name, case(601).clerk) == (staff.twin, "李强", staff.clerk)
    assert "未关联承办法官的案件 0 件" in out.getvalue()
