import pytest

from court12368.courts.models import Court, CourtLevel, Department, Role, Staff
from court12368.demo import services as demo

pytestmark = pytest.mark.django_db


def snapshot():
    from court12368.cases.models import Party

    staff = sorted(Staff.objects.values_list("username", "full_name", "mobile", "role", "court__code"))
    parties = sorted(
        Party.objects.values_list("case__number", "name", "role", "id_masked", "service_password__digest")
    )
    return staff, parties


def test_demo_data_loads_the_hierarchy_with_every_role():
    assert demo.database_is_empty()
    demo.load_demo_data()
    assert not demo.database_is_empty()
    levels = {level: Court.objects.filter(level=level).count() for level in CourtLevel}
    assert levels[CourtLevel.HIGH] >= 1
    assert levels[CourtLevel.INTERMEDIATE] >= 2
    assert levels[CourtLevel.BASIC] >= 4
    chaoyang = Court.objects.get(code="京0105")
    # A basic court's code does not name its intermediate court: 朝阳 appeals go to 京03.
    assert chaoyang.parent.code == "京03"
    assert chaoyang.parent.parent.code == "京"
    for court in Court.objects.filter(level=CourtLevel.BASIC):
        roles = set(Staff.objects.filter(court=court).values_list("role", flat=True))
        assert roles == set(Role.values), court
        assert court.service_hours.opens < court.service_hours.closes
        kinds = set(Department.objects.filter(court=court).values_list("kind", flat=True))
        assert {"petition", "discipline", "filing", "enforcement_supervision"} <= kinds


def test_demo_logins_work_with_the_printed_password(client):
    demo.load_demo_data()
    lines = "\n".join(demo.login_lines())
    assert demo.DEFAULT_PASSWORD in lines
    for login, role in demo.LOGIN_ROLES:
        username = f"{demo.PRIMARY_SLUG}.{login}"
        assert username in lines
        staff = Staff.objects.get(username=username)
        assert staff.role == role
        assert staff.check_password(demo.DEFAULT_PASSWORD)
    assert Staff.objects.get(username=demo.PLATFORM_ADMIN).court is None


def test_demo_data_is_the_same_every_time():
    demo.load_demo_data()
    first = snapshot()
    from court12368.appointments.models import Booking, Slot
    from court12368.cases.models import Case
    from court12368.courts.models import DutyShift
    from court12368.hotline.models import Call
    from court12368.workorders.models import Attachment, OrderEntry, WorkOrder

    # History is PROTECTed against deletion; a test may clear it leaf first.
    for model in (Booking, Slot, Call, Attachment, OrderEntry, WorkOrder, Case, DutyShift):
        model.objects.all().delete()
    Staff.objects.all().delete()
    # children before parents: the hierarchy is PROTECTed
    Court.objects.filter(level=CourtLevel.BASIC).delete()
    Court.objects.filter(level=CourtLevel.INTERMEDIATE).delete()
    Court.objects.filter(level=CourtLevel.HIGH).delete()
    Court.objects.all().delete()
    demo.load_demo_data()
    assert snapshot() == first
    assert any("\u4e00" <= name[0] <= "\u9fff" for _, name, *_ in first[0])  # Chinese names
    assert len(first[1]) > 2000


def test_no_logins_printed_for_a_database_without_demo_data():
    assert demo.login_lines() == []


def test_demo_courts_run_both_seed_policies_and_have_leaders_in_charge():
    from court12368.courts.models import Department
    from court12368.workorders.models import DeadlinePolicy

    demo.load_demo_data()
    assert DeadlinePolicy.objects.get(court__code="京0105").reply_unit == "calendar_days"  # Yiwu
    assert DeadlinePolicy.objects.get(court__code="京0108").reply_unit == "working_days"  # Luoyang
    assert DeadlinePolicy.objects.count() == Court.objects.count()
    assert not Department.objects.filter(leader_in_charge__isnull=True).exists()
    assert set(Department.objects.values_list("leader_in_charge__role", flat=True)) == {"leader"}


def test_the_printed_demo_case_passwords_work():
    from court12368.cases.services import verify_identity
    from court12368.demo.cases import SHOWCASE

    demo.load_demo_data()
    lines = "\n".join(demo.login_lines())
    for number, index, password in SHOWCASE:
        assert number in lines and password in lines
        verified = verify_identity(channel="console", case_number=number, password=password)
        assert list(verified.case.parties.order_by("pk")).index(verified.party) == index


# ---- three months of the line (demo/traffic.py) ----------------------------------------------------
SCALE = 0.15  # a seventh of the full volume: every state still shows, and the test stays quick


