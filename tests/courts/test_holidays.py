import datetime

import pytest
import time_machine

from court12368.courts import services
from court12368.courts.models import CalendarDay, DayKind, HolidayYear
from court12368.courts.queries import missing_holiday_years

pytestmark = pytest.mark.django_db


def test_migrations_seed_every_year_the_package_knows():
    years = set(HolidayYear.objects.values_list("year", flat=True))
    assert set(services.package_years()) <= years
    assert {2004, 2025, 2026} <= years


def test_2026_spring_festival_and_its_make_up_days():
    days = {d.date: d for d in CalendarDay.objects.filter(date__year=2026)}
    for day in range(15, 24):
        assert days[datetime.date(2026, 2, day)].kind == DayKind.HOLIDAY
        assert days[datetime.date(2026, 2, day)].name == "春节"
    # Saturdays worked in exchange (调休).
    assert days[datetime.date(2026, 2, 14)].kind == DayKind.MAKEUP_WORKDAY
    assert days[datetime.date(2026, 2, 28)].kind == DayKind.MAKEUP_WORKDAY
    assert days[datetime.date(2026, 10, 10)].kind == DayKind.MAKEUP_WORKDAY
    assert days[datetime.date(2026, 10, 1)].name == "国庆节"


def test_reimport_leaves_an_administrators_corrections_alone():
    table = HolidayYear.objects.get(year=2026)
    extra = CalendarDay.objects.create(
        table=table, date=datetime.date(2026, 12, 31), kind=DayKind.HOLIDAY, name="本地调整"
    )
    assert services.import_holidays_from_package([2026]) == []
    assert CalendarDay.objects.filter(pk=extra.pk).exists()
    assert services.import_holidays_from_package([2026], replace=True) == [2026]
    assert not CalendarDay.objects.filter(date=datetime.date(2026, 12, 31)).exists()


def test_years_the_package_lacks_import_nothing():
    assert services.import_holidays_from_package([2099]) == []
    assert not HolidayYear.objects.filter(year=2099).exists()


@time_machine.travel(datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.UTC), tick=False)
def test_next_years_missing_table_is_reported():
    assert missing_holiday_years() == [2027]


@time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC), tick=False)
def test_no_warning_once_next_year_is_entered():
    HolidayYear.objects.create(year=2027, source="国办发明电")
    assert missing_holiday_years() == []


def test_day_outside_the_tables_year_is_invalid():
    table = HolidayYear.objects.get(year=2026)
    day = CalendarDay(table=table, date=datetime.date(2025, 5, 1), kind=DayKind.HOLIDAY)
    with pytest.raises(Exception) as error:
        day.full_clean()
    assert "date" in error.value.message_dict
