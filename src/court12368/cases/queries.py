"""What may be told about a case, in one shape for every channel.

A verified party (voice menu, SMS, portal, API) sees what the SPC's 2018 rules on publishing
trial-process information disclose (art. 7): filing and acceptance, parties, judge and panel,
procedure, trial time limit and where the case stands against it, hearings, appeal transfer, closing
and result, and the fees charged, paid and refunded (art. 7(7): other procedural information; a case
query answers fee payment, the 12368 service articles). Staff see more: the clerk, the judge's and the
clerk's office phones, the full progress history, the time-limit changes with their approvals and the
parties' masked ID numbers and contact phones.
"""

from django.utils import timezone

from court12368.cases.models import Case
from court12368.cases.status import extension_rule, time_limit_status
from court12368.core.privacy import mask_phone

PUBLIC = "party"
STAFF = "staff"


def _date(value) -> str | None:
    return value.isoformat() if value else None


def case_view(case: Case, audience: str = PUBLIC) -> dict:
    now = timezone.now()
    hearings = list(case.hearings.all())
    upcoming = [h for h in hearings if h.starts_at >= now]
    view = {
        "number": case.number,
        "court": case.court.name,
        "category": case.get_category_display(),
        "cause": case.cause,
        "procedure": case.get_procedure_display(),
        "filed_on": _date(case.filed_on),
        "acceptance": case.get_acceptance_display(),
        "stage": case.get_stage_display(),
        "progress": case.progress,
        "judge": case.judge_name,
        "panel": case.panel,
        "time_limit_due": _date(case.time_limit_due),
        "time_limit": time_limit_status(case),
        "next_hearing": _hearing(upcoming[0]) if upcoming else None,
        "parties": [{"name": p.name, "role": p.get_role_display()} for p in case.parties.all()],
        "appeal": {
            "sent_on": _date(case.appeal_sent_on),
            "court": case.appeal_court.name if case.appeal_court_id else None,
            "filed_on": _date(case.appeal_filed_on),
            "case_number": case.appeal_case_number or None,
        },
        "closed_on": _date(case.closed_on),
        "result": case.result,
        "fees": {
            "charged": str(case.fee_charged),
            "paid": str(case.fee_paid),
            "refunded": str(case.fee_refunded),
        },
    }
    if audience == STAFF:
        view.update(
            {
                "clerk": case.clerk_name,
                "judge_phone": case.judge.office_phone if case.judge_id else "",
                "clerk_phone": case.clerk.office_phone if case.clerk_id else "",
                "extension_rule": extension_rule(case.category),
                "hearings": [_hearing(h) for h in hearings],
                "events": [
                    {"at": e.at.isoformat(), "stage": e.get_stage_display(), "description": e.description}
                    for e in case.events.all()
                ],
                "time_limit_changes": [
                    {
                        "kind": c.get_kind_display(),
                        "from": _date(c.starts_on),
                        "until": _date(c.ends_on),
                        "reason": c.reason,
                        "approval": c.approval,
                    }
                    for c in case.time_limit_changes.all()
                ],
                "parties": [
                    {
                        "name": p.name,
                        "role": p.get_role_display(),
                        "id": p.id_masked,
                        "phone": mask_phone(p.phone) if p.phone else "",
                        "agents": [a.name for a in p.agents.all()],
                    }
                    for p in case.parties.all()
                ],
            }
        )
    return view


def _hearing(hearing) -> dict:
    at = timezone.localtime(hearing.starts_at)
    return {
        "at": at.isoformat(),
        "at_text": f"{at:%Y-%m-%d %H:%M}",  # as a page prints it
        "place": hearing.place,
        "courtroom": hearing.courtroom,
    }


def load_case(pk: int) -> Case:
    return (
        Case.objects.select_related("court", "appeal_court", "judge", "clerk")
        .prefetch_related("hearings", "parties__agents", "events", "time_limit_changes")
        .get(pk=pk)
    )


def failed_verification_from(ip: str | None, within) -> bool:
    """Whether a verification from this address failed within ``within`` (a timedelta) of now."""
    from court12368.cases.models import VerificationAttempt

    if not ip:
        return False
    since = timezone.now() - within
    return VerificationAttempt.objects.filter(ip=ip, success=False, at__gte=since).exists()
