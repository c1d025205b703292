from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    """The SMS channel: commands texted by the public, their answers, and the agents' SMS inbox. It sends
    through the notifications outbox like every other part of the platform."""

    name = "court12368.sms"
    label = "sms"
    verbose_name = _("SMS channel")

    def ready(self) -> None:
        from court12368.core import changes
        from court12368.sms import access  # noqa: F401  (declares who handles incoming SMS)
        from court12368.sms.models import InboundSms

        changes.track(InboundSms)  # before and after of every change, in the audit log
