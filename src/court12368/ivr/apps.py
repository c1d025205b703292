from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IvrConfig(AppConfig):
    name = "court12368.ivr"
    label = "ivr"
    verbose_name = _("Voice menu")

    def ready(self) -> None:
        from court12368.core import changes
        from court12368.ivr import access  # noqa: F401  (declares who answers the voice queue)
        from court12368.ivr.models import MenuItem, Prompt, QueuedCall

        for model in (MenuItem, Prompt, QueuedCall):
            changes.track(model)  # before and after of every change, in the audit log
