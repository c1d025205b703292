from django import forms
from django.utils.translation import gettext_lazy as _

from court12368.cases.models import Case
from court12368.cases.numbers import CaseNumberError, parse_case_number
from court12368.core.text import CleanInput
from court12368.hotline.models import Channel
from court12368.workorders.models import ACTIVE_STATES, OrderKind, SubKind, WorkOrder

# The console's access keys (Alt+key; Alt+Shift+key in Firefox), shown beside the labels. Not D, E or F:
# Chrome keeps Alt+D, Alt+E and Alt+F for its own address bar and menu.
KEYS = {
    "caller_number": "n",
    "content": "c",
    "answer": "r",
    "kind": "t",
    "on_the_spot": "o",
    "verify": "v",
    "use_suggestion": "a",
    "save": "s",
    "send_address": "m",
    "knowledge": "k",
    "answer_queued": "j",
}


class CallForm(CleanInput, forms.Form):
    """One call, as the agent types it while talking; the access keys are ``KEYS``."""

    caller_number = forms.CharField(
        label=_("Caller's number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"accesskey": KEYS["caller_number"], "autofocus": True}),
    )
    caller_name = forms.CharField(label=_("Caller"), max_length=50, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    case_number = forms.CharField(label=_("Case number"), max_length=64, required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=OrderKind.choices, widget=forms.Select(attrs={"accesskey": KEYS["kind"]})
    )
    sub_kind = forms.ChoiceField(label=_("Sub-kind"), choices=[("", "—")] + SubKind.choices, required=False)
    content = forms.CharField(
        label=_("What the caller said"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "accesskey": KEYS["content"]}),
    )
    answer = forms.CharField(
        label=_("Answer given"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "accesskey": KEYS["answer"]}),
    )
    on_the_spot = forms.BooleanField(
        label=_("Answered on the spot (nothing to forward)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"accesskey": KEYS["on_the_spot"]}),
    )
    # Typed (or picked from the caller's open orders, a datalist the screen-pop fills), never a select
    # of every open order in the court: a busy court has thousands, and each console page drew them all.
    about_order = forms.ModelChoiceField(
        label=_("Calling again about"),
        queryset=WorkOrder.objects.none(),
        required=False,
        to_field_name="number",
        widget=forms.TextInput(attrs={"list": "open-orders", "maxlength": 32, "autocomplete": "off"}),
        error_messages={"invalid_choice": _("No open order of this court has that number.")},
    )
    touches_procedural_rights = forms.BooleanField(label=_("Touches procedural rights"), required=False)
    abusive = forms.BooleanField(label=_("Abusive or harassing"), required=False)
    urgent = forms.BooleanField(label=_("Urgent or agitated"), required=False)
    recording_ref = forms.CharField(label=_("Recording"), max_length=200, required=False)
    # What the classifier suggested while the agent typed; kept with the agent's choice for retraining.
    suggested_kind = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    suggested_sub_kind = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        self.court = court
        self.fields["about_order"].queryset = WorkOrder.objects.filter(court=court, state__in=ACTIVE_STATES)

    def clean_case_number(self):
        text = self.cleaned_data["case_number"].strip()
        if not text:
            return None
        try:
            number = parse_case_number(text).normalized
        except CaseNumberError as error:
            raise forms.ValidationError(error.message) from error
        case = Case.objects.filter(number=number, court=self.court).first()
        if case is None:
            raise forms.ValidationError(_("No case %(number)s in this court.") % {"number": number})
        return case

    def clean(self):
        data = super().clean()
        if data.get("on_the_spot") and not data.get("answer"):
            self.add_error("answer", _("Write down the answer given."))
        if data.get("abusive") and not data.get("recording_ref"):
            self.add_error("recording_ref", _("An abusive call is reported with its recording."))
        return data
