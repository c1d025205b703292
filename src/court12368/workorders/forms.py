from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from court12368.core.text import CleanInput
from court12368.courts.fields import DepartmentChoiceField
from court12368.courts.models import Court, Department, Staff
from court12368.knowledge.classifier import CONFIDENT
from court12368.workorders import uploads
from court12368.workorders.models import OrderEntry, OrderKind, Satisfaction, SubKind, WorkOrder


def latest_reply(order: WorkOrder) -> str:
    """The text of the handler's latest reply (反馈) on the order's timeline, or ""."""
    entries = order.entries.filter(action=OrderEntry.Action.REPLIED).order_by("-at", "-pk")
    return entries.values_list("text", flat=True).first() or ""


def handler_reply(text: str | None) -> str:
    """A reply entry's text without the written report the lifecycle appends to it (handling.reply writes
    "【书面报告】…" in the language of the moment): the report is for the court, not for the caller."""
    text = text or ""
    cut = len(text)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            mark = f"【{gettext('Written report')}】"
        found = text.find(mark)
        if found != -1:
            cut = min(cut, found)
    return text[:cut].strip()


class ReplyForm(CleanInput, forms.Form):
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    attachment = forms.FileField(label=_("Attachment"), required=False, max_length=200)
    # 书面报告 (义乌法院工单办理办法 art. 4(5), 4(7)): text, a file or both. Whether the order needs one is
    # the lifecycle's to enforce (handling.reply), so the form takes it for any order.
    report = forms.CharField(
        label=_("Written report"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000, required=False
    )
    report_file = forms.FileField(label=_("Written report (file)"), required=False, max_length=200)

    def clean_attachment(self):
        return self._checked("attachment")

    def clean_report_file(self):
        return self._checked("report_file")

    def _checked(self, field: str):
        upload = self.cleaned_data.get(field)
        if upload:
            uploads.check(upload)
        return upload


class ReasonForm(CleanInput, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class TargetForm(CleanInput, forms.Form):
    """Choose a handler (or only a department) in the order's court."""

    handler = forms.ModelChoiceField(label=_("Handler"), queryset=Staff.objects.none(), required=False)
    department = DepartmentChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, court, need_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = Staff.objects.filter(court=court, is_active=True).exclude(
            role="agent"
        )
        self.fields["department"].queryset = Department.objects.filter(court=court)
        if not need_reason:  # a dispatch takes none: no field that is silently ignored
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        if not data.get("handler") and not data.get("department"):
            raise forms.ValidationError(_("Choose a handler or a department."))
        return data


class InformForm(CleanInput, forms.Form):
    TEXT_MAX = 300
    method = forms.ChoiceField(label=_("How"), choices=[("sms", _("SMS")), ("phone", _("Phone"))])
    text = forms.CharField(
        label=_("What the caller is told"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def prefill(cls, reply: str) -> str:
        """The handler's reply as the text to tell, cut to what the form takes (the agent edits it)."""
        return reply if len(reply) <= cls.TEXT_MAX else reply[: cls.TEXT_MAX - 1] + "…"


class CallbackForm(CleanInput, forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ForwardForm(CleanInput, forms.Form):
    """Forward to another court's line (a lower court's staff complained of, a matter that court handles)."""

    court = forms.ModelChoiceField(label=_("Court"), queryset=Court.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = Court.objects.filter(is_active=True).exclude(pk=court.pk)


class TypeForm(CleanInput, forms.Form):
    """The agent's type for an order a machine suggested one for (a voicemail's transcript)."""

    kind = forms.ChoiceField(label=_("Type"), choices=OrderKind.choices)
    sub_kind = forms.ChoiceField(label=_("Sub-kind"), choices=[("", "-"), *SubKind.choices], required=False)


def machine_suggestion(order: WorkOrder):
    """The latest call of the order whose machine transcript suggested a type (``hotline.Call``, reached
    through the ``calls`` relation like its recordings), with the transcript itself as ``transcript``;
    None when there is none."""
    call = order.calls.exclude(suggested_kind="").order_by("-pk").first()
    if call is not None:
        # The draft's line as ivr/transcripts.py writes it: "留言转写（自动识别，仅供参考）：…".
        lines = [line.split("：", 1)[1] for line in call.content.splitlines() if line.startswith("留言转写")]
        call.transcript = lines[-1] if lines else ""
        call.confident = (call.suggested_confidence or 0) >= CONFIDENT  # else 请人工判断, as on the console
        label = OrderKind(call.suggested_kind).label if call.suggested_kind in OrderKind.values else "-"
        if call.suggested_sub_kind in SubKind.values:
            label = f"{label} · {SubKind(call.suggested_sub_kind).label}"
        call.label = label
    return call
