"""系统配置 of the routing tables: a court's administrator edits only their courts' rules, a new court starts
from the default preset (洛阳中院一号通办服务工作规范), a reset to a preset is one audited change, the
"test this rule" box shows where a request would go, and gaps in a table are warned about."""

import pytest
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.courts.models import Court, DepartmentKind, Role, Staff
from court12368.demo.factories import CourtFactory, DepartmentFactory, StaffFactory
from court12368.workorders import routing_config
from court12368.workorders.lifecycle import handling, intake, policy
from court12368.workorders.models import DeadlinePolicy, OrderKind, RoutingRule, RuleTarget, SubKind
from court12368.workorders.presets import LUOYANG_ROUTING_RULES, PRESETS, YIWU_ROUTING_RULES
from tests.builders import Court as BuiltCourt
from tests.core.test_admin_scope import BrowserForm

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:workorders_routingrule_changelist"
TRIAL = "admin:workorders_routingrule_trial"
RESET = "admin:workorders_routingrule_reset"


@pytest.fixture
def administrator(court):
    return StaffFactory(court=court, role=Role.ADMINISTRATOR, username="cfg")


@pytest.fixture
def other():
    return CourtFactory(code="京0108", name="北京市海淀区人民法院")


def names(court) -> list[str]:
    return list(
        RoutingRule.objects.filter(court=court).order_by("priority", "pk").values_list("name", flat=True)
    )


def rule_form(rule: RoutingRule, **changes) -> dict:
    fields = {**policy.rule_fields(rule), "court": rule.court_id, **changes}
    return {name: value for name, value in fields.items() if value is not False}  # unchecked: not sent


def test_a_court_administrator_lists_and_edits_only_their_courts_rules(client, court, other, administrator):
    theirs = RoutingRule.objects.filter(court=other).first()
    theirs.name = "海淀法院的规则"
    theirs.save()
    client.force_login(administrator)
    listing = client.get(reverse(CHANGELIST)).content.decode()
    assert LUOYANG_ROUTING_RULES[0].name in listing and "海淀法院的规则" not in listing
    # Another court's rule does not exist for them: opening or changing it sends them back.
    assert client.get(reverse("admin:workorders_routingrule_change", args=[theirs.pk])).status_code == 302
    client.post(
        reverse("admin:workorders_routingrule_change", args=[theirs.pk]), rule_form(theirs, name="改")
    )
    assert RoutingRule.objects.get(pk=theirs.pk).name == "海淀法院的规则"

    ours = RoutingRule.objects.get(court=court, kind=OrderKind.PETITION)
    url = reverse("admin:workorders_routingrule_change", args=[ours.pk])
    moved = client.post(url, rule_form(ours, court=other.pk))
    assert moved.status_code == 200 and RoutingRule.objects.get(pk=ours.pk).court == court
    saved = client.post(url, rule_form(ours, priority=5, written_report_required=True))
    assert saved.status_code == 302
    ours.refresh_from_db()
    assert (ours.priority, ours.written_report_required) == (5, True)
    entry = AuditEntry.objects.get(action="config.changed", subject_type="workorders.routingrule")
    assert entry.details["before"] == {"priority": 80, "written_report_required": False}
    assert entry.details["after"] == {"priority": 5, "written_report_required": True}
    assert (entry.actor, entry.court) == (administrator, court.pk)


def test_a_department_target_needs_its_kind_and_other_targets_refuse_one(client, court, administrator):
    client.force_login(administrator)
    form = {"court": court.pk, "priority": 1, "name": "新规则", "kind": OrderKind.OTHER,
            "sub_kind": SubKind.SUGGESTION, "is_active": "on"}  # fmt: skip
    add = reverse("admin:workorders_routingrule_add")
    no_kind = client.post(add, {**form, "target": RuleTarget.DEPARTMENT_HEAD, "department_kind": ""})
    assert no_kind.status_code == 200 and "请选择部门类别" in no_kind.content.decode()
    stray = client.post(
        add, {**form, "target": RuleTarget.LEADERS, "department_kind": DepartmentKind.PETITION}
    )
    assert stray.status_code == 200 and "请清空部门类别" in stray.content.decode()
    assert not RoutingRule.objects.filter(name="新规则").exists()
    made = client.post(add, {**form, "target": RuleTarget.LEADERS, "department_kind": ""})
    assert made.status_code == 302 and RoutingRule.objects.get(name="新规则").target == RuleTarget.LEADERS
    assert AuditEntry.objects.filter(action="config.added", subject_type="workorders.routingrule").exists()


