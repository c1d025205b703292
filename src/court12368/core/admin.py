from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from court12368.core.admin_audit import AuditedAdmin
from court12368.core.admin_scope import CourtScopedAdmin
from court12368.core.models import AuditEntry
from court12368.core.privacy import mask_phone


@admin.register(AuditEntry)
class AuditEntryAdmin(CourtScopedAdmin):
    """The audit log, read-only: nobody edits or deletes history, administrators included. A court's
    administrator reads the entries about their courts."""

    list_display = ["at", "channel", "action", "actor", "subject_type", "subject_id", "caller", "ip", "court"]
    list_filter = ["channel", "action"]
    search_fields = ["subject_id", "action"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MaskedPhoneRecordAdmin(AuditedAdmin):
    """A record kept as it happened: every field read-only, its phone number only ever shown masked."""

    phone_field = "phone"

    def get_exclude(self, request, obj=None):
        return [self.phone_field]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        value = getattr(obj, self.phone_field)
        return mask_phone(value) if value else ""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != self.phone_field] + ["masked_phone"]

    def has_add_permission(self, request):
        return False
