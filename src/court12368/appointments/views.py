from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from court12368.appointments.queries import bookings_for


@login_required
def upcoming(request):
    """The bookings a member of staff will receive: their department's (the whole court for agents)."""
    return render(request, "appointments/upcoming.html", {"bookings": bookings_for(request.user)[:300]})
