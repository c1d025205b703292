from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from court12368.courts.models import Court


def client_courts(client) -> set[int]:
    """The client's court and every court below it (a high court's client covers its province)."""
    allowed, frontier = {client.court_id}, {client.court_id}
    while frontier:
        frontier = set(Court.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - allowed
        allowed |= frontier
    return allowed


def court_for_client(request, code: str) -> Court:
    court = get_object_or_404(Court, code=code, is_active=True)
    if court.pk not in client_courts(request.api_client):
        raise HttpError(403, _("This client may not act for that court."))
    return court
