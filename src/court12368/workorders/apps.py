from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkOrdersConfig(AppConfig):
    name = "court12368.workorders"
    label = "workorders"
    verbose_name = _("Work orders")

    def ready(self) -> None:
        from court12368.workorders import (
            access,  # noqa: F401  (declares who may read, handle and follow up orders)
            sweeps,  # noqa: F401  (registers the deadline sweep)
        )
