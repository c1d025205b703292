from django import forms
from django.utils.translation import gettext_lazy as _

from court12368.core.text import CleanInput
from court12368.courts.models import Department, Staff
from court12368.workorders import uploads
from court12368.workorders.models import Satisfaction


class ReplyForm(CleanInput, forms.Form):
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    attachment = forms.FileField(label=_("Attachment"), required=False, max_length=200)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            uploads.check(upload)
        return upload


class ReasonForm(CleanInput, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class TargetForm(CleanInput, forms.Form):
    """Choose a handler (or only a department) in the order's court."""

    handler = forms.ModelChoiceField(label=_("Handler"), queryset=Staff.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, court, need_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = Staff.objects.filter(court=court, is_active=True).exclude(
            role="agent"
        )
        self.fields["department"].queryset = Department.objects.filter(court=court)
        self.fields["reason"].required = need_reason

    def clean(self):
        data = super().clean()
        if not data.get("handler") and not data.get("department"):
            raise forms.ValidationError(_("Choose a handler or a department."))
        return data


class InformForm(CleanInput, forms.Form):
    method = forms.ChoiceField(label=_("How"), choices=[("sms", _("SMS")), ("phone", _("Phone"))])
    text = forms.CharField(
        label=_("What the caller is told"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class CallbackForm(CleanInput, forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
