from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from court12368.courts.calendars import national_calendar
from court12368.knowledge import fees, periods
from court12368.knowledge.forms import FeeForm, PeriodForm
from court12368.knowledge.queries import answer
from court12368.knowledge.services import fee_settings_for


@login_required
def search(request):
    """The console's knowledge panel (htmx partial)."""
    return render(request, "knowledge/_results.html", {"answer": answer(request.GET.get("q", ""))})


@login_required
def calculators(request):
    """Fee and period calculators for staff, with the court's provincial figures."""
    fee_form = FeeForm(request.GET if "fee" in request.GET else None, prefix="fee")
    period_form = PeriodForm(request.GET if "period" in request.GET else None, prefix="period")
    fee_result = period_result = error = None
    if fee_form.is_bound and fee_form.is_valid():
        data = fee_form.cleaned_data
        try:
            fee_result = fees.compute_fee(
                data["kind"],
                data["amount"],
                procedure=data["procedure"],
                settlement=data["settlement"],
                settings=fee_settings_for(request.user.court),
            )
        except fees.FeeError as failure:
            error = str(failure)
    if period_form.is_bound and period_form.is_valid():
        data = period_form.cleaned_data
        period_result = periods.last_day(national_calendar(), data["kind"], data["start"])
    return render(
        request,
        "knowledge/calculators.html",
        {
            "fee_form": fee_form,
            "period_form": period_form,
            "fee": fee_result,
            "period": period_result,
            "error": error,
        },
    )
