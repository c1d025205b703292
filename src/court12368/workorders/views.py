"""Handlers' workspace and an order's page. Thin: forms validate, services write, queries scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from court12368.core import access, audit
from court12368.workorders import caller_number, notices, queries, recordings
from court12368.workorders.forms import (
    CallbackForm,
    ForwardForm,
    InformForm,
    ReasonForm,
    ReplyForm,
    TargetForm,
)
from court12368.workorders.lifecycle import NotAllowed, allowed_actions, closing, forwarding, handling
from court12368.workorders.models import WorkOrder


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
    return render(request, "workorders/callbacks.html", {"orders": queries.callbacks_due(request.user)[:200]})


@login_required
def detail(request, number):
    order = _order_for(request.user, number)
    if order.case_id:
        audit.record(
            "view_order", channel="console", actor=request.user, subject=order, ip=audit.client_ip(request),
            case=order.case_id,
        )  # fmt: skip
    notices.mark_order_read(request.user, order)  # opening the order reads its notices
    return render(
        request,
        "workorders/detail.html",
        {
            "order": order,
            "summary": recordings.without_server_paths(order.summary),
            "recordings": recordings.of_order(order),
            "may_call_back": caller_number.may_call_back(request.user, order),
            "entries": order.entries.select_related("actor").prefetch_related("attachments"),
            # The buttons are the lifecycle's allowed actions for this user now, main action first.
            "actions": [t.action for t in allowed_actions(order, request.user)],
            "reply_form": ReplyForm(),
            "reason_form": ReasonForm(),
            "target_form": TargetForm(court=order.court),
            "forward_form": ForwardForm(court=order.court),
            "inform_form": InformForm(),
            "callback_form": CallbackForm(),
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


# Each action: (access action, form class or None, service call). One POST endpoint per action.
def _act(request, number, *, action, form_class=None, form_kwargs=None, perform):
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
    try:
        perform(order, request.user, form.cleaned_data if form else {})
    except NotAllowed as refused:
        messages.error(request, _("Not allowed now: %(reason)s") % {"reason": refused})
    else:
        messages.success(request, _("Saved."))
    return redirect("order-detail", number=number)


@login_required
@require_POST
def acknowledge(request, number):
    return _act(
        request, number, action="order.handle", perform=lambda o, u, d: handling.acknowledge(o, actor=u)
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
    )


@login_required
@require_POST
def resolve(request, number):
    return _act(
        request, number, action="order.follow_up", perform=lambda o, u, d: closing.resolve(o, actor=u)
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
    )
