"""The ledger's filters, as a leader or the 12368 centre types them."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from court12368.core.widgets import IsoDateField
from court12368.courts.fields import DepartmentChoiceField
from court12368.courts.models import Department, Staff
from court12368.hotline.models import Channel
from court12368.workorders.models import Light, OrderKind, OrderState, SubKind

MAX_RANGE_DAYS = 366 * 3

# The ledger's columns, each a key of ``sort`` (reports/queries.py orders by them).
LEDGER_COLUMNS = (
    ("number", _("Order number")),
    ("created", _("Created")),
    ("channel", _("Channel")),
    ("kind", _("Type")),
    ("phone", _("Caller's phone")),
    ("content", _("Content")),
    ("department", _("Department")),
    ("handler", _("Handler")),
    ("state", _("State")),
    ("light", _("Light")),
)
DEFAULT_SORT = "-created"


def _choices(enum):
    return [("", _("All"))] + list(enum.choices)


class Period(forms.Form):
    """A date range, at most three years, that does not end before it starts."""

    start = IsoDateField(label=_("From"))
    end = IsoDateField(label=_("To"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        elif start and end and (end - start) > dt.timedelta(days=MAX_RANGE_DAYS):
            self.add_error("end", _("Choose at most three years at a time."))
        return data


class LedgerFilter(Period):
    """Dates are optional here: no dates, every order."""

    start = IsoDateField(label=_("From"), required=False)
    end = IsoDateField(label=_("To"), required=False)
    department = DepartmentChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Type"), choices=_choices(OrderKind), required=False)
    sub_kind = forms.ChoiceField(label=_("Sub-kind"), choices=_choices(SubKind), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=_choices(Channel), required=False)
    state = forms.ChoiceField(label=_("State"), choices=_choices(OrderState), required=False)
    light = forms.ChoiceField(label=_("Light"), choices=_choices(Light), required=False)
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=Staff.objects.none(), required=False)
    # What the red board and the circulars count as overdue now (a replied order keeps its red light).
    overdue = forms.BooleanField(label=_("Overdue, not replied yet"), required=False)
    repeat = forms.BooleanField(label=_("Repeat callers only"), required=False)
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    # Which column the table is sorted by ("-" first: descending); not a filter, so kept out of the
    # filters the audit log and the export describe. An unknown key sorts as the default does.
    sort = forms.CharField(label=_("Sort by"), max_length=20, required=False, widget=forms.HiddenInput)

    FIRST_ROW = ("q", "start", "end", "department", "kind")  # the rest fold away until one is set
    NOT_FILTERS = ("sort",)

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(court=court).select_related("court")
        self.fields["handler"].queryset = Staff.objects.filter(court=court, is_active=True).order_by(
            "full_name"
        )

    def clean_sort(self) -> str:
        value = self.cleaned_data.get("sort") or ""
        return value if value.removeprefix("-") in dict(LEDGER_COLUMNS) else DEFAULT_SORT

    @property
    def current_sort(self) -> str:
        return (getattr(self, "cleaned_data", None) or {}).get("sort") or DEFAULT_SORT

    def first_row(self) -> list:
        return [self[name] for name in self.FIRST_ROW]

    def more_filters(self) -> list:
        hidden = (*self.FIRST_ROW, *self.NOT_FILTERS)
        return [self[name] for name in self.fields if name not in hidden]

    def more_set(self) -> bool:
        """Whether any folded filter is set: the fold opens then, so nobody misses why the list is short."""
        return self.is_bound and any(self.data.get(field.name) for field in self.more_filters())

    def sort_headers(self, query) -> list[dict]:
        """The table's column headers as links sorting by them (again: the other way), other filters kept."""
        current = self.current_sort
        base = query.copy()
        base.pop("page", None)
        headers = []
        for key, label in LEDGER_COLUMNS:
            direction = {key: "ascending", f"-{key}": "descending"}.get(current, "")
            base["sort"] = f"-{key}" if direction == "ascending" else key
            headers.append({"key": key, "label": label, "direction": direction, "query": base.urlencode()})
        return headers


class KpiPeriod(Period):
    by = forms.ChoiceField(
        label=_("Per"),
        choices=[
            ("court", _("Court")),
            ("department", _("Department")),
            ("handler", _("Handler")),
            ("agent", _("Agent")),
        ],
        initial="department",
    )


class CircularRequest(forms.Form):
    period = forms.ChoiceField(
        label=pgettext_lazy("circular", "Period"),
        choices=[("weekly", _("Weekly")), ("monthly", _("Monthly"))],
        initial="monthly",
    )
    day = IsoDateField(label=_("A day in the period"), initial=dt.date.today)


class CircularNotes(forms.Form):
    notes = forms.CharField(
        label=_("Improvement notes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AssessmentYear(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class HotspotWeek(forms.Form):
    day = IsoDateField(label=_("A day in the week"))
