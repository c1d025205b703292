from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from court12368.core import audit
from court12368.core.admin import MaskedPhoneRecordAdmin
from court12368.core.admin_audit import AuditedAdmin
from court12368.notifications import services, texts
from court12368.notifications.models import Notification, OptOut, SmsSettings, SmsTemplate, Status
from court12368.notifications.phones import clean_mobile


@admin.register(Notification)
class NotificationAdmin(MaskedPhoneRecordAdmin):
    """The outbox, read-only: what was (or will be) sent to whom, and what became of it."""

    list_display = [
        "created_at",
        "channel",
        "event",
        "recipient",
        "masked_phone",
        "parts",
        "status",
        "attempts",
    ]
    list_filter = ["channel", "status", "event", "audience", "transport"]
    search_fields = ["body", "gateway_message_id"]
    actions = ["send_again"]

    @admin.action(description=_("Send the selected failed or expired SMS again"))
    def send_again(self, request, queryset):
        # Never automatic: after an unknown outcome only a person may accept the risk of a duplicate.
        rows = list(
            queryset.filter(channel="sms", status__in=[Status.FAILED, Status.EXPIRED]).values_list(
                "pk", flat=True
            )
        )
        services.requeue(rows)
        ip = audit.client_ip(request)
        for pk in rows:
            audit.record("sms_resend", channel="admin", actor=request.user, ip=ip, notification=pk)
        messages.success(request, _("%(count)d SMS queued again.") % {"count": len(rows)})


@admin.register(SmsTemplate)
class SmsTemplateAdmin(AuditedAdmin):
    list_display = ["court", "event", "body", "updated_at", "updated_by"]
    list_filter = ["event", "court"]
    readonly_fields = ["variables", "updated_by"]
    fields = ["court", "event", "body", "variables", "updated_by"]

    @admin.display(description=_("Built-in texts and their variables"))
    def variables(self, obj):
        return format_html(
            "<table>{}</table>",
            format_html_join(
                "",
                "<tr><th>{}</th><td>{}</td><td><code>{}</code></td></tr>",
                (
                    (
                        label,
                        texts.DEFAULTS[value],
                        " ".join(f"{{{v}}}" for v in texts.allowed(value)),
                    )
                    for value, label in SmsTemplate._meta.get_field("event").choices
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SmsSettings)
class SmsSettingsAdmin(AuditedAdmin):
    list_display = [
        "court",
        "signature",
        "inbound_number",
        "quiet_start",
        "quiet_end",
        "hourly_limit",
        "daily_limit",
    ]


class OptOutForm(forms.ModelForm):
    phone = forms.CharField(label=_("Mobile number"), max_length=20)

    class Meta:
        model = OptOut
        fields = []

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"])


@admin.register(OptOut)
class OptOutAdmin(AuditedAdmin):
    """Numbers that get no SMS. Kept hashed: search by typing the number into the add form."""

    form = OptOutForm
    list_display = ["masked_phone", "source", "created_at"]

    def get_fields(self, request, obj=None):
        return ["phone"] if obj is None else ["masked_phone", "source", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["masked_phone", "source", "created_at"]

    def save_model(self, request, obj, form, change):
        services.opt_out(form.cleaned_data["phone"], source="admin", channel="admin", actor=request.user)
        obj.pk = OptOut.objects.get(
            phone_digest=services.policy.opt_out_digest(form.cleaned_data["phone"])
        ).pk

    def delete_model(self, request, obj):
        ip = audit.client_ip(request)
        audit.record("sms_opt_in", channel="admin", actor=request.user, ip=ip, masked=obj.masked_phone)
        super().delete_model(request, obj)
