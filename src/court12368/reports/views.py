"""The ledger, statistics and assessment pages and their exports (thin: input, scoped query, audit)."""

import io

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.choices import flatten_choices
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from court12368.core import access, audit
from court12368.hotline.models import Channel
from court12368.reports import assessment as assessment_table
from court12368.reports import export_jobs, figures, hotspots, queries
from court12368.reports.export_jobs import title_for
from court12368.reports.exports import write_ledger
from court12368.reports.forms import AssessmentYear, HotspotWeek, KpiPeriod, LedgerFilter
from court12368.workorders.lifecycle import petitions
from court12368.workorders.models import PetitionTrack


def _filtered(request):
    """The ledger's form, its valid filters, and the filters as people read them (for the audit log)."""
    access.restrict(request.user, "ledger.read")
    form = LedgerFilter(request.GET or None, court=request.user.court)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    described = {
        str(form.fields[name].label): _shown(form.fields[name], value)
        for name, value in filters.items()
        if value not in (None, "", False) and name not in LedgerFilter.NOT_FILTERS
    }
    return form, filters, described


def _shown(field, value) -> str:
    """A filter's value as the form shows it: a choice's label ("投诉", not "complaint"), yes for a box."""
    if value is True:
        return _("yes")
    if isinstance(field, forms.ModelChoiceField):
        return str(field.label_from_instance(value))
    if isinstance(field, forms.ChoiceField):
        return str(dict(flatten_choices(field.choices)).get(value, value))
    return str(value)


def _refused(request, form):
    return render(request, "reports/ledger.html", {"form": form, "page": None}, status=400)


def _audit(request, action: str, described: dict, **details) -> None:
    audit.record(
        action,
        channel="web",
        actor=request.user,
        ip=audit.client_ip(request),
        filters=described,
        **details,
    )


@login_required
def ledger(request):
    form, filters, described = _filtered(request)
    if form.errors:
        return _refused(request, form)
    page = Paginator(queries.ledger(request.user, filters), 50).get_page(request.GET.get("page"))
    # A petition's running 信访工作条例 clock beside its state: one query for the page.
    tracks = {t.order_id: t for t in PetitionTrack.objects.filter(order__in=[o.pk for o in page])}
    for order in page:
        order.channel_label = Channel(order.channel).label if order.channel else "-"
        order.petition_clock = petitions.running_clock(tracks[order.pk]) if order.pk in tracks else None
    _audit(request, "reports.ledger_viewed", described, page=page.number)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "headers": form.sort_headers(query)}
    return render(request, "reports/ledger.html", context)


@login_required
def ledger_export(request):
    form, filters, described = _filtered(request)
    if form.errors:
        return _refused(request, form)
    orders = queries.ledger(request.user, filters)
    filters_text = "；".join(f"{k}：{v}" for k, v in described.items()) or _("All orders")
    rows = orders.count()
    if rows > settings.LEDGER_EXPORT_INLINE_ROWS:  # longer than a browser should wait: the worker writes it
        query = {name: value for name, value in request.GET.items() if name in form.fields}
        export = export_jobs.request_ledger_export(request.user, query, filters_text, rows, get_language())
        _audit(request, "reports.ledger_export_requested", described, export=export.pk, rows=rows)
        return redirect("ledger-export-status", export.pk)
    _audit(request, "reports.ledger_exported", described)
    workbook = write_ledger(orders, title=title_for(request.user.court), filters_text=filters_text)
    name = f"12368-ledger-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(workbook, as_attachment=True, filename=name)


def _period(request):
    today = timezone.localdate()
    form = KpiPeriod(request.GET or {"start": today.replace(day=1), "end": today, "by": "department"})
    return form, form.is_valid()


@login_required
def kpi_table(request):
    form, valid = _period(request)
    if not valid:
        return render(request, "reports/kpis.html", {"form": form, "rows": None}, status=400)
    data = form.cleaned_data
    rows = figures.for_user(request.user, data["start"], data["end"], data["by"])
    return render(request, "reports/kpis.html", {"form": form, "rows": rows, "columns": figures.COLUMNS})


@login_required
def kpi_json(request):
    """The same figures for the dashboard and other programs; errors as structured JSON."""
    form, valid = _period(request)
    if not valid:
        return JsonResponse({"error": "invalid_period", "fields": form.errors.get_json_data()}, status=400)
    data = form.cleaned_data
    rows = figures.for_user(request.user, data["start"], data["end"], data["by"])
    return JsonResponse(
        {"start": data["start"], "end": data["end"], "by": data["by"], "rows": rows},
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
def assessment(request):
    form = AssessmentYear(request.GET or {"year": timezone.localdate().year})
    if not form.is_valid():
        return render(request, "reports/assessment.html", {"form": form, "rows": None}, status=400)
    year = form.cleaned_data["year"]
    rows = assessment_table.table(request.user, year)
    title = _("%(court)s department assessment of %(year)s (12368 line)") % {
        "court": request.user.court,
        "year": year,
    }
    if request.GET.get("format") == "xlsx":
        audit.record(
            "reports.assessment_exported", channel="web", actor=request.user, ip=audit.client_ip(request),
            year=year,
        )  # fmt: skip
        data = io.BytesIO(assessment_table.workbook(rows, title))
        return FileResponse(data, as_attachment=True, filename=f"12368-assessment-{year}.xlsx")
    context = {"form": form, "rows": rows, "columns": assessment_table.COLUMNS, "title": title, "year": year}
    return render(request, "reports/assessment.html", context)


@login_required
def hotspot_page(request):
    court = access.restrict(request.user, "court.oversee").get()
    form = HotspotWeek(request.GET or {"day": timezone.localdate()})
    if not form.is_valid():
        return render(request, "reports/hotspots.html", {"form": form, "data": None}, status=400)
    data = hotspots.hotspots(court, hotspots.week_of(form.cleaned_data["day"]))
    views = [("topics", _("Topics")), ("causes", _("Causes of action")), ("words", _("Words callers use"))]
    return render(request, "reports/hotspots.html", {"form": form, "data": data, "views": views})
