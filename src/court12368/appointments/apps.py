from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "court12368.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from court12368.appointments import access  # noqa: F401  (declares who reads bookings)
        from court12368.appointments.models import Booking, Slot
        from court12368.core import changes

        for model in (Slot, Booking):
            changes.track(model)  # before and after of every change, in the audit log
