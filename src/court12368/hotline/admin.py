from django.contrib import admin

from court12368.core.admin import MaskedPhoneRecordAdmin
from court12368.hotline.models import QueuedCall


@admin.register(QueuedCall)
class QueuedCallAdmin(MaskedPhoneRecordAdmin):
    phone_field = "caller_number"
    list_display = ["court", "entered_at", "masked_phone", "answered_at", "abandoned_at", "agent"]
