"""Who reads the ledger, the circulars and their own large exports (the court-wide desks are in
courts/access.py)."""

from court12368.core.access import restrict, rule
from court12368.courts.access import staff_of_a_court
from court12368.courts.models import Staff
from court12368.reports.models import Circular, LedgerExport


@rule("ledger.read")
def _ledger(principal):
    """The ledger keepers, each over the orders they may read (a department head: the department's)."""
    if staff_of_a_court(principal) is None or not principal.reads_ledger:
        return None
    return restrict(principal, "order.read")


@rule("circular.read")
def _circulars(principal):
    return Circular.objects.filter(court__in=restrict(principal, "court.oversee"))


@rule("circular.write")
def _circulars_to_write(principal):
    """Generating a circular and its improvement notes are the leaders'."""
    return Circular.objects.filter(court__in=restrict(principal, "court.lead"))


@rule("export.read")
def _exports(principal):
    """A large export is its requester's alone: it holds whatever their filters found."""
    return LedgerExport.objects.filter(requested_by=principal) if isinstance(principal, Staff) else None
