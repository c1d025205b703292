from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "court12368.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from court12368.core import (
            auditchain,  # noqa: F401  (registers the sealing sweep)
            health,  # noqa: F401  (registers the core's gauges)
            tasks,  # noqa: F401  (registers the task queue's gauges)
        )
