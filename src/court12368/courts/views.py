from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from court12368.courts.models import Role

ROLE_TEMPLATES = {role.value: f"courts/home/{role.value}.html" for role in Role}


@login_required
def home(request):
    """Each role lands on its own workspace; later features fill these shells."""
    user = request.user
    template = ROLE_TEMPLATES.get(user.role, ROLE_TEMPLATES[Role.AGENT])
    hours = getattr(user.court, "service_hours", None) if user.court_id else None
    return render(request, template, {"court": user.court, "service_hours": hours})
