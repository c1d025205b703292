from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from court12368.core.privacy import mask_phone
from court12368.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, read-only: what was (or will be) sent to whom."""

    list_display = ["created_at", "channel", "event", "recipient", "masked_phone", "status"]
    list_filter = ["channel", "status", "event"]
    exclude = ["phone"]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone) if obj.phone else ""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "phone"] + ["masked_phone"]

    def has_add_permission(self, request):
        return False