def test_three_months_of_orders_in_every_state_over_the_departments():
    import datetime as dt

    from django.utils import timezone

    from court12368.hotline.models import Call, QueuedCall
    from court12368.reports import circulars
    from court12368.workorders.models import DeadlineEvent, OrderState, Satisfaction, Target, WorkOrder

    demo.load_demo_data(scale=SCALE)
    chaoyang = Court.objects.get(code=demo.PRIMARY_CODE)
    orders = WorkOrder.objects.filter(court=chaoyang)
    now = timezone.now()
    first = timezone.localtime(orders.order_by("created_at").first().created_at).date()
    assert (timezone.localdate() - first).days >= 85  # three months
    assert not orders.filter(created_at__lt=now - dt.timedelta(days=93)).exists()
    assert not orders.filter(created_at__gt=now).exists()
    assert not Call.objects.filter(answered_at__gt=now).exists()
    assert orders.count() > 800 and orders.filter(on_the_spot=False).count() > 60
    # Every month has orders; the primary court is the richest.
    for months_back in (0, 1, 2):
        day = timezone.localdate() - dt.timedelta(days=1 + 30 * months_back)
        assert (
            orders.filter(created_at__date=day.replace(day=min(day.day, 28))).exists()
            or orders.filter(created_at__year=day.year, created_at__month=day.month).exists()
        )
    others = WorkOrder.objects.exclude(court=chaoyang).values("court").distinct().count()
    assert others >= 5
    for court in Court.objects.exclude(pk=chaoyang.pk):
        assert WorkOrder.objects.filter(court=court).count() < orders.count() / 2

    forwarded = orders.filter(on_the_spot=False)
    assert forwarded.filter(overdue_since__isnull=False, state__in=OrderState.values).exists()  # red now
    assert forwarded.filter(was_overdue=True, state=OrderState.CLOSED).exists()  # late, then closed
    ladder = DeadlineEvent.objects.filter(order__court=chaoyang, step__startswith="escalate:")
    assert ladder.filter(target="department_head").exists()  # urged
    assert ladder.filter(target__in=["leader_in_charge", Target.CIRCULAR]).exists()  # escalated
    assert forwarded.filter(callback_at__isnull=False).count() > 20  # called back
    rated = set(forwarded.exclude(satisfaction="").values_list("satisfaction", flat=True))
    assert {Satisfaction.SATISFIED, Satisfaction.UNSATISFIED} <= rated
    assert forwarded.filter(reopened__gt=0).exists()  # the unsatisfied were redone
    assert forwarded.filter(state=OrderState.INFORMED).exists()  # a callback still to make
    assert forwarded.filter(repeat_calls__gt=0).exists()  # callers who rang again
    departments = set(forwarded.exclude(department=None).values_list("department__name", flat=True))
    assert len(departments) >= 4, departments
    handlers = set(forwarded.exclude(handler=None).values_list("handler", flat=True))
    assert len(handlers) >= 6
    assert Call.objects.filter(court=chaoyang, channel="voicemail").exists()  # after hours
    hours = [
        timezone.localtime(t).hour
        for t in Call.objects.filter(court=chaoyang).values_list("answered_at", flat=True)
    ]
    assert sum(8 <= h < 18 for h in hours) > 0.9 * len(hours)  # working hours mostly
    assert QueuedCall.objects.filter(court=chaoyang, answered_at__isnull=False).count() > 500

    # Last month's circular names overdue orders and has figures.
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    start, end = circulars.period_of("monthly", last_month)
    circular = circulars.snapshot(chaoyang, start, end)
    assert circular["overdue"], "last month's circular names overdue orders"
    headline = {row["label"]: row["value"] for row in circular["headline"]}
    assert all(value for value in headline.values() if isinstance(value, int)), headline
    assert any(isinstance(v, float) and v > 0 for v in headline.values())
    assert len(circular["departments"]) >= 3


def test_orders_answered_on_the_spot_are_inserted_as_log_call_writes_them():
    """The bulk path (demo/traffic.py) writes what the console's service writes for the same call."""
    import datetime as dt
    import random

    from django.utils import timezone

    from court12368.demo.traffic import insert_on_the_spot
    from court12368.hotline.services import log_call

    demo.load_demo_data()
    agent = Staff.objects.get(username="chaoyang.agent")
    from court12368.cases.models import Case

    case = Case.objects.filter(court=agent.court).order_by("pk").first()
    when = timezone.now() - dt.timedelta(days=3)
    fields = dict(
        court=agent.court,
        agent=agent,
        content="询问开庭时间",
        kind="case_query",
        answer="已告知开庭时间",
        caller_name="王先生",
        caller_number="13912345678",
        case=case,
        rang_at=when - dt.timedelta(seconds=5),
        now=when,
    )
    by_service = log_call(**fields, dispatch=False)
    [in_bulk] = insert_on_the_spot([fields], random.Random(1), [])

    def rows(call):
        order = call.work_order
        skip = {"id", "number", "short_code", "_state", "work_order_id", "order_id"}
        keep = lambda obj: {k: v for k, v in vars(obj).items() if k not in skip}  # noqa: E731
        entries = [keep(e) for e in order.entries.order_by("pk")]
        return keep(type(call).objects.get(pk=call.pk)), keep(type(order).objects.get(pk=order.pk)), entries

    assert rows(by_service) == rows(in_bulk)


def test_serve_prints_progress_and_ends_with_the_logins(capsys):
    import io

    from court12368.startup import Progress, print_logins

    demo.load_demo_data()
    out = io.StringIO()
    progress = Progress(out)
    for step in range(0, 101, 5):
        progress(step / 100)
    lines = out.getvalue().splitlines()
    assert lines[0] == "载入演示数据… 0%" and lines[-1] == "载入演示数据… 100%" and len(lines) == 11
    logins = demo.login_lines()
    printed = io.StringIO()
    print_logins(logins, printed)
    assert printed.getvalue().rstrip("\n").splitlines()[-len(logins) :] == logins
