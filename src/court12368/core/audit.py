"""Writing the audit log. Personal numbers are masked before they reach it."""

from court12368.core.models import AuditEntry
from court12368.core.privacy import mask_phone


def client_ip(request) -> str | None:
    """The address an audited request came from (the proxy in front sets REMOTE_ADDR, see docs)."""
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(
    action: str, *, channel: str, actor=None, subject=None, caller: str = "", ip: str | None = None, **details
) -> AuditEntry:
    subject_type = subject._meta.label_lower if subject is not None else ""
    return AuditEntry.objects.create(
        action=action,
        channel=channel,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        subject_type=subject_type,
        subject_id=str(subject.pk) if subject is not None else "",
        caller=mask_phone(caller) if caller else "",
        ip=ip or None,
        details=details,
    )
