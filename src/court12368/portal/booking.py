"""Public appointment pages: choose a service and a time, book, cancel."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from court12368.appointments import queries, services
from court12368.appointments.models import Service, Slot
from court12368.core import audit
from court12368.portal import challenge
from court12368.portal.forms import BookingForm, CancelForm
from court12368.portal.views import CHANNEL, court_or_404


def appointments(request, code):
    court = court_or_404(code)
    service = request.GET.get("service") or request.POST.get("service") or Service.FILING
    if service not in Service.values:
        service = Service.FILING
    slots = list(queries.open_slots(court, service))
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        slot = Slot.objects.filter(pk=data["slot"], court=court).first()
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
        "slots": slots,
        "form": form,
        "question": challenge.new(request.session),
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
