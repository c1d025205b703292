"""Writing the audit log. Personal numbers are masked before they reach it."""

from court12368.core import throttle
from court12368.core.models import AuditEntry
from court12368.core.privacy import mask_phone


def client_ip(request) -> str | None:
    """The address an audited request came from (behind a trusted proxy, the client's: see
    core.middleware.TrustedProxyMiddleware)."""
    return request.META.get("REMOTE_ADDR") if request is not None else None


def court_of(subject, actor) -> int | None:
    """The court an entry concerns: the subject's (a court itself, or anything with a court), else the
    staff member's."""
    if subject is not None and subject._meta.label == "courts.Court":
        return subject.pk
    return getattr(subject, "court_id", None) or getattr(actor, "court_id", None)


def record(
    action: str, *, channel: str, actor=None, subject=None, caller: str = "", ip: str | None = None, **details
) -> AuditEntry:
    entry = unsaved(action, channel=channel, actor=actor, subject=subject, caller=caller, ip=ip, **details)
    entry.save()
    throttle.note(action, ip)
    return entry


def unsaved(
    action: str, *, channel: str, actor=None, subject=None, caller: str = "", ip: str | None = None, **details
) -> AuditEntry:
    """An entry not yet written, for writing many at once (``AuditEntry.objects.bulk_create``)."""
    subject_type = subject._meta.label_lower if subject is not None else ""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        action=action,
        channel=channel,
        actor=actor,
        court=court_of(subject, actor),
        subject_type=subject_type,
        subject_id=str(subject.pk) if subject is not None else "",
        caller=mask_phone(caller) if caller else "",
        ip=ip or None,
        details=details,
    )
