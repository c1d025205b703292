from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IvrConfig(AppConfig):
    name = "court12368.ivr"
    label = "ivr"
    verbose_name = _("Voice menu")
