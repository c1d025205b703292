from django.contrib import admin

from court12368.core.admin import MaskedPhoneRecordAdmin
from court12368.core.admin_audit import AuditedAdmin
from court12368.ivr.models import MenuItem, Prompt, QueuedCall


@admin.register(MenuItem)
class MenuItemAdmin(AuditedAdmin):
    list_display = ["court", "parent", "digit", "kind", "label", "article"]
    list_filter = ["court", "kind"]


@admin.register(Prompt)
class PromptAdmin(AuditedAdmin):
    list_display = ["court", "key", "audio"]


@admin.register(QueuedCall)
class QueuedCallAdmin(MaskedPhoneRecordAdmin):
    phone_field = "caller_number"
    list_display = ["court", "entered_at", "masked_phone", "answered_at", "abandoned_at", "agent"]
