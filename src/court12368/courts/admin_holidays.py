"""系统配置: the national holiday tables (放假安排), one per year, and the courts' requests for a year.

A year is entered as a whole by a platform administrator, on a grid of the year (each day 休, 班 or as
the week has it) that a paste of the State Council's notice fills in for checking first; saving replaces
the year (computed or entered) at once and recomputes what depends on it (courts/holidays.py). A court's
administrator reads every year on the same page and asks for one to be entered or corrected.
"""

import calendar
import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from court12368.core import audit
from court12368.core.admin_audit import AuditedAdmin
from court12368.core.admin_scope import is_platform_administrator
from court12368.courts import holiday_rules, holidays
from court12368.courts.holiday_notice import (
    HOLIDAY,
    WORKDAY,
    ParsedNotice,
    check_against_rules,
    names_for,
    parse_notice,
)
from court12368.courts.models import HolidayRequest, HolidayYear
from court12368.courts.queries import missing_holiday_years

FIRST_YEAR, LAST_YEAR = 2000, 2199
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


class NoticeForm(forms.Form):
    notice = forms.CharField(
        label=gettext_lazy("The State Council's notice"),
        widget=forms.Textarea(attrs={"rows": 9, "cols": 100}),
        help_text=gettext_lazy(
            "Paste the notice's lines, e.g. “元旦：1月1日放假，共1天。” and "
            "“春节：2月15日至23日放假调休，共9天。2月14日（星期六）、2月28日（星期六）上班。”; "
            "the grid below is filled in to check before saving."
        ),
    )


class YearDetailsForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("The notice's number, e.g. 国办发明电〔2026〕1号."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequestForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note to the platform administrators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )


def _field(day: dt.date) -> str:
    return f"d{day:%Y%m%d}"


def _months(year: int, kinds: dict, names: dict) -> list[dict]:
    """The year's grid: per month, weeks of cells (None outside the month)."""
    statutory = dict(holiday_rules.statutory_holidays(year)) if holiday_rules.governs(year) else {}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in calendar.Calendar().monthdatescalendar(year, month):
            weeks.append([
                None if day.month != month else {
                    "date": day, "field": _field(day), "kind": kinds.get(day, ""), "name": names.get(day, ""),
                    "weekend": day.weekday() >= 5, "statutory": statutory.get(day, ""),
                }
                for day in week
            ])  # fmt: skip
        months.append({"month": month, "weeks": weeks})
    return months


def _kinds_from_grid(year: int, data) -> ParsedNotice:
    grid = ParsedNotice(year=year)
    day = dt.date(year, 1, 1)
    while day.year == year:
        value = data.get(_field(day), "")
        if value in (HOLIDAY, WORKDAY):
            grid.kinds[day] = value
        day += dt.timedelta(days=1)
    check_against_rules(grid)
    return grid


