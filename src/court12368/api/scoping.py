from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from court12368.core.access import permits
from court12368.courts.models import Court


def court_for_client(request, code: str) -> Court:
    """The court a client acts for: 404 when there is none, 403 when it is outside the client's reach."""
    court = get_object_or_404(Court, code=code, is_active=True)
    if not permits(request.api_client, "api.court", court):
        raise HttpError(403, _("This client may not act for that court."))
    return court
