"""Public appointment pages: choose a service and a time, book, cancel."""

import datetime as dt

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.appointments import queries, services
from court12368.appointments.models import Service, Slot
from court12368.core import audit
from court12368.portal import challenge
from court12368.portal.forms import BookingForm, CancelForm
from court12368.portal.views import CHANNEL, court_or_404


def _days(slots) -> dict:
    """The open slots by local day, in order: {date: [slots]} (only days with a free place)."""
    days: dict = {}
    for slot in slots:
        days.setdefault(timezone.localtime(slot.starts_at).date(), []).append(slot)
    return days


def _chosen_day(value: str, days: dict):
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if day in days else None


def appointments(request, code):
    """Two steps that work without scripts: a list of the days with free times (links), then that day's
    times with the booking form. A phone shows a handful of rows instead of every slot of two weeks."""
    court = court_or_404(code)
    params = request.POST if request.method == "POST" else request.GET
    service = params.get("service") or Service.FILING
    if service not in Service.values:
        service = Service.FILING
    days = _days(queries.open_slots(court, service))
    day = _chosen_day(params.get("day", ""), days)
    if day is None and len(days) == 1:  # one day only: nothing to choose, go straight to its times
        [day] = days
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        slot = Slot.objects.filter(pk=data["slot"], court=court).first()
        if slot is not None and day is None:  # posted without the day step: show the slot's day again
            day = timezone.localtime(slot.starts_at).date()
            day = day if day in days else None
        if not challenge.check(request.session, data["challenge"]):
            form.add_error("challenge", _("Please answer the check question correctly."))
        elif slot is None:
            form.add_error(None, _("Choose a time."))
        else:
            try:
                booking = services.book(
                    slot,
                    name=data["name"],
                    phone=data["phone"],
                    matter=data["matter"],
                    channel=CHANNEL,
                    ip=audit.client_ip(request),
                )
            except services.BookingRefused as refused:
                form.add_error(None, str(refused))
            else:
                return render(request, "portal/booked.html", {"court": court, "booking": booking})
    context = {
        "court": court,
        "services": Service.choices,
        "service": service,
        "days": [{"date": d, "free": len(slots), "iso": d.isoformat()} for d, slots in days.items()],
        "day": day,
        "times": days.get(day, []),
        "chosen": str(form.data.get("slot", "")) if form.is_bound else "",
        "form": form,
        # Asked on both steps, so that a client posting straight after the list of days has a question.
        "question": challenge.ask(request.session, form),
    }
    return render(request, "portal/appointments.html", context, status=400 if form.errors else 200)


def cancel(request):
    form = CancelForm(request.POST or None)
    cancelled = refused = None
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = services.cancel(
                form.cleaned_data["code"],
                form.cleaned_data["phone"],
                channel=CHANNEL,
                ip=audit.client_ip(request),
            )
        except services.BookingRefused as error:
            refused = error
            form.add_error(None, str(error))
    status = 429 if isinstance(refused, services.TooManyAttempts) else 400 if form.errors else 200
    return render(request, "portal/cancel.html", {"form": form, "cancelled": cancelled}, status=status)
