"""The demo data set: a small Beijing slice of the court hierarchy, with staff in every role.

Deterministic: the same seed gives the same names and numbers on every machine. Built with the
factories the tests use.
"""

import contextlib
import datetime
from collections.abc import Callable
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from court12368.cases.models import Case
from court12368.core.hashing import sip_ha1
from court12368.courts.models import Court, CourtLevel, DepartmentKind, Role, Staff
from court12368.courts.services import set_leader_in_charge
from court12368.demo.calls import load_demo_calls
from court12368.demo.cases import SHOWCASE, load_demo_cases, showcase_lines
from court12368.demo.factories import (
    DEFAULT_PASSWORD,
    CourtFactory,
    DepartmentFactory,
    ServiceHoursFactory,
    StaffFactory,
    reseed,
)
from court12368.demo.numbers import add_public_numbers
from court12368.demo.roster import arrange_demo_roster, name_demo_contact_person
from court12368.demo.traffic import load_traffic
from court12368.notifications import services as notifications
from court12368.notifications.models import Channel, Notification, SmsSettings, Status
from court12368.workorders.lifecycle.policy import courts_start_from

SEED = 12368
PRIMARY_SLUG = "chaoyang"
PRIMARY_CODE = "京0105"
# The demo shows both courts' published rules: 朝阳 runs Yiwu's, every other court Luoyang's.
POLICY_PRESETS = {"chaoyang": "yiwu"}

# (slug, code, name, level, parent slug, division code, address, service hours)
T = datetime.time
STANDARD_HOURS = (T(8, 30), T(17, 30), T(12, 0), T(13, 30))
SHORT_HOURS = (T(9, 0), T(17, 0), None, None)
COURTS = [
    ("spc", "最高法", "最高人民法院", CourtLevel.SUPREME, None, "", "北京市东城区东交民巷27号", SHORT_HOURS),
    (
        "bjgy",
        "京",
        "北京市高级人民法院",
        CourtLevel.HIGH,
        "spc",
        "110000",
        "北京市丰台区西三环南路10号",
        STANDARD_HOURS,
    ),
    (
        "bj1zy",
        "京01",
        "北京市第一中级人民法院",
        CourtLevel.INTERMEDIATE,
        "bjgy",
        "",
        "北京市石景山区石景山路16号",
        STANDARD_HOURS,
    ),
    (
        "bj3zy",
        "京03",
        "北京市第三中级人民法院",
        CourtLevel.INTERMEDIATE,
        "bjgy",
        "",
        "北京市朝阳区八里桥北街1号",
        STANDARD_HOURS,
    ),
    (
        "chaoyang",
        "京0105",
        "北京市朝阳区人民法院",
        CourtLevel.BASIC,
        "bj3zy",
        "110105",
        "北京市朝阳区朝阳公园南路1号",
        STANDARD_HOURS,
    ),
    (
        "tongzhou",
        "京0112",
        "北京市通州区人民法院",
        CourtLevel.BASIC,
        "bj3zy",
        "110112",
        "北京市通州区新华东街1号",
        SHORT_HOURS,
    ),
    (
        "haidian",
        "京0108",
        "北京市海淀区人民法院",
        CourtLevel.BASIC,
        "bj1zy",
        "110108",
        "北京市海淀区丹棱街12号",
        STANDARD_HOURS,
    ),
    (
        "shijingshan",
        "京0107",
        "北京市石景山区人民法院",
        CourtLevel.BASIC,
        "bj1zy",
        "110107",
        "北京市石景山区古城南路",
        SHORT_HOURS,
    ),
]

DEPARTMENTS = [
    ("院领导", DepartmentKind.LEADERSHIP),
    ("诉讼服务中心", DepartmentKind.LITIGATION_SERVICE),
    ("立案庭", DepartmentKind.FILING),
    ("民事审判第一庭", DepartmentKind.CIVIL),
    ("民事审判第二庭", DepartmentKind.CIVIL),
    ("刑事审判庭", DepartmentKind.CRIMINAL),
    ("行政审判庭", DepartmentKind.ADMINISTRATIVE),
    ("执行局", DepartmentKind.ENFORCEMENT),
    ("执行监督处", DepartmentKind.ENFORCEMENT_SUPERVISION),
    ("信访办公室", DepartmentKind.PETITION),
    ("违法违纪举报中心", DepartmentKind.DISCIPLINE),
]
TRIAL_KINDS = {
    DepartmentKind.CIVIL,
    DepartmentKind.CRIMINAL,
    DepartmentKind.ADMINISTRATIVE,
    DepartmentKind.ENFORCEMENT,
}

