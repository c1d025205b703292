from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkOrdersConfig(AppConfig):
    name = "court12368.workorders"
    label = "workorders"
    verbose_name = _("Work orders")

    def ready(self) -> None:
        from court12368.core import changes, sweeper
        from court12368.workorders import (
            access,  # noqa: F401  (declares who may read, handle and follow up orders)
            metrics,  # noqa: F401  (registers its gauges)
            sweeps,
        )
        from court12368.workorders.models import Attachment, DeadlinePolicy, EscalationStep, WorkOrder

        sweeper.register_all(sweeps.SWEEPS)
        for model in (WorkOrder, DeadlinePolicy, EscalationStep, Attachment):
            changes.track(model)  # before and after of every change, in the audit log
