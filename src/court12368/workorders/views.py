"""Handlers' workspace and an order's page. Thin: forms validate, services write, queries scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from court12368.core import access, audit
from court12368.courts.models import Role
from court12368.workorders import caller_number, notices, petition_views, queries, recordings
from court12368.workorders.forms import (
    CallbackForm,
    ForwardForm,
    InformForm,
    ReasonForm,
    ReplyForm,
    TargetForm,
    TypeForm,
    handler_reply,
    latest_reply,
    machine_suggestion,
)
from court12368.workorders.lifecycle import NotAllowed, allowed_actions, closing, forwarding, handling
from court12368.workorders.models import OrderEntry, Satisfaction, WorkOrder


def _order_for(user, number: str) -> WorkOrder:
    return access.get_or_404(user, "order.read", number=number)


@login_required
def inbox(request):
    user = request.user
    return render(
        request,
        "workorders/inbox.html",
        {
            "orders": queries.inbox(user)[:200],
            "overdue": queries.overdue(user)[:200]
            if user.role in ("department_head", "leader", "agent")
            else [],
        },
    )


@login_required
def callbacks(request):
    """The callback list: per order the number to call (masked, with the audited reveal of the order page)
    and what the handler replied, so the agent can call without opening each order first."""
    replies = OrderEntry.objects.filter(order=OuterRef("pk"), action=OrderEntry.Action.REPLIED)
    orders = list(
        queries.callbacks_due(request.user)
        .select_related("handler", "department")
        .annotate(reply_entry=Subquery(replies.order_by("-at", "-pk").values("text")[:1]))[:200]
    )
    callable_ids = _may_call_back(request.user, orders)
    for order in orders:
        order.reply_text = handler_reply(order.reply_entry)
        order.may_call_back = order.pk in callable_ids
    return render(request, "workorders/callbacks.html", {"orders": orders})


def _may_call_back(user, orders) -> set[int]:
    """``caller_number.may_call_back`` for a whole list in two queries: a number left, and the user follows
    the order up or handles it."""
    ids = [o.pk for o in orders if o.caller_phone]
    allowed: set[int] = set()
    for action in ("order.follow_up", "order.handle"):
        try:
            allowed.update(access.restrict(user, action).filter(pk__in=ids).values_list("pk", flat=True))
        except PermissionDenied:
            continue
    return allowed


@login_required
def detail(request, number):
    order = _order_for(request.user, number)
    if order.case_id:
        audit.record(
            "view_order", channel="console", actor=request.user, subject=order, ip=audit.client_ip(request),
            case=order.case_id,
        )  # fmt: skip
    notices.mark_order_read(request.user, order)  # opening the order reads its notices
    # The buttons are the lifecycle's allowed actions for this user now: the main one first and open, the
    # others below it, all visible (transfer included).
    actions = [t.action for t in allowed_actions(order, request.user)]
    reply_text = handler_reply(latest_reply(order)) if order.replied_at else ""
    # A voicemail's machine-suggested type, for whoever may dispatch it to confirm or change.
    suggested = machine_suggestion(order) if "dispatch" in actions else None
    return render(
        request,
        "workorders/detail.html",
        {
            "order": order,
            "summary": recordings.without_server_paths(order.summary),
            "recordings": recordings.of_order(order),
            "may_call_back": caller_number.may_call_back(request.user, order),
            "entries": order.entries.select_related("actor").prefetch_related("attachments"),
            "main_action": actions[0] if actions else "",
            "more_actions": actions[1:],
            "handler_reply": reply_text,
            "forwards": order.forwards.select_related("court"),
            **petition_views.petition_context(order, request.user),
            # Each form's ids carry its action: two forms on the page may share a field's name.
            "reply_form": ReplyForm(auto_id="reply_%s"),
            "reason_form": ReasonForm(auto_id="return_%s"),
            "dispatch_form": TargetForm(court=order.court, auto_id="dispatch_%s"),
            "transfer_form": TargetForm(court=order.court, need_reason=True, auto_id="transfer_%s"),
            "forward_form": ForwardForm(court=order.court, auto_id="forward_%s"),
            # What the caller is told starts as what the handler replied.
            "inform_form": InformForm(initial={"text": InformForm.prefill(reply_text)}, auto_id="inform_%s"),
            "callback_form": CallbackForm(auto_id="callback_%s"),
            "suggested": suggested,
            "type_form": TypeForm(
                initial={"kind": suggested.suggested_kind, "sub_kind": suggested.suggested_sub_kind},
                auto_id="type_%s",
            )
            if suggested
            else None,
        },
    )


@login_required
def attachment(request, number, pk):
    """Files are served only to those who may see the order (never from a public media URL)."""
    item = access.get_or_404(request.user, "attachment.read", pk=pk, entry__order__number=number)
    audit.record(
        "attachment_downloaded", channel="console", actor=request.user, subject=item.entry.order,
        ip=audit.client_ip(request), attachment=item.pk, name=item.name,
    )  # fmt: skip
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


# ---- what each action says it did, from the order after it (never just "Saved") ----------------------


def _due(order: WorkOrder) -> str:
    return timezone.localtime(order.reply_due).strftime("%Y-%m-%d %H:%M") if order.reply_due else "-"


def _holder(order: WorkOrder) -> str:
    """Who has the order now, as people say it: 陈淑兰（民事审判第一庭负责人）, or the department alone."""
    handler, department = order.handler, order.department
    if handler is None:
        return department.name if department else "-"
    place = handler.department or department
    if place is None:
        what = handler.get_role_display()
    elif handler.role == Role.DEPARTMENT_HEAD:
        what = _("head of %(department)s") % {"department": place.name}
    else:
        what = _("%(role)s, %(department)s") % {"role": handler.get_role_display(), "department": place.name}
    return _("%(name)s (%(role)s)") % {"name": handler, "role": what}


def _dispatched(order, data):
    return messages.SUCCESS, _("Dispatched to %(holder)s; reply due %(due)s.") % {
        "holder": _holder(order),
        "due": _due(order),
    }


def _type_confirmed(order, data):
    if data["dispatched"]:
        return messages.SUCCESS, _(
            "Type confirmed; dispatched by the rules to %(holder)s, reply due %(due)s."
        ) % {
            "holder": _holder(order),
            "due": _due(order),
        }
    return messages.WARNING, _(
        "Type confirmed. No routing rule applies to it: choose the handler and dispatch."
    )


def _acknowledged(order, data):
    return messages.SUCCESS, _("Acknowledged; reply by %(due)s.") % {"due": _due(order)}


def _replied(order, data):
    return messages.SUCCESS, _("Reply sent; waiting for the agent to resolve the order.")


def _transferred(order, data):
    return messages.SUCCESS, _("Transferred to %(holder)s; reply due %(due)s.") % {
        "holder": _holder(order),
        "due": _due(order),
    }


def _returned(order, data):
    return messages.SUCCESS, _("Returned to the agent for dispatch.")


def _resolved(order, data):
    return messages.SUCCESS, _("Resolved; now inform the caller.")


def _informed(order, data):
    if data["method"] == "sms":
        return messages.SUCCESS, _("The result is sent to the caller by SMS; the callback is next.")
    return messages.SUCCESS, _("Informing the caller by phone is recorded; the callback is next.")


def _called_back(order, data):
    if data["satisfaction"] == Satisfaction.UNSATISFIED:
        return messages.WARNING, _(
            "Unsatisfied: the order is handed back to %(holder)s; reply due %(due)s."
        ) % {"holder": _holder(order), "due": _due(order)}
    return messages.SUCCESS, _("Called back; the order is closed.")


def _forwarded(order, data):
    forward = order.forwards.order_by("-pk").first()
    return messages.SUCCESS, _("Forwarded to %(court)s as order %(number)s; this order is closed.") % {
        "court": data["court"].name,
        "number": forward.number if forward else "-",
    }


# Each action: (access action, form class or None, service call, what it says it did). One POST endpoint
# per action.
def _act(request, number, *, action, form_class=None, form_kwargs=None, perform, done):
    order = _order_for(request.user, number)
    if not access.permits(request.user, action, order):
        raise PermissionDenied
    form = None
    if form_class is not None:
        form = form_class(request.POST, request.FILES, **(form_kwargs(order) if form_kwargs else {}))
        if not form.is_valid():
            errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
            messages.error(request, _("Not saved: %(errors)s") % {"errors": errors})
            return redirect("order-detail", number=number)
    data = form.cleaned_data if form else {}
    try:
        order = perform(order, request.user, data)
    except NotAllowed as refused:
        messages.error(request, _("Not allowed now: %(reason)s") % {"reason": refused})
    else:
        level, text = done(order, data)
        messages.add_message(request, level, text)
        if not access.permits(request.user, "order.read", order):
            return redirect("order-inbox")  # handed on to someone else: no longer theirs to open
    return redirect("order-detail", number=number)


@login_required
@require_POST
def acknowledge(request, number):
    return _act(
        request,
        number,
        action="order.handle",
        perform=lambda o, u, d: handling.acknowledge(o, actor=u),
        done=_acknowledged,
    )


@login_required
@require_POST
def reply(request, number):
    return _act(
        request,
        number,
        action="order.handle",
        form_class=ReplyForm,
        perform=lambda o, u, d: handling.reply(
            o,
            actor=u,
            text=d["text"],
            attachments=[d["attachment"]] if d["attachment"] else [],
            report=d["report"],
            report_files=[d["report_file"]] if d["report_file"] else [],
        ),
        done=_replied,
    )


@login_required
@require_POST
def transfer(request, number):
    return _act(
        request,
        number,
        action="order.handle",
        form_class=TargetForm,
        form_kwargs=lambda o: {"court": o.court, "need_reason": True},
        perform=lambda o, u, d: handling.transfer(
            o, actor=u, handler=d["handler"], department=d["department"], reason=d["reason"]
        ),
        done=_transferred,
    )


@login_required
@require_POST
def return_order(request, number):
    return _act(
        request,
        number,
        action="order.handle",
        form_class=ReasonForm,
        perform=lambda o, u, d: handling.return_order(o, actor=u, reason=d["reason"]),
        done=_returned,
    )


@login_required
@require_POST
def dispatch(request, number):
    return _act(
        request,
        number,
        action="order.follow_up",
        form_class=TargetForm,
        form_kwargs=lambda o: {"court": o.court},
        perform=lambda o, u, d: handling.dispatch(
            o, actor=u, handler=d["handler"], department=d["department"]
        ),
        done=_dispatched,
    )


@login_required
@require_POST
def confirm_type(request, number):
    """The agent confirms or changes the type a voicemail's transcript suggested, then the rules route it."""

    def perform(order, user, data):
        call = machine_suggestion(order)
        suggested = (call.suggested_kind, call.suggested_sub_kind) if call else ("", "")
        order, data["dispatched"] = handling.confirm_type(
            order, kind=data["kind"], sub_kind=data["sub_kind"], actor=user, suggested=suggested,
            text=call.transcript if call else "",
        )  # fmt: skip
        return order

    return _act(
        request, number, action="order.follow_up", form_class=TypeForm, perform=perform, done=_type_confirmed
    )


@login_required
@require_POST
def resolve(request, number):
    return _act(
        request,
        number,
        action="order.follow_up",
        perform=lambda o, u, d: closing.resolve(o, actor=u),
        done=_resolved,
    )


@login_required
@require_POST
def inform(request, number):
    return _act(
        request,
        number,
        action="order.follow_up",
        form_class=InformForm,
        perform=lambda o, u, d: closing.inform_caller(o, actor=u, method=d["method"], text=d["text"]),
        done=_informed,
    )


@login_required
@require_POST
def callback(request, number):
    return _act(
        request,
        number,
        action="order.follow_up",
        form_class=CallbackForm,
        perform=lambda o, u, d: closing.record_callback(
            o, actor=u, satisfaction=d["satisfaction"], note=d["note"]
        ),
        done=_called_back,
    )


@login_required
@require_POST
def forward(request, number):
    return _act(
        request,
        number,
        action="order.follow_up",
        form_class=ForwardForm,
        form_kwargs=lambda o: {"court": o.court},
        perform=lambda o, u, d: forwarding.forward_to_court(o, actor=u, court=d["court"], reason=d["reason"]),
        done=_forwarded,
    )