# The logins printed at start-up: one per role in the primary court, and the platform administrator.
LOGIN_ROLES = [
    ("agent", Role.AGENT),
    ("dutyjudge", Role.DUTY_JUDGE),
    ("judge", Role.JUDGE),
    ("clerk", Role.CLERK),
    ("head", Role.DEPARTMENT_HEAD),
    ("leader", Role.LEADER),
    ("admin", Role.ADMINISTRATOR),
]
PLATFORM_ADMIN = "admin"


def database_is_empty() -> bool:
    return not Court.objects.exists() and not Staff.objects.exists()


def _staff_for_court(slug: str, court: Court, departments: dict) -> None:
    by_kind: dict = {}
    for department in departments.values():
        by_kind.setdefault(department.kind, []).append(department)
    service_centre = by_kind[DepartmentKind.LITIGATION_SERVICE][0]
    civil_one = by_kind[DepartmentKind.CIVIL][0]
    leadership = by_kind[DepartmentKind.LEADERSHIP][0]

    # The named logins: the role's obvious home.
    named = {
        "agent": service_centre,
        "dutyjudge": service_centre,
        "judge": civil_one,
        "clerk": civil_one,
        "head": civil_one,
        "leader": leadership,
        "admin": service_centre,
    }
    for login, role in LOGIN_ROLES:
        username = f"{slug}.{login}"
        # The agent's and the judge's softphones may register with the voice line (the demo password).
        softphone = login in ("agent", "judge")
        phone = sip_ha1(username, settings.IVR_SIP_REALM, DEFAULT_PASSWORD) if softphone else ""
        staff = StaffFactory(
            username=username, role=role, court=court, department=named[login], sip_ha1=phone
        )
        if role == Role.LEADER:
            leader = staff
    for n in range(2, 4):
        StaffFactory(username=f"{slug}.agent{n}", role=Role.AGENT, court=court, department=service_centre)
    second_leader = StaffFactory(
        username=f"{slug}.leader2", role=Role.LEADER, court=court, department=leadership
    )
    # Two leaders share the departments: trial work to the first, the rest to the second.
    for department in departments.values():
        in_charge = leader if department.kind in TRIAL_KINDS else second_leader
        set_leader_in_charge(department, in_charge)
    # Every other department gets a head; trial departments get judges and a clerk.
    for index, department in enumerate(departments.values()):
        if department not in (civil_one, leadership):
            StaffFactory(
                username=f"{slug}.d{index}.head",
                role=Role.DEPARTMENT_HEAD,
                court=court,
                department=department,
            )
        if department.kind in TRIAL_KINDS:
            for n in range(1, 3 if department is not civil_one else 2):
                StaffFactory(
                    username=f"{slug}.d{index}.judge{n}", role=Role.JUDGE, court=court, department=department
                )
            if department is not civil_one:
                StaffFactory(
                    username=f"{slug}.d{index}.clerk", role=Role.CLERK, court=court, department=department
                )


def load_demo_data(*, scale: float = 0.0, progress: Callable[[float], None] | None = None) -> None:
    """The whole demo data set, in one transaction. ``scale``: the share of three months of calls to load
    (demo/traffic.py; ``serve`` passes COURT12368_DEMO_SCALE, 1 = all; the default, 0, gives the courts,
    staff, cases and the showcase morning only, which is what most tests need); ``progress`` is told how
    far the load has got (0 to 1)."""
    with _history_not_sent():
        _load(scale, progress or (lambda _fraction: None))


@contextlib.contextmanager
def _history_not_sent():
    """The demo's SMS are three months of history: they stay in the outbox as sent, and none goes to the
    worker (which would log each one as it sent it, thousands of lines after the printed logins)."""
    with mock.patch.object(notifications, "_enqueue", lambda pk: None):
        yield


# Shares of the load's time, for the progress shown while it runs (measured on 朝阳's full volume).
BEFORE_TRAFFIC, AFTER_TRAFFIC = 0.08, 0.97


