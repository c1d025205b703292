from django.contrib import admin

from court12368.core.admin import MaskedPhoneRecordAdmin
from court12368.sms.models import InboundSms


@admin.register(InboundSms)
class InboundSmsAdmin(MaskedPhoneRecordAdmin):
    list_display = ["received_at", "masked_phone", "court", "command", "outcome", "order"]
    list_filter = ["outcome", "command", "court"]
