"""Incoming SMS that wait for an agent: the agent's court's, and those no court could be told from."""

from django.db.models import Q

from court12368.core.access import restrict, rule
from court12368.sms.models import InboundSms


@rule("sms.handle")
def _inbound(principal):
    courts = restrict(principal, "console.use")
    return InboundSms.objects.filter(Q(court__in=courts) | Q(court__isnull=True))
