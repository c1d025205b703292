from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IvrConfig(AppConfig):
    name = "court12368.ivr"
    label = "ivr"
    verbose_name = _("Voice menu")

    def ready(self) -> None:
        from court12368.ivr import access  # noqa: F401  (declares who answers the voice queue)
