from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "court12368.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from court12368.cases import (
            access,  # noqa: F401  (declares who looks up cases)
            reminders,  # noqa: F401  (registers the hearing reminders)
        )
        from court12368.cases.models import (
            AgentAdLitem,
            Case,
            Hearing,
            Party,
            ServicePassword,
            TimeLimitChange,
        )
        from court12368.core import changes

        for model in (Case, Party, AgentAdLitem, Hearing, ServicePassword, TimeLimitChange):
            changes.track(model)  # before and after of every change, in the audit log
