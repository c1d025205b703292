"""Seed the national holiday tables from the pinned chinese-calendar package (2004 onwards)."""

from django.db import migrations


def seed(apps, schema_editor):
    from court12368.courts.services import PACKAGE_SOURCE, package_days, package_years

    HolidayYear = apps.get_model("courts", "HolidayYear")
    CalendarDay = apps.get_model("courts", "CalendarDay")
    for year in package_years():
        if HolidayYear.objects.filter(year=year).exists():
            continue
        table = HolidayYear.objects.create(year=year, source=PACKAGE_SOURCE)
        CalendarDay.objects.bulk_create(
            CalendarDay(table=table, date=date, kind=kind, name=name) for date, kind, name in package_days(year)
        )


class Migration(migrations.Migration):
    dependencies = [("courts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
