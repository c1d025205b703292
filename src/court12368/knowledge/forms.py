from django import forms
from django.utils.translation import gettext_lazy as _

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
    start = forms.DateField(
        label=_("Starting date (served, effective or filed)"), widget=forms.DateInput(attrs={"type": "date"})
    )