@transaction.atomic
def _load(scale: float, progress: Callable[[float], None]) -> None:
    reseed(SEED)
    by_slug: dict[str, Court] = {}
    for slug, code, name, level, parent, region, address, hours in COURTS:
        with courts_start_from(POLICY_PRESETS.get(slug, "luoyang")):  # its deadline policy and routing
            court = CourtFactory(
                code=code,
                name=name,
                short_name=name.removeprefix("北京市"),
                level=level,
                parent=by_slug.get(parent),
                region_code=region,
                address=address,
                area_code="010",
            )  # every demo court is in Beijing
        by_slug[slug] = court
        opens, closes, lunch_starts, lunch_ends = hours
        ServiceHoursFactory(
            court=court, opens=opens, closes=closes, lunch_starts=lunch_starts, lunch_ends=lunch_ends
        )
        departments = {
            dept_name: DepartmentFactory(court=court, name=dept_name, kind=kind)
            for dept_name, kind in DEPARTMENTS
        }
        _staff_for_court(slug, court, departments)
    add_public_numbers(by_slug)  # each court's own numbers (demo/numbers.py)
    # The primary court takes SMS on 12368 (a real court uses its operator-issued 106 number).
    SmsSettings.objects.create(
        court=by_slug[PRIMARY_SLUG],
        inbound_number="12368",
        route_guide="（演示数据）交通路线以法院官网公布为准。",
    )
    StaffFactory(username=PLATFORM_ADMIN, role=Role.ADMINISTRATOR, court=None, full_name="平台管理员")
    refresh_demo_slots()
    load_demo_cases()
    arrange_demo_roster(by_slug[PRIMARY_SLUG])  # before the calls: the hard question goes to today's judge
    progress(BEFORE_TRAFFIC)
    span = AFTER_TRAFFIC - BEFORE_TRAFFIC
    if scale > 0:
        load_traffic(scale=scale, seed=SEED, progress=lambda done: progress(BEFORE_TRAFFIC + span * done))
    load_demo_calls()
    name_demo_contact_person(by_slug[PRIMARY_SLUG], PRIMARY_SLUG)  # last: earlier names stay the same
    # Sent long ago, as far as the demo is concerned; the outbox still lists them.
    Notification.objects.filter(channel=Channel.SMS, status=Status.QUEUED).update(
        status=Status.SENT, sent_at=timezone.now(), transport="console"
    )
    progress(1.0)


# Appointment services of the primary demo court and the department that receives each.
DEMO_SLOTS = {
    "filing": "立案庭",
    "mediation": "诉讼服务中心",
    "meet_judge": "民事审判第一庭",
    "video_petition": "信访办公室",
}
DEMO_SLOT_TIMES = [
    datetime.time(9, 0),
    datetime.time(9, 30),
    datetime.time(10, 0),
    datetime.time(14, 30),
    datetime.time(15, 0),
]


def refresh_demo_slots(working_days: int = 10) -> int:
    """Open appointment slots on the primary demo court's next working days (run at every start)."""
    from court12368.appointments.services import publish_slots
    from court12368.courts.calendars import calendar_for

    court = Court.objects.filter(code=PRIMARY_CODE).first()
    if court is None:
        return 0
    calendar = calendar_for(court)
    days, day = [], timezone.localdate()
    while len(days) < working_days:
        day = calendar.next_working_day(day)
        days.append(day)
    created = 0
    for service, department_name in DEMO_SLOTS.items():
        department = court.departments.get(name=department_name)
        created += len(
            publish_slots(
                court=court,
                department=department,
                service=service,
                days=days,
                times=DEMO_SLOT_TIMES,
                capacity=2,
                place=f"{court.short_name}{department_name}",
            )
        )
    return created


def login_lines() -> list[str]:
    """What ``serve`` prints: the demo logins, if this database holds the demo data."""
    primary = Staff.objects.filter(username__startswith=f"{PRIMARY_SLUG}.").select_related("court").first()
    if not primary:
        return []
    lines = [
        f"演示账号 / demo logins ({primary.court.name}), 密码 / password: {DEFAULT_PASSWORD}",
    ]
    for login, role in LOGIN_ROLES:
        lines.append(f"  {PRIMARY_SLUG}.{login:<10} {role.label}")
    lines.append(f"  {PLATFORM_ADMIN:<19} 平台管理员 / platform administrator")
    lines.append("  其他法院 / other courts: haidian.agent, tongzhou.judge, ... (same password)")
    lines.append(
        f"  座席、法官软电话 / softphones: 以 {PRIMARY_SLUG}.agent 或 {PRIMARY_SLUG}.judge 注册语音热线 "
        f"/ register with the voice line as {PRIMARY_SLUG}.agent or {PRIMARY_SLUG}.judge, same password"
    )
    if Case.objects.filter(number=SHOWCASE[0][0]).exists():
        lines.extend(showcase_lines())
    return lines
