from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from court12368.cases.forms import VerifyForm
from court12368.core import access, audit
from court12368.core.privacy import mask_phone
from court12368.courts.access import console_agent
from court12368.hotline import lookup, queue, services
from court12368.hotline.forms import KEYS, CallForm
from court12368.hotline.models import Call
from court12368.hotline.queries import caller_history
from court12368.knowledge import classifier
from court12368.notifications.phones import InvalidPhone, normalize_mobile
from court12368.workorders import queries as order_queries
from court12368.workorders.models import OrderKind, SubKind


@login_required
def console(request):
    """The agent console: log a call (screen-pop history beside it), and the agent's own queue."""
    agent = console_agent(request)
    # The caller this agent took from the call queue and has not logged yet, if any.
    answered = queue.answered_call(agent, request.session.get(queue.ANSWERED_CALL))
    initial = {"caller_number": answered.caller_number, "channel": "phone"} if answered else {}
    form = CallForm(request.POST or None, court=agent.court, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if answered and data["caller_number"] != answered.caller_number:
            answered = None  # the agent logged another call first
        call = services.log_console_call(
            agent=agent,
            answered=answered,
            suggested=(data["suggested_kind"], data["suggested_sub_kind"]),
            content=data["content"],
            kind=data["kind"],
            sub_kind=data["sub_kind"],
            answer=data["answer"],
            caller_name=data["caller_name"],
            caller_number=data["caller_number"],
            channel=data["channel"],
            case=data["case_number"],
            recording_ref=data["recording_ref"],
            about_order=data["about_order"],
            abusive=data["abusive"],
            urgent=data["urgent"],
            dispatch=not data["on_the_spot"],
            touches_procedural_rights=data["touches_procedural_rights"],
        )
        if answered:
            request.session.pop(queue.ANSWERED_CALL, None)
        order = call.work_order
        if order.on_the_spot:
            messages.success(
                request, _("Call logged, answered on the spot (%(number)s).") % {"number": order.number}
            )
        elif order.handler_id or order.department_id:
            messages.success(
                request,
                _("Order %(number)s sent to %(target)s.")
                % {"number": order.number, "target": order.handler or order.department},
            )
        else:
            messages.warning(
                request,
                _("Order %(number)s needs a handler: no routing rule fits.") % {"number": order.number},
            )
        return redirect("console")
    number = form.data.get("caller_number", "") if form.is_bound else initial.get("caller_number", "")
    return render(
        request,
        "hotline/console.html",
        {
            "form": form,
            **verify_context(verify_form()),
            "keys": KEYS,
            "history": caller_history(agent.court, number, viewer=agent),
            "prefill": not form.is_bound,  # what the agent typed and sent back is never overwritten
            "queue": order_queries.inbox(agent)[:50],
            "answered": answered,
            "judges": queue.judges_to_put_through(agent.court) if answered else [],
            "answer_target": queue.ANSWER_TARGET_SECONDS,
        },
        status=200 if not form.errors else 400,
    )


def verify_form(data=None) -> VerifyForm:
    """The case query's form, inline on the console (prefixed: the call form has a case number too)."""
    form = VerifyForm(data, prefix="verify")  # the catalogue makes the label colon full-width
    form.fields["case_number"].widget.attrs.update(accesskey=KEYS["verify"], autocomplete="off")
    form.fields["password"].widget.attrs.update(autocomplete="off")
    return form


def verify_context(form: VerifyForm, found=None) -> dict:
    """The verification panel: its form, each identity field with the ways of verifying that ask for it
    (console.js shows only the chosen way's fields, all of them without script), and what was found."""
    identity_fields = [
        (form[name], " ".join(method for method, needed in VerifyForm.REQUIRED.items() if name in needed))
        for name in ("case_number", "password", "id_number", "phone")
    ]
    return {"verify_form": form, "identity_fields": identity_fields, "found": found}


@login_required
def history(request):
    """The screen-pop, fetched by htmx as the number is typed; it fills in the caller's name, open order
    and case where the agent has typed nothing (console.js)."""
    agent = console_agent(request)
    number = request.GET.get("caller_number", "").strip()
    return render(
        request,
        "hotline/_history.html",
        {"history": caller_history(agent.court, number, viewer=agent), "prefill": True},
    )


@login_required
@require_POST
def verify_case(request):
    """The console's inline case query (htmx): verify the caller, show the case's status and put the
    verified case number into the call form. Audited and locked out like the case-query page."""
    agent = console_agent(request)
    reach = access.restrict(agent, "case.lookup")  # a case of another court reads as absent
    data = request.POST.copy()
    data["verify-caller_number"] = request.POST.get("caller_number", "")  # the call form's, for the audit
    form = verify_form(data)
    found = None
    if form.is_valid():
        found = lookup.verify_and_show(agent, form.cleaned_data, courts=reach, ip=audit.client_ip(request))
    # 200 even when refused: htmx swaps only successful answers, and the refusal is what the agent reads.
    return render(request, "hotline/_verify.html", {**verify_context(form, found), "keys": KEYS})


@login_required
def suggestion(request):
    """The classifier's suggestion for what the agent is typing (htmx partial); the agent decides."""
    console_agent(request)
    text = request.GET.get("content", "").strip()
    suggested = classifier.current().suggest(text) if len(text) >= 4 else None
    labels = {}
    if suggested:
        labels = {
            "type_label": OrderKind(suggested.type).label,
            "sub_kind_label": SubKind(suggested.sub_kind).label if suggested.sub_kind else "",
        }
    return render(request, "hotline/_suggestion.html", {"suggestion": suggested, "keys": KEYS, **labels})


@login_required
@require_POST
def send_address(request):
    """One key for the most common SMS an agent sends: the court's address and how to get there."""
    agent = console_agent(request)
    try:
        number = normalize_mobile(request.POST.get("caller_number", ""))
        services.send_court_address(agent, number)
    except InvalidPhone as error:
        messages.error(request, str(error))
    else:
        sent_to = {"number": mask_phone(number)}
        messages.success(request, _("The court's address was sent to %(number)s.") % sent_to)
    return redirect("console")  # not ?number=: a phone number must not end up in access logs


@login_required
def queue_waiting(request):
    """Polled by the console every two seconds: who waits, for how long, and how often they called."""
    agent = console_agent(request)
    earlier = (
        Call.objects.filter(court=agent.court, caller_number=OuterRef("caller_number"))
        .exclude(caller_number="")
        .values("caller_number")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waiting = queue.waiting(agent.court).annotate(earlier_calls=Subquery(earlier))[:20]
    now = timezone.now()
    rows = [(q, int((now - q.entered_at).total_seconds())) for q in waiting]
    context = {"rows": rows, "target": queue.ANSWER_TARGET_SECONDS, "keys": KEYS}
    return render(request, "hotline/_queue.html", context)


@login_required
@require_POST
def answer_queued(request, pk: int):
    """The agent takes a waiting caller; the console then fills in the caller for the call to log."""
    agent = request.user
    queued = access.get_or_404(agent, "queue.answer", pk=pk)
    try:
        queue.answer(queued, agent)
    except queue.AlreadyTaken as error:
        messages.error(request, str(error))
        return redirect("console")
    request.session[queue.ANSWERED_CALL] = queued.pk
    return redirect("console")


@login_required
@require_POST
def transfer_queued(request, pk: int):
    """The agent asks the voice line to put the caller on their line through to a judge of the court."""
    agent = request.user
    queued = access.get_or_404(agent, "queue.answer", pk=pk)
    judge = queue.judges_to_put_through(agent.court).filter(pk=request.POST.get("judge") or 0).first()
    if judge is None:
        messages.error(request, _("Choose a judge of this court."))
        return redirect("console")
    try:
        queue.request_transfer(queued, agent, judge)
    except queue.AlreadyTaken as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Putting the caller through to %(judge)s; the recording goes on.")
            % {"judge": judge.full_name or judge.username},
        )
    return redirect("console")
