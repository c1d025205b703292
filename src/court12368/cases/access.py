"""Looking up a case for a caller: any member of staff, for the cases of their court (a platform-wide
administrator: any court's). The caller's proof of identity is still asked for every time."""

from court12368.core.access import rule
from court12368.courts.models import Court, Staff


@rule("case.lookup")
def _lookup(principal):
    if not isinstance(principal, Staff):
        return None
    return Court.objects.filter(pk=principal.court_id) if principal.court_id else Court.objects.all()
