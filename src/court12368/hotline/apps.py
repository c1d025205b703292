from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "court12368.hotline"
    label = "hotline"
    verbose_name = _("Hotline")

    def ready(self) -> None:
        from court12368.core import changes
        from court12368.hotline import access  # noqa: F401  (declares who answers the call queue)
        from court12368.hotline.models import Call, QueuedCall

        for model in (Call, QueuedCall):
            changes.track(model)  # before and after of every change, in the audit log
