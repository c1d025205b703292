from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourtsConfig(AppConfig):
    name = "court12368.courts"
    label = "courts"
    verbose_name = _("Courts and staff")

    def ready(self) -> None:
        from court12368.core import changes, sweeper
        from court12368.courts import (
            access,  # noqa: F401  (declares the court-wide access rules)
            calendars,  # noqa: F401  (connects the cache invalidation)
            signals,  # noqa: F401  (audits sign-ins)
            sweeps,
        )
        from court12368.courts.models import (
            CalendarDay,
            Court,
            CourtClosure,
            Department,
            HolidayYear,
            ServiceHours,
            Staff,
        )

        sweeper.register_all(sweeps.SWEEPS)
        changes.track(Staff, ignore=("last_login",))
        for model in (Court, Department, ServiceHours, HolidayYear, CalendarDay, CourtClosure):
            changes.track(model)  # before and after of every change, in the audit log
