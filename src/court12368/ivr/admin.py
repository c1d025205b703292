from django.contrib import admin

from court12368.ivr.models import MenuItem, Prompt, QueuedCall


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
    list_display = ["court", "parent", "digit", "kind", "label", "article"]
    list_filter = ["court", "kind"]


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ["court", "key", "audio"]


@admin.register(QueuedCall)
class QueuedCallAdmin(admin.ModelAdmin):
    list_display = ["court", "entered_at", "answered_at", "abandoned_at", "agent"]
    readonly_fields = ["court", "channel_ref", "entered_at", "answered_at", "abandoned_at", "agent"]
    exclude = ["caller_number"]  # shown masked on the console, never in full here

    def has_add_permission(self, request):
        return False
