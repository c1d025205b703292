"""The public web channel: no login; every write goes through the same services as the console."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from court12368.cases import services as cases
from court12368.cases.queries import PUBLIC, failed_verification_from
from court12368.core import audit
from court12368.core.throttle import too_many
from court12368.courts.models import Court
from court12368.hotline.services import submit_request
from court12368.knowledge.forms import calculate
from court12368.knowledge.queries import answer
from court12368.portal import challenge
from court12368.portal.forms import CaseQueryForm, RatingForm, RequestForm, TrackForm
from court12368.workorders import queries as orders
from court12368.workorders.lifecycle import NotAllowed, closing
from court12368.workorders.models import WorkOrder

CHANNEL = "web"
SUBMISSIONS_PER_HOUR = 5
TRACK_FAILURES_PER_HOUR = 10
SESSION_TRACKED = "portal_tracked"


def court_or_404(code: str) -> Court:
    return get_object_or_404(Court.objects.select_related("parent"), code=code, is_active=True)


def index(request):
    """Choose a court by name, region or court code."""
    q = request.GET.get("q", "").strip()[:50]
    found = Court.objects.filter(is_active=True)
    if q:
        found = found.filter(Q(name__contains=q) | Q(code__startswith=q) | Q(region_code__startswith=q))
    courts = found.prefetch_related("public_numbers").order_by("code")[:200]  # each one's hotline
    return render(request, "portal/index.html", {"courts": courts, "q": q})


def court(request, code):
    court = court_or_404(code)
    return render(
        request,
        "portal/court.html",
        {
            "court": court,
            "hours": getattr(court, "service_hours", None),
            "departments": court.departments.order_by("name"),
        },
    )


def _needs_challenge(request) -> bool:
    """After a failed verification from this address, a person must answer a question first."""
    return failed_verification_from(audit.client_ip(request), within=cases.FAILURE_WINDOW)


def case_query(request, code):
    """Prove who you are by one method (chosen first: only its fields are shown), then see the case.

    After a failed verification from this address the check question is asked; it is shown on every
    page whose next submit will require it, and an unanswered question is asked again without calling
    the attempt wrong. Only a wrong password is emptied; everything else the person typed is kept.
    """
    court = court_or_404(code)
    method = CaseQueryForm.method_from(request.POST if request.method == "POST" else request.GET)
    form = CaseQueryForm(request.POST or None, initial={"method": method})
    view = error = prompt = None
    keep_password = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        needs_answer = _needs_challenge(request)
        if needs_answer and not (data["challenge"].strip() and challenge.pending(request.session)):
            prompt = _("Please answer the check question below, then query again.")  # not shown yet
        elif needs_answer and not challenge.check(request.session, data["challenge"]):
            error = _("Please answer the check question correctly.")
        else:
            fields = {name: data[name] for name in CaseQueryForm.REQUIRED[data["method"]]}
            try:
                verified = cases.verify_identity(
                    channel=CHANNEL,
                    court=court,
                    ip=audit.client_ip(request),
                    actor=request.user if request.user.is_authenticated else None,  # staff: their account
                    **fields,
                )
            except cases.VerificationFailed as failure:
                error = failure.message
                keep_password = False
            else:
                view = cases.show_case(
                    verified.case, audience=PUBLIC, channel=CHANNEL, ip=audit.client_ip(request)
                )
    question = None
    if view is None and _needs_challenge(request):  # the next submit will need it: ask it now
        question = challenge.ask(request.session, form)
    form.fields["password"].widget.render_value = keep_password
    status = 403 if error else (400 if form.errors or prompt else 200)
    context = {
        "court": court,
        "form": form,
        "method": method,
        "methods": CaseQueryForm.METHODS,
        "identity_fields": [form[name] for name in CaseQueryForm.REQUIRED[method]],
        "view": view,
        "error": error,
        "prompt": prompt,
        "question": question,
    }
    return render(request, "portal/case.html", context, status=status)


def submit(request, code):
    court = court_or_404(code)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not challenge.check(request.session, data["challenge"]):
            form.add_error("challenge", _("Please answer the check question correctly."))
        elif too_many("request_submitted", ip=audit.client_ip(request), limit=SUBMISSIONS_PER_HOUR):
            form.add_error(None, _("Too many requests from this address; please try again in an hour."))
        else:
            order = submit_request(
                court=court,
                kind=data["kind"],
                content=data["content"],
                name=data["name"],
                phone=data["phone"],
                case_number=data["case_number"],
                channel=CHANNEL,
                ip=audit.client_ip(request),
            )
            request.session[SESSION_TRACKED] = order.number
            return render(request, "portal/submitted.html", {"court": court, "order": order})
    question = challenge.ask(request.session, form)
    status = 400 if form.errors else 200
    return render(
        request, "portal/submit.html", {"court": court, "form": form, "question": question}, status=status
    )


def track(request):
    """Status, replies and deadline of one's own request: tracking number + the phone it was filed from."""
    if request.method == "POST":
        form = TrackForm(request.POST)
    else:
        form = TrackForm(initial={"number": request.GET.get("number", "")[:32]})
    view = error = None
    if form.is_bound and form.is_valid():
        if too_many("request_track_failed", ip=audit.client_ip(request), limit=TRACK_FAILURES_PER_HOUR):
            error = _("Too many failed lookups from this address; please try again in an hour.")
        else:
            order = orders.find_for_requester(form.cleaned_data["number"], form.cleaned_data["phone"])
            if order is None:
                audit.record("request_track_failed", channel=CHANNEL, ip=audit.client_ip(request))
                error = _("No request with this number was filed from this phone number.")
            else:
                audit.record("request_viewed", channel=CHANNEL, subject=order, ip=audit.client_ip(request))
                request.session[SESSION_TRACKED] = order.number
                view = orders.public_view(order)
    context = {
        "form": form,
        "view": view,
        "error": error,
        "rating": RatingForm() if view and view["can_rate"] else None,
    }
    return render(request, "portal/track.html", context, status=403 if error else 200)


@require_POST
def rate(request, number):
    """Only the person who just looked the request up (tracking number + phone) may rate it."""
    if request.session.get(SESSION_TRACKED) != number:
        raise Http404
    order = get_object_or_404(WorkOrder, number=number)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            order = closing.rate_by_requester(
                order,
                satisfaction=form.cleaned_data["satisfaction"],
                note=form.cleaned_data["note"],
                channel=CHANNEL,
                ip=audit.client_ip(request),
            )
        except NotAllowed:
            messages.error(request, _("This request is not waiting for a rating."))
        else:
            messages.success(request, _("Thank you for your rating."))
    view = orders.public_view(order)
    return render(request, "portal/track.html", {"form": TrackForm(initial={"number": number}), "view": view})


def faq(request):
    return render(request, "portal/faq.html", {"answer": answer(request.GET.get("q", "")[:200])})


def calculators(request):
    court = Court.objects.filter(code=request.GET.get("court", ""), is_active=True).first()
    return render(request, "portal/calculators.html", {"court": court, **calculate(request.GET, court)})