def test_a_court_created_in_the_admin_starts_from_the_default_preset_and_its_first_petition_routes(client):
    root = Staff.objects.create_superuser("root", password="Root-12368-pass")
    client.force_login(root)
    add = reverse("admin:courts_court_add")
    form = BrowserForm.read(client.get(add).content.decode(), "court_form")
    form.update(code="京0106", name="北京市丰台区人民法院", level="basic", area_code="010")
    assert client.post(add, form).status_code == 302
    court = Court.objects.get(code="京0106")
    assert names(court) == [rule.name for rule in PRESETS["luoyang"].routing_rules]
    assert DeadlinePolicy.objects.get(court=court).name == PRESETS["luoyang"].name

    petitions = DepartmentFactory(court=court, kind=DepartmentKind.PETITION, name="信访办公室")
    head = StaffFactory(court=court, department=petitions, role=Role.DEPARTMENT_HEAD)
    agent = StaffFactory(court=court, role=Role.AGENT)
    order = intake.create_work_order(court=court, kind=OrderKind.PETITION, summary="对判决不服", agent=agent)
    order = handling.dispatch_by_rules(order, actor=agent)
    assert (order.handler, order.department) == (head, petitions)


def test_seeding_a_court_is_idempotent_and_a_chosen_preset_is_kept(court):
    version = DeadlinePolicy.objects.get(court=court).version
    policy.start_court(court)
    assert policy.seed_routing_rules(court) == 0 and len(names(court)) == len(LUOYANG_ROUTING_RULES)
    assert policy.apply_preset(court, "luoyang").version == version  # the same preset again: no change
    with policy.courts_start_from("yiwu"):
        yiwu = CourtFactory(code="京0107", name="北京市石景山区人民法院")
    assert names(yiwu) == [rule.name for rule in YIWU_ROUTING_RULES]
    assert DeadlinePolicy.objects.get(court=yiwu).name == PRESETS["yiwu"].name


def test_reset_to_the_luoyang_preset_replaces_the_rules_and_is_audited(client, court, other, administrator):
    policy.replace_routing_rules(court, "yiwu")
    RoutingRule.objects.create(
        court=court, name="本院自定规则", kind=OrderKind.OTHER, target=RuleTarget.LEADERS
    )
    before = names(court)
    deletions = AuditEntry.objects.filter(action="workorders.routingrule.deleted")
    deleted_before = deletions.count()
    client.force_login(administrator)
    assert client.post(reverse(RESET), {"court": other.pk, "preset": "yiwu"}).status_code == 200
    assert names(other) == [rule.name for rule in LUOYANG_ROUTING_RULES]  # out of reach: untouched

    response = client.post(reverse(RESET), {"court": court.pk, "preset": "luoyang"})
    assert response.status_code == 302
    assert names(court) == [rule.name for rule in LUOYANG_ROUTING_RULES]
    [entry] = AuditEntry.objects.filter(action="config.routing_rules_reset")
    assert (entry.actor, entry.court, entry.channel, entry.details["preset"]) == (
        administrator, court.pk, "admin", "luoyang"
    )  # fmt: skip
    assert [rule["name"] for rule in entry.details["before"]] == before
    assert [rule["name"] for rule in entry.details["after"]] == names(court)
    # One record of the whole table, not one per deleted rule.
    assert deletions.count() == deleted_before


