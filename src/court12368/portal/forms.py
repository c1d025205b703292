from django import forms
from django.utils.translation import gettext_lazy as _

from court12368.cases.numbers import CaseNumberError, parse_case_number
from court12368.core.text import CleanInput
from court12368.hotline.services import PUBLIC_KIND_LABELS
from court12368.notifications.phones import clean_mobile


class CaseQueryForm(forms.Form):
    METHODS = [
        ("case_and_password", _("Case number and litigation service password")),
        ("id_and_phone", _("ID number and the phone number reserved with the court")),
    ]
    REQUIRED = {"case_and_password": ("case_number", "password"), "id_and_phone": ("id_number", "phone")}

    DEFAULT_METHOD = "case_and_password"

    # Chosen first, on the page's tabs (plain links, ?method=…): only the chosen method's fields are shown.
    method = forms.ChoiceField(
        label=_("Prove who you are by"), choices=METHODS, widget=forms.HiddenInput, initial=DEFAULT_METHOD
    )
    case_number = forms.CharField(
        label=_("Case number"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "（2026）京0105民初1号"}),
    )
    password = forms.CharField(
        label=_("Litigation service password"),
        required=False,
        max_length=16,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=32)
    phone = forms.CharField(
        label=_("Reserved phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    challenge = forms.CharField(label=_("Check question"), required=False, max_length=4)
    agree = forms.BooleanField(
        label=_("I will use the information only lawfully and not for improper purposes."), required=True
    )

    @classmethod
    def method_from(cls, params) -> str:
        """The method a request asks for (its ``method`` parameter), or the default one."""
        method = params.get("method", "")
        return method if method in cls.REQUIRED else cls.DEFAULT_METHOD

    def clean(self):
        data = super().clean()
        for field in self.REQUIRED.get(data.get("method"), ()):
            if not data.get(field):
                self.add_error(field, _("Needed for this way of proving who you are."))
        if data.get("method") == "case_and_password" and data.get("case_number"):
            try:
                data["case_number"] = parse_case_number(data["case_number"]).normalized
            except CaseNumberError as error:
                self.add_error("case_number", error.message)
        return data


class RequestForm(CleanInput, forms.Form):
    kind = forms.ChoiceField(label=_("What is it about"), choices=list(PUBLIC_KIND_LABELS.items()))
    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        help_text=_("We send the tracking number here and use it to reach you."),
    )
    case_number = forms.CharField(label=_("Case number (if any)"), max_length=64, required=False)
    content = forms.CharField(
        label=_("Your request"), max_length=2000, min_length=5, widget=forms.Textarea(attrs={"rows": 6})
    )
    challenge = forms.CharField(label=_("Check question"), max_length=4)

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"])


class TrackForm(CleanInput, forms.Form):
    number = forms.CharField(label=_("Tracking number"), max_length=32)
    phone = forms.CharField(
        label=_("Mobile number used"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"])


class RatingForm(CleanInput, forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("How was it handled?"),
        choices=[
            ("satisfied", _("Satisfied")),
            ("basically", _("Basically satisfied")),
            ("unsatisfied", _("Unsatisfied")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything to add"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BookingForm(CleanInput, forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    matter = forms.CharField(
        label=_("What it is about"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    challenge = forms.CharField(label=_("Check question"), max_length=4)

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"])


class CancelForm(CleanInput, forms.Form):
    code = forms.CharField(label=_("Booking code"), max_length=8)
    phone = forms.CharField(label=_("Mobile number used"), max_length=20)

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"])
