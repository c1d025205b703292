"""What every callback from the SMS gateway shares: who may make it, and the plain-text answer Kannel reads.

The delivery reports come here to the outbox; the SMS channel's incoming-SMS callback uses the same checks.
"""

from django.conf import settings
from django.http import HttpResponse


def from_gateway(request) -> bool:
    return request.META.get("REMOTE_ADDR", "") in settings.SMS_GATEWAY_IPS


def plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
