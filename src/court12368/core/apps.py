from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "court12368.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from court12368 import datadir

        datadir.prepare()  # the data dir and its generated secrets: made as Django starts, not on import
        from court12368.core import (
            health,  # noqa: F401  (registers the core's gauges)
            sweeper,
            sweeps,
            tasks,  # noqa: F401  (registers the task queue's gauges)
        )

        sweeper.register_all(sweeps.SWEEPS)
