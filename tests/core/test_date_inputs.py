"""Preset dates stay visible in Chinese: every <input type="date"> is written as YYYY-MM-DD in any
language (the browser shows anything else blank), and ISO dates are read back in any language."""

import datetime as dt
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

import court12368
from court12368.core.widgets import IsoDateField, IsoDateInput
from court12368.knowledge.forms import PeriodForm
from court12368.reports.forms import CircularRequest, HotspotWeek, KpiPeriod, LedgerFilter, Period
from tests.builders import Court

DAY = dt.date(2026, 12, 7)
ISO = 'value="2026-12-07"'


def _html(form) -> str:
    with translation.override("zh-hans"):
        return str(form)


def test_the_widget_writes_iso_in_chinese_and_english():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            html = IsoDateInput().render("day", DAY)
        assert 'type="date"' in html and ISO in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_field_reads_iso_and_the_language_s_own_format(language):
    with translation.override(language):
        assert IsoDateField().clean("2026-12-07") == DAY
        assert IsoDateField().clean(" 2026-12-07 ") == DAY
        with pytest.raises(forms.ValidationError):
            IsoDateField().clean("2026-13-07")
    with translation.override("zh-hans"):
        assert IsoDateField().clean("2026/12/07") == DAY  # what a person types into a text box


def test_period_preset_is_iso():
    html = _html(Period({"start": DAY, "end": DAY}))
    assert html.count(ISO) == 2


def test_period_typed_iso_is_read_back_in_chinese():
    with translation.override("zh-hans"):
        form = Period({"start": "2026-12-01", "end": "2026-12-07"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {"start": dt.date(2026, 12, 1), "end": DAY}
    assert 'value="2026-12-01"' in _html(form)


def test_kpi_period_preset_is_iso():
    html = _html(KpiPeriod({"start": DAY, "end": DAY, "by": "department"}))
    assert html.count(ISO) == 2


@pytest.mark.django_db
def test_ledger_filter_preset_is_iso(court):
    html = _html(LedgerFilter({"start": "2026-12-07", "end": DAY}, court=court))
    assert html.count(ISO) == 2


def test_circular_request_preset_is_today_in_iso(monkeypatch):
    form = CircularRequest(initial={"day": DAY})
    assert ISO in _html(form)
    html = _html(CircularRequest())  # unbound: the field's own initial, today
    assert f'value="{dt.date.today():%Y-%m-%d}"' in html


def test_hotspot_week_preset_is_iso():
    assert ISO in _html(HotspotWeek({"day": DAY}))


def test_calculator_period_form_preset_is_iso():
    assert ISO in _html(PeriodForm(initial={"start": DAY}, prefix="period"))
    bound = PeriodForm(
        {"period-kind": "civil_judgment_appeal", "period-start": "2026-12-07"}, prefix="period"
    )
    with translation.override("zh-hans"):
        assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["start"] == DAY and ISO in _html(bound)


def _form_classes():
    for module in pkgutil.walk_packages(court12368.__path__, "court12368."):
        if (
            module.name.rsplit(".", 1)[-1] in ("forms", "petition_views", "roster_views")
            or ".admin" in module.name
        ):
            importlib.import_module(module.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [cls for cls in seen if cls.__module__.startswith("court12368.")]


def test_every_date_input_of_the_project_writes_iso():
    """A new form with a bare DateInput(type=date) would show its preset value blank in Chinese."""
    checked = []
    for cls in _form_classes():
        for name, field in getattr(cls, "base_fields", {}).items():
            widget = field.widget
            if isinstance(widget, forms.DateInput) and widget.input_type == "date":
                assert isinstance(widget, IsoDateInput), f"{cls.__module__}.{cls.__name__}.{name}"
                assert isinstance(field, IsoDateField), f"{cls.__module__}.{cls.__name__}.{name}"
                checked.append(name)
    assert len(checked) >= 6


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, params",
    [
        ("dashboard", {}),
        ("dashboard", {"start": "2026-12-01", "end": "2026-12-07"}),
        ("kpis", {}),
        ("kpis", {"start": "2026-12-01", "end": "2026-12-07", "by": "court"}),
        ("hotspots", {}),
        ("hotspots", {"day": "2026-12-07"}),
        ("circulars", {}),
        ("ledger", {"start": "2026-12-01", "end": "2026-12-07"}),
    ],
)
def test_the_leaders_pages_show_their_dates_in_chinese(client, court, luoyang, url, params):
    c = Court(court)
    client.force_login(c.president)
    page = client.get(reverse(url), params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    html = page.content.decode()
    inputs = re.findall(r'<input type="date"[^>]*>', html)
    values = [re.search(r'value="([^"]*)"', tag) for tag in inputs]
    assert inputs and all(values), inputs  # none left blank
    values = [v[1] for v in values]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values), values
    if params:
        assert set(values) == {v for k, v in params.items() if k != "by"}
