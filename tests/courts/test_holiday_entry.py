"""Next year's calendar: a year without the State Council's arrangement counts its statutory holidays
(computed, provisional) and says so wherever a period reaches into it; a platform administrator enters
the year as a whole from the notice; a court's administrator reads the tables and asks for a year."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.courts import holidays
from court12368.courts.calendars import clear_cache, holiday_caveat, national_calendar
from court12368.courts.models import CalendarDay, DayKind, HolidayRequest, HolidayYear, Role, Staff
from court12368.courts.queries import missing_holiday_years
from court12368.demo.factories import StaffFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime(2026, 12, 7, 10, tzinfo=SHANGHAI)

# Made up for these tests in the notice's own form (the real 2027 notice is not in the package): 春节 runs
# on to Thursday 11 February, so a period ending that day moves, and two Saturdays are worked.
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至11日（农历正月初七、周四）放假调休，共7天。2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""


@pytest.fixture(autouse=True)
def december_2026():
    clear_cache()
    with time_machine.travel(TODAY, tick=False):
        yield
    clear_cache()


@pytest.fixture
def platform(db):
    return Staff.objects.create_superuser("root", password="Root-12368-pass")


@pytest.fixture
def court_admin(court):
    return StaffFactory(court=court, role=Role.ADMINISTRATOR, username="cfg")


def year_page(year: int) -> str:
    return reverse("admin:courts_holidayyear_year", args=[year])


def grid_of(response) -> dict[str, str]:
    """What the year's grid shows, as the form would post it."""
    return {
        cell["field"]: cell["kind"]
        for month in response.context["months"]
        for week in month["weeks"]
        for cell in week
        if cell and cell["kind"]
    }


def enter_by_paste(client, year: int, notice: str, **details):
    filled = client.post(year_page(year), {"action": "parse", "notice": notice})
    assert filled.status_code == 200 and 'data-testid="holiday-checked"' in filled.content.decode()
    return client.post(year_page(year), {"action": "save", **grid_of(filled), **details})


# ---- a year not entered ----------------------------------------------------------------------------
def test_a_missing_year_counts_its_statutory_holidays_but_is_not_reliable():
    assert not HolidayYear.objects.filter(year=2027).exists()
    calendar = national_calendar()
    assert calendar.is_rest_day(dt.date(2027, 1, 1)) and calendar.is_rest_day(dt.date(2027, 2, 8))
    assert not calendar.covers(dt.date(2026, 12, 22), dt.date(2027, 1, 4))
    assert "2027年的国务院节假日安排尚未录入" in holiday_caveat(dt.date(2026, 12, 22), dt.date(2027, 1, 4))
    assert holiday_caveat(dt.date(2026, 1, 5), dt.date(2026, 12, 31)) == ""
    assert "2300年没有节假日数据" in holiday_caveat(dt.date(2300, 1, 1), dt.date(2300, 1, 1))


def test_the_sweep_stores_the_coming_years_provisionally_once():
    assert holidays.provide_coming_years() == 3  # 2027-2029: a two-year period started today ends by then
    table = HolidayYear.objects.get(year=2027)
    assert table.provisional and not table.days.filter(kind=DayKind.MAKEUP_WORKDAY).exists()
    assert table.days.filter(kind=DayKind.HOLIDAY).count() == 13
    assert CalendarDay.objects.get(date=dt.date(2027, 2, 5)).name == "春节"
    assert holidays.provide_coming_years() == 0
    assert AuditEntry.objects.filter(action="holidays.computed").count() == 3
    assert missing_holiday_years() == [2027]  # computed is not entered: administrators are still warned


def test_the_command_stores_a_year_by_hand():
    call_command("compute_holidays", "2030")
    assert HolidayYear.objects.get(year=2030).provisional


def test_the_2026_12_22_period_is_flagged_on_every_calculator(client, make_staff):
    asked = {"kind": "civil_ruling_appeal", "start": "2026-12-22"}
    body = client.post("/api/v1/tools/deadline", asked, content_type="application/json").json()
    assert body["nominal_last_day"] == "2027-01-01" and body["last_day"] == "2027-01-04"
    assert body["reliable"] is False and "2027年的国务院节假日安排尚未录入" in body["reason"]

    query = {"period": "1", "period-kind": "civil_ruling_appeal", "period-start": "2026-12-22"}
    portal = client.get(reverse("portal-calculators"), query).content.decode()
    assert 'data-testid="period-unreliable"' in portal and "2027-01-04" in portal
    assert "该日期可能变化" in portal and "未含调休上班日" in portal
    client.force_login(make_staff(role=Role.AGENT))
    console = client.get(reverse("calculators"), query).content.decode()
    assert 'data-testid="period-unreliable"' in console and "尚未录入" in console

    holidays.enter_year(2027, {dt.date(2027, 1, 1): "holiday"})
    body = client.post("/api/v1/tools/deadline", asked, content_type="application/json").json()
    assert body["reliable"] is True and body["reason"] == ""


