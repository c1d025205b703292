"""The leaders' dashboard: the red-light board (refreshed by htmx), the ranking, the chart data."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone

from court12368.core import access
from court12368.reports import dashboard
from court12368.reports.forms import Period


def _court(request):
    """The court whose dashboard this is: the signed-in leader's own."""
    return access.restrict(request.user, "court.lead").get()


def _this_week() -> dict:
    today = timezone.localdate()
    return {"start": today - dt.timedelta(days=today.weekday()), "end": today}


ECHARTS = "vendor/echarts/echarts.min.js"


def _echarts_url() -> str | None:
    """ECharts is fetched at install (`court12368 assets`); without it the page keeps its tables."""
    if not finders.find(ECHARTS):
        return None
    try:
        return static(ECHARTS)
    except ValueError:  # installed after the last collectstatic: not in the manifest yet
        return None


@login_required
def dashboard_page(request):
    court = _court(request)
    form = Period(request.GET or _this_week())
    if not form.is_valid():
        return render(request, "reports/dashboard.html", {"form": form, "data": None}, status=400)
    figures = dashboard.data(court, form.cleaned_data["start"], form.cleaned_data["end"])
    return render(
        request, "reports/dashboard.html", {"form": form, "data": figures, "echarts": _echarts_url()}
    )


@login_required
def red_board(request):
    """The partial the dashboard refreshes every 30 seconds."""
    court = _court(request)
    return render(request, "reports/_red_board.html", {"board": dashboard.red_board(court, timezone.now())})


@login_required
def dashboard_json(request):
    court = _court(request)
    form = Period(request.GET or _this_week())
    if not form.is_valid():
        return JsonResponse({"error": "invalid_period", "fields": form.errors.get_json_data()}, status=400)
    figures = dashboard.data(court, form.cleaned_data["start"], form.cleaned_data["end"])
    return JsonResponse(figures, json_dumps_params={"ensure_ascii": False})
