from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "court12368.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from court12368.cases import (
            access,  # noqa: F401  (declares who looks up cases)
            sweeps,
        )
        from court12368.cases.models import (
            AgentAdLitem,
            Case,
            Hearing,
            Party,
            ServicePassword,
            TimeLimitChange,
        )
        from court12368.core import changes, sweeper

        sweeper.register_all(sweeps.SWEEPS)
        for model in (Case, Party, AgentAdLitem, Hearing, ServicePassword, TimeLimitChange):
            changes.track(model)  # before and after of every change, in the audit log
