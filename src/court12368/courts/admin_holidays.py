"""系统配置: the national holiday tables (放假安排), one per year."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from court12368.core.admin_audit import AuditedAdmin
from court12368.core.admin_scope import ScopedChoices
from court12368.courts.models import CalendarDay, HolidayYear


class CalendarDayInline(ScopedChoices, admin.TabularInline):
    model = CalendarDay
    extra = 3


@admin.register(HolidayYear)
class HolidayYearAdmin(AuditedAdmin):
    list_display = ["year", "source", "holiday_count", "workday_count"]
    inlines = [CalendarDayInline]

    @admin.display(description=_("holidays"))
    def holiday_count(self, obj):
        return obj.days.filter(kind="holiday").count()

    @admin.display(description=_("make-up working days"))
    def workday_count(self, obj):
        return obj.days.filter(kind="workday").count()
