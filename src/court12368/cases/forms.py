from django import forms
from django.utils.translation import gettext_lazy as _

from court12368.cases.numbers import CaseNumberError, parse_case_number


class VerifyForm(forms.Form):
    """What the agent types while the caller reads out their details."""

    METHODS = [
        ("case_and_password", _("Case number and service password")),
        ("password", _("Service password only")),
        ("id_and_phone", _("ID number and reserved phone")),
    ]
    method = forms.ChoiceField(
        label=_("Verify by"), choices=METHODS, widget=forms.RadioSelect, initial="case_and_password"
    )
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=64)
    password = forms.CharField(
        label=_("Service password"),
        required=False,
        max_length=16,
        widget=forms.PasswordInput(render_value=False),
    )
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=32)
    phone = forms.CharField(label=_("Reserved phone"), required=False, max_length=20)
    caller_number = forms.CharField(label=_("Caller's number"), required=False, max_length=20)

    REQUIRED = {
        "case_and_password": ("case_number", "password"),
        "password": ("password",),
        "id_and_phone": ("id_number", "phone"),
    }

    def clean(self):
        data = super().clean()
        for field in self.REQUIRED.get(data.get("method"), ()):
            if not data.get(field):
                self.add_error(field, _("Needed for this way of verifying."))
        if data.get("case_number") and "case_number" in self.REQUIRED.get(data.get("method"), ()):
            try:
                data["case_number"] = parse_case_number(data["case_number"]).normalized
            except CaseNumberError as error:
                self.add_error("case_number", error.message)
        return data
