"""The petition steps on the order page (workorders/lifecycle/petitions.py): one POST endpoint, thin."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from court12368.core import access
from court12368.core.widgets import IsoDateField
from court12368.workorders.lifecycle import NotAllowed, petitions
from court12368.workorders.models import OrderEntry, PetitionTrack


class PetitionStepForm(forms.Form):
    on = IsoDateField(label=_("Date"), required=False)
    days = forms.IntegerField(
        label=_("Days"), required=False, min_value=1, max_value=petitions.MAX_EXTENSION_DAYS
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)


def may_record_petition_steps(order, user) -> bool:
    """The handler decides and answers; the line may also record what the petitioner asked."""
    return access.permits(user, "order.handle", order) or access.permits(user, "order.follow_up", order)


def petition_context(order, user) -> dict:
    """The order page's petition panel: its clocks, and whether this user records the steps."""
    track = PetitionTrack.objects.filter(order=order).first()
    if track is None:
        return {"petition": None, "petition_lines": []}
    return {
        "petition": track,
        "petition_lines": petitions.clocks(track),
        "may_act_on_petition": may_record_petition_steps(order, user),
    }


@login_required
@require_POST
def petition_step(request, number, step):
    perform = petitions.STEPS.get(step)
    if perform is None:
        raise Http404
    order = access.get_or_404(request.user, "order.read", number=number)
    if not may_record_petition_steps(order, request.user):
        raise PermissionDenied
    form = PetitionStepForm(request.POST)
    if not form.is_valid():
        errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Not saved: %(errors)s") % {"errors": errors})
        return redirect("order-detail", number=number)
    data = form.cleaned_data
    kwargs = {}
    if step in ("accept", "refuse", "answer", "request_review", "answer_review") and data["on"]:
        kwargs["on"] = data["on"]
    if step in ("refuse", "extend"):
        kwargs["reason"] = data["reason"]
    if step == "extend":
        kwargs["days"] = data["days"] or 0
    try:
        perform(order, actor=request.user, **kwargs)
    except NotAllowed as refused:
        messages.error(request, _("Not allowed now: %(reason)s") % {"reason": refused})
    else:
        # The step's own line on the timeline says what happened ("已受理，办理期限至 …").
        step = order.entries.filter(action=OrderEntry.Action.PETITION).order_by("-at", "-pk").first()
        messages.success(request, step.text if step else _("Saved."))
    return redirect("order-detail", number=number)
