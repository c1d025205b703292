from django.contrib import admin

from court12368.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read-only: nobody edits or deletes history, administrators included."""

    list_display = ["at", "channel", "action", "actor", "subject_type", "subject_id", "caller", "ip"]
    list_filter = ["channel", "action"]
    search_fields = ["subject_id", "action"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
