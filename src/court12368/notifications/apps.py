from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "court12368.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from court12368.core import changes, sweeper
        from court12368.notifications import (
            metrics,  # noqa: F401  (registers its gauges)
            sweeps,
        )
        from court12368.notifications.models import OptOut, SmsSettings, SmsTemplate

        sweeper.register_all(sweeps.SWEEPS)
        for model in (SmsTemplate, SmsSettings, OptOut):
            changes.track(model)  # before and after of every change, in the audit log
