"""The Prometheus scrape endpoint."""

import hmac

from django.conf import settings
from django.http import HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST

from court12368.core.metrics import exposition


def metrics(request):
    """For Prometheus with ``bearer_token`` (the data dir's metrics_token, or COURT12368_METRICS_TOKEN)."""
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not given or not hmac.compare_digest(given.encode(), settings.METRICS_TOKEN.encode()):
        response = HttpResponse("metrics need the bearer token\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
