"""Bookings a member of staff receives: their department's, or the whole court's for the line's agents,
leaders and administrators."""

from court12368.appointments.models import Booking
from court12368.core.access import rule
from court12368.courts.access import staff_of_a_court
from court12368.courts.models import Role

COURT_WIDE = (Role.AGENT, Role.LEADER, Role.ADMINISTRATOR)


@rule("booking.read")
def _bookings(principal):
    user = staff_of_a_court(principal)
    if user is None:
        return None
    found = Booking.objects.filter(slot__court_id=user.court_id)
    return found if user.role in COURT_WIDE else found.filter(slot__department_id=user.department_id)
