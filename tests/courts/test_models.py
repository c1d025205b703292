import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from court12368.courts import services
from court12368.courts.models import CourtLevel, Role, Staff
from court12368.demo.factories import CourtFactory, DepartmentFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("最高法", "supreme"),
        ("京", "high"),
        ("京01", "intermediate"),
        ("京0105", "basic"),
        ("粤0703", "basic"),
        ("京73", "intermediate"),
    ],
)
def test_court_codes_in_the_spc_layout_are_accepted(code, level):
    court = CourtFactory(code=code, level=level)
    assert court.code == code


def test_the_code_must_fit_the_level():
    with pytest.raises(ValidationError) as error:
        CourtFactory(code="京01", level="basic")
    assert "中级人民法院" in error.value.message_dict["code"][0]


@pytest.mark.parametrize("code", ["京1", "京012", "京01051", "BJ01", "0105", "京京01", "", "测0105"])
def test_malformed_court_codes_are_rejected(code):
    with pytest.raises(ValidationError) as error:
        CourtFactory(code=code)
    assert "code" in error.value.message_dict


def test_a_basic_court_must_sit_under_an_intermediate_court():
    high = CourtFactory(code="京", level=CourtLevel.HIGH)
    with pytest.raises(ValidationError) as error:
        CourtFactory(code="京0105", level=CourtLevel.BASIC, parent=high)
    assert "parent" in error.value.message_dict
    intermediate = CourtFactory(code="京03", level=CourtLevel.INTERMEDIATE, parent=high)
    assert CourtFactory(code="京0105", level=CourtLevel.BASIC, parent=intermediate).parent == intermediate


def test_the_supreme_court_has_no_parent():
    spc = CourtFactory(code="最高法", level=CourtLevel.SUPREME)
    spc.parent = CourtFactory(code="京", level=CourtLevel.HIGH)
    with pytest.raises(ValidationError) as error:
        spc.full_clean()
    assert list(error.value.message_dict) == ["parent"]


def test_hotline_is_area_code_plus_12368():
    assert CourtFactory(area_code="0579").hotline == "0579-12368"


def test_bad_area_code_is_rejected():
    with pytest.raises(ValidationError) as error:
        CourtFactory(area_code="579")
    assert "area_code" in error.value.message_dict


def test_service_hours_must_be_ordered_and_lunch_inside(court):
    with pytest.raises(ValidationError):
        services.set_service_hours(court, opens=datetime.time(17), closes=datetime.time(9))
    with pytest.raises(ValidationError):
        services.set_service_hours(
            court, opens=datetime.time(9), closes=datetime.time(17), lunch_starts=datetime.time(12)
        )
    with pytest.raises(ValidationError):
        services.set_service_hours(
            court,
            opens=datetime.time(9),
            closes=datetime.time(17),
            lunch_starts=datetime.time(16),
            lunch_ends=datetime.time(18),
        )
    hours = services.set_service_hours(court, opens=datetime.time(9), closes=datetime.time(17))
    assert str(hours) == "09:00-17:00"
    court.refresh_from_db()
    assert court.service_hours.lunch_starts is None


def test_staff_department_must_belong_to_the_same_court(court):
    other = DepartmentFactory(court=CourtFactory())
    with pytest.raises(ValidationError) as error:
        StaffFactory(court=court, department=other)
    assert "department" in error.value.message_dict
    assert not Staff.objects.exists()


def test_only_administrators_may_have_no_court(db):
    with pytest.raises(ValidationError):
        StaffFactory(role=Role.JUDGE, court=None)
    admin = StaffFactory(role=Role.ADMINISTRATOR, court=None)
    assert admin.is_staff and admin.is_superuser


def test_the_database_also_refuses_courtless_staff(db):
    staff = StaffFactory(role=Role.ADMINISTRATOR, court=None)
    staff.role = Role.AGENT
    with pytest.raises(IntegrityError):
        staff.save()


def test_create_staff_wants_exactly_one_password_form(court):
    with pytest.raises(ValueError):
        services.create_staff(username="x", role=Role.AGENT, court=court)
    with pytest.raises(ValueError):
        services.create_staff(
            username="x", role=Role.AGENT, court=court, password="a-long-password", password_hash="md5$x$y"
        )
    staff = services.create_staff(username="x", role=Role.AGENT, court=court, password="a-long-password")
    assert staff.check_password("a-long-password")
    assert "a-long-password" not in staff.password
    assert not staff.is_staff
