"""Configuration of deadline policies; read-only views of orders and their clock for inspection."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from court12368.core.admin_audit import AuditedAdmin
from court12368.core.admin_scope import ScopedChoices, is_platform_administrator
from court12368.workorders import confidential
from court12368.workorders.lifecycle import policy as court_policy
from court12368.workorders.models import DeadlineEvent, DeadlinePolicy, EscalationStep, WorkOrder
from court12368.workorders.presets import PRESETS


class EscalationStepInline(ScopedChoices, admin.TabularInline):
    model = EscalationStep
    extra = 0


def _preset_action(key):
    def apply(modeladmin, request, queryset):
        for policy in queryset:
            court_policy.apply_preset(policy.court, key)
        messages.success(request, _("Preset applied: %(name)s") % {"name": PRESETS[key].name})

    apply.short_description = _("Apply the preset “%(name)s”") % {"name": PRESETS[key].name}
    apply.__name__ = f"apply_{key}"
    return apply


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(AuditedAdmin):
    list_display = [
        "court",
        "name",
        "version",
        "dispatch_amount",
        "dispatch_unit",
        "reply_amount",
        "reply_unit",
    ]
    readonly_fields = ["version"]
    inlines = [EscalationStepInline]
    actions = [_preset_action(key) for key in PRESETS]

    def save_model(self, request, obj, form, change):
        court_policy.save_policy(obj)


class DeadlineEventInline(ScopedChoices, admin.TabularInline):
    model = DeadlineEvent
    extra = 0
    can_delete = False
    readonly_fields = ["cycle", "step", "due_at", "happened_at", "target", "notified"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(AuditedAdmin):
    list_display = [
        "number",
        "court",
        "kind",
        "state",
        "light",
        "next_due_at",
        "next_step",
        "deadline_reliable",
    ]
    list_filter = ["state", "light", "kind", "deadline_reliable", "court"]
    search_fields = ["number"]
    inlines = [DeadlineEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def get_queryset(self, request):
        """A court's administrator inspects the clocks, not what the order pages keep from them."""
        orders = super().get_queryset(request)
        if is_platform_administrator(request):
            return orders
        return orders.exclude(confidential.hidden_from(request.user))

    def has_add_permission(self, request):
        return False  # orders are created by the console and the channels, through the services


# The routing table has its own module (imported so the admin registers it).
from court12368.workorders import admin_routing  # noqa: E402, F401
