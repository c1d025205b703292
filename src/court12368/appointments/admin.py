from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from court12368.appointments.models import Booking, Slot
from court12368.core.privacy import mask_phone


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "ends_at", "court", "department", "service", "capacity", "place", "is_open"]
    list_filter = ["service", "court", "is_open"]
    date_hierarchy = "starts_at"


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["slot", "name", "masked_phone", "status", "order", "created_at"]
    list_filter = ["status", "slot__service"]
    exclude = ["phone"]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "phone"] + ["masked_phone"]

    def has_add_permission(self, request):
        return False
