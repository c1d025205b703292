from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IvrConfig(AppConfig):
    name = "court12368.ivr"
    label = "ivr"
    verbose_name = _("Voice menu")

    def ready(self) -> None:
        from court12368.core import changes
        from court12368.ivr.models import MenuItem, Prompt

        for model in (MenuItem, Prompt):
            changes.track(model)  # before and after of every change, in the audit log
