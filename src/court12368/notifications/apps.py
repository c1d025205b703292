from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "court12368.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from court12368.core import changes
        from court12368.notifications import (
            access,  # noqa: F401  (declares who handles incoming SMS)
            metrics,  # noqa: F401  (registers its gauges)
            sweeps,  # noqa: F401  (registers the outbox relay)
        )
        from court12368.notifications.models import InboundSms, OptOut, SmsSettings, SmsTemplate

        for model in (InboundSms, SmsTemplate, SmsSettings, OptOut):
            changes.track(model)  # before and after of every change, in the audit log
