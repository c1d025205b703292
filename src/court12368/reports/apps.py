from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "court12368.reports"
    label = "reports"
    verbose_name = _("Ledger and statistics")

    def ready(self) -> None:
        from court12368.core import changes, rollup_days, sweeper
        from court12368.reports import (
            access,  # noqa: F401  (declares who reads the ledger and the circulars)
            rollups,
            sweeps,
        )
        from court12368.reports.models import Circular

        sweeper.register_all(sweeps.SWEEPS)
        rollup_days.on_written(rollups.written)  # back-dated events drop their day's rollup
        changes.track(Circular)  # before and after of every change, in the audit log
