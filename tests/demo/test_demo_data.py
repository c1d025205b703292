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
