from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "court12368.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from court12368.cases import (
            access,  # noqa: F401  (declares who looks up cases)
            staff_links,
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
        from court12368.courts.models import Staff
        from court12368.courts.signals import staff_changed

        sweeper.register_all(sweeps.SWEEPS)
        for model in (Case, Party, AgentAdLitem, Hearing, ServicePassword, TimeLimitChange):
            changes.track(model)  # before and after of every change, in the audit log
        # Staff added after their cases were imported link the cases that name them.
        post_save.connect(staff_links.staff_saved, sender=Staff, dispatch_uid="cases-link-staff")
        staff_changed.connect(staff_links.staff_changed_in_bulk, dispatch_uid="cases-link-staff-bulk")
