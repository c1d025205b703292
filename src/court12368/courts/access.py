"""Who may use which desk; the views' first line."""

from django.core.exceptions import PermissionDenied

from court12368.courts.models import Role


def console_agent(request):
    """The signed-in seat agent (or duty judge) with a court, for the console's pages; else 403."""
    if request.user.role not in (Role.AGENT, Role.DUTY_JUDGE) or not request.user.court_id:
        raise PermissionDenied
    return request.user
