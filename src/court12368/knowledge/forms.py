from django import forms
from django.utils.translation import gettext_lazy as _

from court12368.core.widgets import IsoDateField
from court12368.knowledge import fees, periods

FEE_KINDS = [
    ("property", _("Property case")),
    ("divorce", _("Divorce")),
    ("personality", _("Personality rights")),
    ("non_property", _("Other non-property case")),
    ("ip", _("Intellectual property")),
    ("labour", _("Labour dispute")),
    ("administrative", _("Administrative case")),
    ("administrative_special", _("Trademark, patent, maritime (admin.)")),
    ("jurisdiction_objection", _("Failed jurisdiction objection")),
    ("enforcement", _("Enforcement application")),
    ("preservation", _("Preservation")),
    ("payment_order", _("Payment order")),
    ("public_notice", _("Public notice")),
    ("arbitration", _("Setting aside an arbitral award")),
    ("bankruptcy", _("Bankruptcy")),
]
assert {k for k, _label in FEE_KINDS} == set(fees.KINDS)


class FeeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of case or application"), choices=FEE_KINDS)
    amount = forms.DecimalField(
        label=_("Amount in dispute (yuan)"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    procedure = forms.ChoiceField(
        label=_("Procedure"),
        choices=[("ordinary", _("Ordinary procedure")), ("summary", _("Summary procedure"))],
    )
    settlement = forms.ChoiceField(
        label=_("Ended by"),
        choices=[("none", _("Judgment")), ("mediation", _("Mediation")), ("withdrawal", _("Withdrawal"))],
    )


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Period"), choices=[(k, p.label) for k, p in periods.PERIODS.items()])
    start = IsoDateField(label=_("Starting date (served, effective or filed)"))


def calculate(params, court) -> dict:
    """Both calculators from one GET query (staff page and public portal): forms, results, error."""
    from court12368.knowledge import fees, periods
    from court12368.knowledge.services import fee_settings_for

    fee_form = FeeForm(params if "fee" in params else None, prefix="fee")
    period_form = PeriodForm(params if "period" in params else None, prefix="period")
    fee_result = period_result = error = None
    if fee_form.is_bound and fee_form.is_valid():
        data = fee_form.cleaned_data
        try:
            fee_result = fees.compute_fee(
                data["kind"],
                data["amount"],
                procedure=data["procedure"],
                settlement=data["settlement"],
                settings=fee_settings_for(court),
            )
        except fees.FeeError as failure:
            error = str(failure)
    if period_form.is_bound and period_form.is_valid():
        data = period_form.cleaned_data
        try:
            period_result = periods.last_day_in_china(data["kind"], data["start"])
        except periods.PeriodError as failure:
            error = str(failure)
    return {
        "fee_form": fee_form,
        "period_form": period_form,
        "fee": fee_result,
        "period": period_result,
        "error": error,
    }
