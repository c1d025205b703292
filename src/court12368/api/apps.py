from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "court12368.api"
    label = "api"
    verbose_name = _("Open API")

    def ready(self) -> None:
        from court12368.api import access  # noqa: F401  (declares what a client reaches)
        from court12368.api.models import ApiClient
        from court12368.core import changes

        changes.track(ApiClient)  # before and after of every change, in the audit log