def test_the_test_box_shows_the_route_and_the_no_rule_message(client, court, administrator):
    c = BuiltCourt(court)  # the Yiwu table, a department of every kind with its head, a judge with a case
    client.force_login(administrator)
    page = client.get(reverse(TRIAL), {"court": court.pk}).content.decode()
    assert 'id="routing-trial-form"' in page and "routing-trial-result" not in page
    # Opened from anywhere, the box starts on the administrator's one court, not on a blank choice
    assert f'<option value="{court.pk}" selected>' in client.get(reverse(TRIAL)).content.decode()

    petition = client.get(reverse(TRIAL), {"court": court.pk, "kind": OrderKind.PETITION}).content.decode()
    assert "信访申诉：转信访部门负责人" in petition
    assert (
        str(c.head[DepartmentKind.PETITION]) in petition
        and str(c.dept[DepartmentKind.PETITION].name) in petition
    )

    conduct = client.get(
        reverse(TRIAL),
        {
            "court": court.pk,
            "kind": OrderKind.COMPLAINT,
            "sub_kind": SubKind.CONDUCT,
            "case_number": c.case.number,
        },
    ).content.decode()
    assert str(c.head[DepartmentKind.CIVIL]) in conduct  # the head of the judge's department

    none = client.get(
        reverse(TRIAL), {"court": court.pk, "kind": OrderKind.OTHER, "sub_kind": SubKind.SUGGESTION}
    )
    assert "没有适用的转办规则" in none.content.decode()
    unknown = client.get(
        reverse(TRIAL), {"court": court.pk, "kind": OrderKind.PETITION, "case_number": "无此案"}
    )
    assert "本院没有这个案号的案件" in unknown.content.decode()


def test_the_luoyang_table_sends_each_matter_where_its_rules_say(court):
    c = BuiltCourt(court)
    policy.replace_routing_rules(court, "luoyang")
    expected = {
        (OrderKind.CONSULTATION, SubKind.HARD_QUESTION): RuleTarget.DUTY_JUDGE,  # art. 5(2), art. 7
        (OrderKind.CONTACT_JUDGE, ""): RuleTarget.JUDGE_IN_CHARGE,  # art. 5(3)
        (OrderKind.COMPLAINT, SubKind.VIOLATION): RuleTarget.DEPARTMENT_HEAD,  # art. 5(4)
        (OrderKind.OTHER, SubKind.SUGGESTION): RuleTarget.DEPARTMENT_HEAD,  # art. 5(5)
    }
    for (kind, sub_kind), target in expected.items():
        assert routing_config.trial(court, kind, sub_kind, c.case).rule.target == target
    assert routing_config.trial(court, OrderKind.CONTACT_JUDGE, "", c.case).route.handler == c.judge
    violation = routing_config.trial(court, OrderKind.COMPLAINT, SubKind.VIOLATION).route
    assert violation.department == c.dept[DepartmentKind.DISCIPLINE]
    suggestion = routing_config.trial(court, OrderKind.OTHER, SubKind.SUGGESTION).route
    assert suggestion.department == c.dept[DepartmentKind.LITIGATION_SERVICE]
    assert routing_config.trial(court, OrderKind.OTHER, SubKind.ABUSIVE).rule is None  # the rules say nothing


def test_a_court_with_no_rule_for_a_type_is_warned_in_the_rules_list(client, court, administrator):
    client.force_login(administrator)
    # No departments yet: the rules sent to a kind of department the court lacks are named.
    listing = client.get(reverse(CHANGELIST)).content.decode()
    assert "违法违纪举报中心" in listing and "没有启用的转办规则" not in listing
    for kind in DepartmentKind:
        DepartmentFactory(court=court, kind=kind, name=str(kind.label))
    assert 'data-testid="routing-gap"' not in client.get(reverse(CHANGELIST)).content.decode()
    RoutingRule.objects.filter(court=court, kind=OrderKind.PETITION).delete()
    listing = client.get(reverse(CHANGELIST)).content.decode()
    assert (
        'data-testid="routing-gap"' in listing and "没有启用的转办规则" in listing and "信访申诉" in listing
    )
