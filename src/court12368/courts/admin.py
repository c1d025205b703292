"""Configuration screens for administrators: courts, departments, staff, hours, holiday tables."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from court12368.core.admin_audit import AuditedAdmin
from court12368.courts.models import (
    CalendarDay,
    Court,
    CourtClosure,
    Department,
    HolidayYear,
    ServiceHours,
    Staff,
)


class ServiceHoursInline(admin.StackedInline):
    model = ServiceHours
    can_delete = False


class CourtClosureInline(admin.TabularInline):
    model = CourtClosure
    extra = 0


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Court)
class CourtAdmin(AuditedAdmin):
    list_display = ["code", "name", "level", "parent", "area_code", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "short_name", "region_code"]
    autocomplete_fields = ["parent"]
    inlines = [ServiceHoursInline, CourtClosureInline, DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["name", "court", "kind", "phone"]
    list_filter = ["kind", "court"]
    search_fields = ["name", "court__name", "court__code"]


@admin.register(Staff)
class StaffAdmin(AuditedAdmin, UserAdmin):
    list_display = ["username", "full_name", "role", "court", "department", "is_active"]
    list_filter = ["role", "court", "is_active"]
    search_fields = ["username", "full_name", "court__name"]
    autocomplete_fields = ["court", "department"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            _("Court and role"),
            {"fields": ["full_name", "court", "department", "role", "office_phone", "mobile", "sip_uri"]},
        ),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Court and role"), {"fields": ["full_name", "court", "department", "role"]}),
    ]


class CalendarDayInline(admin.TabularInline):
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