# ---- entering a year ---------------------------------------------------------------------------------
def test_entering_2027_by_paste_replaces_the_provisional_table(client, platform, court, court_admin):
    holidays.store_provisional_years([2027])
    holidays.request_year(court=court, year=2027, note="请录入", requested_by=court_admin)
    client.force_login(platform)
    page = client.get(reverse("admin:courts_holidayyear_add"), {"year": "2027"}).content.decode()
    assert 'data-testid="notice-form"' in page and "请录入" in page  # the open request is shown

    saved = enter_by_paste(client, 2027, NOTICE_2027, source="国办发明电（测试）", notes="")
    assert saved.status_code == 302 and saved["Location"] == year_page(2027)
    table = HolidayYear.objects.get(year=2027)
    assert not table.provisional and table.source == "国办发明电（测试）"
    days = dict(table.days.values_list("date", "kind"))
    assert (
        days[dt.date(2027, 2, 11)] == DayKind.HOLIDAY and days[dt.date(2027, 2, 20)] == DayKind.MAKEUP_WORKDAY
    )
    assert len([d for d, k in days.items() if k == DayKind.MAKEUP_WORKDAY]) == 5
    assert table.days.get(date=dt.date(2027, 2, 11)).name == "春节"
    assert HolidayRequest.objects.get(year=2027).done_at is not None
    entry = AuditEntry.objects.get(action="holidays.entered")
    assert entry.details["was_provisional"] and "2027-02-20 workday" in entry.details["added"]
    assert missing_holiday_years() == []
    assert national_calendar().covers(dt.date(2026, 12, 22), dt.date(2027, 1, 4))
    shown = client.get(year_page(2027)).content.decode()
    assert "已按国务院放假安排录入" in shown and "已录入" in shown


def test_a_grid_that_breaks_the_rules_saves_nothing(client, platform):
    client.force_login(platform)
    response = client.post(
        year_page(2027), {"action": "save", "d20270104": "workday", "d20270101": "holiday"}
    )
    assert response.status_code == 200
    assert "2027-01-04是工作日：只有星期六或星期日才能是调休上班日。" in response.content.decode()
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_a_notice_for_another_year_is_shown_back_with_its_errors(client, platform):
    client.force_login(platform)
    response = client.post(year_page(2027), {"action": "parse", "notice": "元旦：2026年1月1日放假。"})
    assert 'data-testid="holiday-errors"' in response.content.decode()
    assert not HolidayYear.objects.filter(year=2027).exists()


# ---- a court's administrator -------------------------------------------------------------------------
def test_a_court_administrator_reads_the_tables_and_asks_for_a_year(client, court, court_admin, platform):
    client.force_login(court_admin)
    home = client.get("/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="holiday-warning-link">([^<]+)<', home)
    assert link and link.group(2) == "查看或申请录入节假日安排"
    page = client.get(link.group(1))
    assert page.status_code == 200  # no longer a 403
    body = page.content.decode()
    assert 'data-testid="holiday-year"' in body and 'data-testid="request-form"' in body
    assert 'data-testid="notice-form"' not in body and 'name="d20270101"' not in body  # read only
    assert client.get(reverse("admin:courts_holidayyear_changelist")).status_code == 200
    assert client.get(reverse("admin:courts_holidayyear_add")).status_code == 403
    for action in ("parse", "save"):
        assert client.post(year_page(2027), {"action": action, "notice": NOTICE_2027}).status_code == 403
    assert not HolidayYear.objects.filter(year=2027, provisional=False).exists()

    asked = client.post(year_page(2027), {"action": "request", "note": "本院需要2027年安排"})
    assert asked.status_code == 302
    request = HolidayRequest.objects.get()
    assert (request.court, request.year, request.requested_by) == (court, 2027, court_admin)
    assert client.get(reverse("admin:courts_holidayrequest_changelist")).status_code == 200
    client.force_login(platform)
    assert "本院需要2027年安排" in client.get(year_page(2027)).content.decode()


def test_a_platform_administrators_warning_link_opens_the_entry_page(client, platform):
    client.force_login(platform)
    home = client.get("/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="holiday-warning-link">([^<]+)<', home)
    assert link and link.group(2) == "录入节假日安排"
    assert 'data-testid="notice-form"' in client.get(link.group(1)).content.decode()


def test_a_year_beyond_the_tables_is_no_page(client, platform):
    client.force_login(platform)
    assert client.get(year_page(2300)).status_code == 404


def test_entering_the_same_year_again_changes_and_recomputes_nothing():
    first = holidays.enter_year(2027, {dt.date(2027, 1, 1): "holiday", dt.date(2027, 2, 20): "workday"})
    assert first.changed and first.added == ["2027-01-01 holiday", "2027-02-20 workday"]
    again = holidays.enter_year(2027, {dt.date(2027, 1, 1): "holiday", dt.date(2027, 2, 20): "workday"})
    assert not again.changed and again.recomputed == 0
    corrected = holidays.enter_year(2027, {dt.date(2027, 1, 1): "holiday"})
    assert corrected.removed == ["2027-02-20 workday"] and not corrected.added
    assert not CalendarDay.objects.filter(date=dt.date(2027, 2, 20)).exists()
