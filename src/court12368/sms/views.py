"""The gateway's incoming-SMS callback and the agents' SMS inbox."""

import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from court12368.core import access
from court12368.notifications.gateway import from_gateway, plain
from court12368.sms import inbound
from court12368.sms.models import InboundSms
from court12368.workorders.models import OrderKind


@csrf_exempt
@require_http_methods(["GET", "POST"])
def kannel_inbound(request):
    """Kannel's sms-service get-url/post-url: from, to, text, id, and the shared secret."""
    if not from_gateway(request):
        return HttpResponseForbidden("forbidden")
    data = request.GET if request.method == "GET" else request.POST
    secret = request.headers.get("X-Court12368-Secret") or data.get("secret", "")
    if not hmac.compare_digest(secret, settings.SMS_INBOUND_SECRET):
        return HttpResponseForbidden("forbidden")
    phone, text, gateway_id = data.get("from", ""), data.get("text", ""), data.get("id", "")
    if not (phone and gateway_id) or len(gateway_id) > 100 or len(phone) > 20:
        return plain("bad request: from and id are required", 400)
    with translation.override(settings.LANGUAGE_CODE):  # answers go to Chinese phones
        inbound.receive(
            gateway_id=gateway_id,
            phone=phone,
            to_number=data.get("to", "")[:21],
            text=text,
            ip=request.META.get("REMOTE_ADDR"),
        )
    # The answer goes out through our outbox (limits, audit, delivery reports), not in this response.
    return plain("", 202)


@login_required
def sms_inbox(request):
    """Incoming SMS that no command answered: the agent makes each into an order or dismisses it."""
    visible = access.restrict(request.user, "sms.handle")
    waiting = visible.filter(outcome=InboundSms.Outcome.FOR_AGENT).order_by("received_at")[:200]
    recent = visible.exclude(outcome=InboundSms.Outcome.FOR_AGENT).order_by("-received_at")[:50]
    return render(
        request,
        "sms/sms_inbox.html",
        {"waiting": waiting, "recent": recent, "kinds": OrderKind.choices},
    )


@login_required
@require_POST
def sms_handle(request, pk: int):
    agent = request.user
    message = access.get_or_404(agent, "sms.handle", pk=pk)
    try:
        if request.POST.get("action") == "dismiss":
            inbound.dismiss(message, agent=agent)
            messages.success(request, _("Message dismissed."))
        else:
            kind = request.POST.get("kind", "")
            if kind not in OrderKind.values:
                raise ValueError(_("Choose the type of the work order."))
            message = inbound.make_order(
                message, agent=agent, kind=kind, content=request.POST.get("content", "")
            )
            messages.success(request, _("Work order %(number)s created.") % {"number": message.order.number})
    except ValueError as error:
        messages.error(request, str(error))
    return redirect("sms-inbox")
