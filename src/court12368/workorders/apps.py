from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkOrdersConfig(AppConfig):
    name = "court12368.workorders"
    label = "workorders"
    verbose_name = _("Work orders")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from court12368.core import changes, sweeper
        from court12368.courts.models import Court
        from court12368.workorders import (
            access,  # noqa: F401  (declares who may read, handle and follow up orders)
            metrics,  # noqa: F401  (registers its gauges)
            recompute,  # noqa: F401  (recomputes deadlines when a holiday table changes)
            sweeps,
        )
        from court12368.workorders.lifecycle import policy
        from court12368.workorders.models import (
            Attachment,
            DeadlinePolicy,
            EscalationStep,
            RoutingRule,
            WorkOrder,
        )

        sweeper.register_all(sweeps.SWEEPS)
        for model in (WorkOrder, DeadlinePolicy, EscalationStep, Attachment, RoutingRule):
            changes.track(model)  # before and after of every change, in the audit log
        # A new court, however it is added (the admin, an import, the demo), starts with a preset's
        # deadline policy and routing table, so its first call routes.
        post_save.connect(policy.court_created, sender=Court, dispatch_uid="workorders-start-court")
