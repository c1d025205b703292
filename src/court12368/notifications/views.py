"""The gateway's delivery-report callback: what became of an SMS the outbox sent."""

import hmac

from django.http import HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from court12368.notifications import services
from court12368.notifications.gateway import from_gateway, plain


@csrf_exempt
@require_GET
def kannel_dlr(request):
    """Kannel's dlr-url: ?id=<ours>&sig=<ours>&type=%d&smsc_id=%F."""
    if not from_gateway(request):
        return HttpResponseForbidden("forbidden")
    try:
        pk = int(request.GET.get("id", ""))
        report_type = int(request.GET.get("type", ""))
    except ValueError:
        return plain("bad request: id and type must be numbers", 400)
    if not hmac.compare_digest(request.GET.get("sig", ""), services.dlr_signature(pk)):
        return HttpResponseForbidden("forbidden")
    if not services.record_delivery_report(pk, report_type, request.GET.get("smsc_id", "")):
        return plain("unknown message", 404)
    return plain("ok")
