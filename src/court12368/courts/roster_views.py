"""The duty roster page of the head of the litigation service centre (and the court's administrators):
a week or a month, a judge for each morning and afternoon. Thin: the form reads, courts/roster.py writes."""

import calendar
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from court12368.core import access, audit
from court12368.courts import roster
from court12368.courts.models import HalfDay

HALVES = (("am", "morning", HalfDay.MORNING), ("pm", "afternoon", HalfDay.AFTERNOON))


class JudgeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj}（{obj.department.name}）" if obj.department_id else str(obj)


class RosterForm(forms.Form):
    """One drop-down per half-day shown; the past is shown, not offered."""

    def __init__(self, *args, days: list[roster.RosterDay], judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = days
        for day in days:
            for prefix, attribute, half in HALVES:
                self.fields[f"{prefix}_{day.date:%Y-%m-%d}"] = JudgeChoice(
                    queryset=judges,
                    required=False,
                    initial=getattr(day, attribute),
                    disabled=not day.editable,
                    empty_label=gettext_lazy("(nobody)"),
                    label=f"{day.date:%Y-%m-%d} {half.label}",
                    widget=forms.Select(attrs={"aria-label": f"{day.date:%Y-%m-%d} {half.label}"}),
                )

    def rows(self):
        return [(day, self[f"am_{day.date:%Y-%m-%d}"], self[f"pm_{day.date:%Y-%m-%d}"]) for day in self.days]

    def plan(self) -> dict:
        chosen = self.cleaned_data
        return {
            day.date: (chosen[f"am_{day.date:%Y-%m-%d}"], chosen[f"pm_{day.date:%Y-%m-%d}"])
            for day in self.days
            if day.editable
        }


def _period(request) -> tuple[str, datetime.date, int]:
    """A week from Monday, or a calendar month, around ?start= (today by default)."""
    span = "month" if request.GET.get("span") == "month" else "week"
    try:
        around = datetime.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        around = timezone.localdate()
    if span == "month":
        return span, around.replace(day=1), calendar.monthrange(around.year, around.month)[1]
    return span, around - datetime.timedelta(days=around.weekday()), 7


def _neighbours(span: str, start: datetime.date, days: int) -> tuple[datetime.date, datetime.date]:
    if span == "week":
        return start - datetime.timedelta(days=7), start + datetime.timedelta(days=7)
    before = (start - datetime.timedelta(days=1)).replace(day=1)
    return before, start + datetime.timedelta(days=days)


@login_required
def duty_roster(request):
    courts = access.restrict(request.user, "duty.roster")
    chosen = request.GET.get("court") or request.user.court_id
    if chosen and not str(chosen).isdigit():
        raise Http404
    court = get_object_or_404(courts, pk=chosen) if chosen else courts.order_by("code").first()
    if court is None:
        return render(request, "courts/roster.html", {"form": None})
    span, start, days = _period(request)
    form = RosterForm(
        request.POST or None, days=roster.roster(court, start, days), judges=roster.eligible_judges(court)
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = roster.save_roster(court, form.plan(), by=request.user, ip=audit.client_ip(request))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Duty roster saved: %(count)d days changed.") % {"count": changed})
            return redirect(request.get_full_path())
    before, after = _neighbours(span, start, days)
    return render(
        request,
        "courts/roster.html",
        {
            "court": court,
            "courts": courts.order_by("code") if courts.count() > 1 else None,
            "form": form,
            "span": span,
            "start": start,
            "before": before,
            "after": after,
            "gaps": roster.gaps(court),
            "horizon": roster.GAP_HORIZON_DAYS,
        },
    )
