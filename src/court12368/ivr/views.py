"""The agents' side of the voice line: callers waiting in the queue (the console's screen-pop)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from court12368.core import access
from court12368.courts.access import console_agent
from court12368.hotline.models import Call
from court12368.ivr import services


@login_required
def queue(request):
    """Polled by the console every two seconds: who waits, for how long, and how often they called."""
    agent = console_agent(request)
    earlier = (
        Call.objects.filter(court=agent.court, caller_number=OuterRef("caller_number"))
        .exclude(caller_number="")
        .values("caller_number")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waiting = services.waiting(agent.court).annotate(earlier_calls=Subquery(earlier))[:20]
    now = timezone.now()
    rows = [(q, int((now - q.entered_at).total_seconds())) for q in waiting]
    return render(request, "ivr/_queue.html", {"rows": rows, "target": services.ANSWER_TARGET_SECONDS})


@login_required
@require_POST
def answer(request, pk: int):
    agent = request.user
    queued = access.get_or_404(agent, "queue.answer", pk=pk)
    try:
        services.answer(queued, agent)
    except services.AlreadyTaken as error:
        messages.error(request, str(error))
        return redirect("console")
    request.session[services.ANSWERED_CALL] = queued.pk
    return redirect("console")
