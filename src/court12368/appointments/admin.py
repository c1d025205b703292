from django.contrib import admin

from court12368.appointments.models import Booking, Slot
from court12368.core.admin import MaskedPhoneRecordAdmin
from court12368.core.admin_audit import AuditedAdmin


@admin.register(Slot)
class SlotAdmin(AuditedAdmin):
    list_display = ["starts_at", "ends_at", "court", "department", "service", "capacity", "place", "is_open"]
    list_filter = ["service", "court", "is_open"]
    date_hierarchy = "starts_at"


@admin.register(Booking)
class BookingAdmin(MaskedPhoneRecordAdmin):
    court_path = "slot__court"
    list_display = ["slot", "name", "masked_phone", "status", "order", "created_at"]
    list_filter = ["status", "slot__service"]
