from django.contrib import admin

from court12368.core.admin_audit import AuditedAdmin
from court12368.ivr.models import MenuItem, Prompt


@admin.register(MenuItem)
class MenuItemAdmin(AuditedAdmin):
    list_display = ["court", "parent", "digit", "kind", "label", "article"]
    list_filter = ["court", "kind"]


@admin.register(Prompt)
class PromptAdmin(AuditedAdmin):
    list_display = ["court", "key", "audio"]
