"""Calls waiting in the voice queue go to the agents of the court called."""

from court12368.core.access import restrict, rule
from court12368.hotline.models import QueuedCall


@rule("queue.answer")
def _queue(principal):
    return QueuedCall.objects.filter(court__in=restrict(principal, "console.use"))