@admin.register(HolidayYear)
class HolidayYearAdmin(AuditedAdmin):
    list_display = ["year", "status", "source_shown", "holiday_count", "workday_count", "open_requests"]
    list_display_links = ["year"]
    change_list_template = "admin/courts/holidayyear/change_list.html"

    @admin.display(description=gettext_lazy("status"))
    def status(self, obj):
        return _("provisional (computed)") if obj.provisional else _("entered")

    @admin.display(description=gettext_lazy("source"), ordering="source")
    def source_shown(self, obj):
        # The tables seeded from the pinned package read as what they are, not as the package's name.
        package, _sep, version = obj.source.partition(" ")
        if package == "chinese-calendar":
            return _("national tables shipped with the platform (version %(version)s)") % {"version": version}
        return obj.source

    @admin.display(description=gettext_lazy("holidays"))
    def holiday_count(self, obj):
        return obj.days.filter(kind="holiday").count()

    @admin.display(description=gettext_lazy("make-up working days"))
    def workday_count(self, obj):
        return obj.days.filter(kind="workday").count()

    @admin.display(description=gettext_lazy("open requests"))
    def open_requests(self, obj):
        return holidays.open_requests(obj.year).count() or ""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        year_view = self.admin_site.admin_view(self.year_view)
        return [path("year/<int:year>/", year_view, name="{}_{}_year".format(*info)), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_enter": self.has_add_permission(request),
            "next_years": sorted({*missing_holiday_years(), timezone.localdate().year + 1}),
        }
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        """A year is added as a whole, on the year's page (``?year=``: the first year not entered)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        asked = request.GET.get("year", "")
        if asked.isdigit():
            return self.year_view(request, int(asked))
        return self.year_view(request, (missing_holiday_years() or [timezone.localdate().year + 1])[0])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        table = self.get_object(request, object_id)
        if table is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return redirect("admin:courts_holidayyear_year", table.year)

    def _may_edit(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def year_view(self, request, year: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise Http404
        editable = self._may_edit(request)
        action = request.POST.get("action") if request.method == "POST" else None
        if action in ("parse", "save") and not editable:
            raise PermissionDenied
        if action == "request":
            return self._request_year(request, year)
        kinds, names, provisional = holidays.table_of(year)
        notice_form = NoticeForm(request.POST if action == "parse" else None)
        source = HolidayYear.objects.filter(year=year).values_list("source", flat=True).first()
        details = YearDetailsForm(request.POST if action == "save" else None, initial={"source": source})
        checked = None
        if action == "parse" and notice_form.is_valid():
            checked = parse_notice(notice_form.cleaned_data["notice"], year)
            kinds, names = checked.kinds, checked.names
        elif action == "save":
            checked = _kinds_from_grid(year, request.POST)
            kinds = checked.kinds
            names = names_for(year, kinds)
            if not checked.errors and details.is_valid():
                return self._save(request, year, kinds, names, details.cleaned_data)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Holidays and make-up working days of %(year)d") % {"year": year},
            "year": year,
            "provisional": provisional,
            "editable": editable,
            "months": _months(year, kinds, names),
            "weekdays": WEEKDAYS,
            "checked": checked,
            "notice_form": notice_form,
            "details_form": details,
            "request_form": RequestForm(),
            "may_request": bool(request.user.court_id) and request.user.has_perm("courts.add_holidayrequest"),
            "requests": holidays.open_requests(year),
            "years": (year - 1, year + 1),
        }
        return TemplateResponse(request, "admin/courts/holidayyear/year.html", context)

    def _save(self, request, year, kinds, names, details):
        entered = holidays.enter_year(
            year, kinds, names=names, source=details["source"], notes=details["notes"],
            actor=request.user, ip=audit.client_ip(request),
        )  # fmt: skip
        counts = {
            "year": year,
            "holidays": sum(1 for kind in kinds.values() if kind == HOLIDAY),
            "workdays": sum(1 for kind in kinds.values() if kind == WORKDAY),
            "count": entered.recomputed,
        }
        self.message_user(
            request,
            _(
                "The holiday table for %(year)d was entered: %(holidays)d rest days and %(workdays)d make-up "
                "working days. The deadlines of %(count)d open orders were computed again."
            )
            % counts,
            messages.SUCCESS,
        )
        return redirect("admin:courts_holidayyear_year", year)

    def _request_year(self, request, year: int):
        if not request.user.court_id or not request.user.has_perm("courts.add_holidayrequest"):
            raise PermissionDenied
        form = RequestForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        holidays.request_year(court=request.user.court, year=year, note=note, requested_by=request.user)
        self.message_user(
            request,
            _("Your request for the holiday table of %(year)d was sent to the platform administrators.")
            % {"year": year},
            messages.SUCCESS,
        )
        return redirect("admin:courts_holidayyear_year", year)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        holidays.announce([obj.year], actor=request.user)  # its deadlines fall back on the rules

    def delete_queryset(self, request, queryset):
        years = list(queryset.values_list("year", flat=True))
        super().delete_queryset(request, queryset)
        holidays.announce(years, actor=request.user)


@admin.register(HolidayRequest)
class HolidayRequestAdmin(AuditedAdmin):
    list_display = ["year", "court", "note", "requested_by", "requested_at", "done_at"]
    list_filter = ["year", ("done_at", admin.EmptyFieldListFilter)]
    fields = ["court", "year", "note", "requested_by", "requested_at", "done_at"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["requested_by", "requested_at"]
        if not is_platform_administrator(request):
            fixed.append("done_at")  # done when a platform administrator enters the year
        return [*super().get_readonly_fields(request, obj), *fixed]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("court", request.user.court_id)
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.requested_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect(reverse("admin:courts_holidayyear_year", args=[obj.year]))
