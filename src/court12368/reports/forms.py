"""The ledger's filters, as a leader or the 12368 centre types them."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from court12368.courts.models import Department, Staff
from court12368.hotline.models import Channel
from court12368.workorders.models import Light, OrderKind, OrderState, SubKind

MAX_RANGE_DAYS = 366 * 3


def _choices(enum):
    return [("", _("All"))] + list(enum.choices)


class Period(forms.Form):
    """A date range, at most three years, that does not end before it starts."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

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

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ModelChoiceField(
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

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(court=court).select_related("court")
        self.fields["handler"].queryset = Staff.objects.filter(court=court, is_active=True).order_by(
            "full_name"
        )


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
    day = forms.DateField(
        label=_("A day in the period"), widget=forms.DateInput(attrs={"type": "date"}), initial=dt.date.today
    )


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
    day = forms.DateField(label=_("A day in the week"), widget=forms.DateInput(attrs={"type": "date"}))
