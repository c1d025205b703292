"""Every write to the case registry: upserts from the trial-process system, service passwords,
and identity verification (which writes attempts and the audit log)."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.cases.models import Case, CaseCategory, Party, Procedure, ServicePassword, VerificationAttempt
from court12368.cases.numbers import parse_case_number
from court12368.cases.queries import case_view, load_case
from court12368.core import audit
from court12368.core.hashing import keyed_hash

PASSWORD_DIGITS = getattr(settings, "SERVICE_PASSWORD_DIGITS", 10)
MAX_FAILURES = getattr(settings, "VERIFY_MAX_FAILURES", 5)
FAILURE_WINDOW = dt.timedelta(seconds=getattr(settings, "VERIFY_WINDOW_SECONDS", 3600))


def category_for(type_code: str) -> str:
    if type_code.startswith(("行赔", "法赔", "委赔", "赔")):
        return CaseCategory.COMPENSATION
    for prefix, category in (
        ("民", CaseCategory.CIVIL),
        ("刑", CaseCategory.CRIMINAL),
        ("行", CaseCategory.ADMINISTRATIVE),
        ("执", CaseCategory.ENFORCEMENT),
    ):
        if type_code.startswith(prefix):
            return category
    return CaseCategory.OTHER


def default_procedure(type_code: str) -> str:
    if type_code.endswith("终"):
        return Procedure.SECOND_INSTANCE
    if type_code.endswith(("再", "申", "监")):
        return Procedure.RETRIAL
    if type_code.startswith("执"):
        return Procedure.ENFORCEMENT
    if type_code.startswith("民特"):
        return Procedure.SPECIAL
    return Procedure.ORDINARY


def id_digest(id_number: str) -> str:
    return keyed_hash("id-number", id_number.strip().upper())


def password_digest(password: str) -> str:
    return keyed_hash("service-password", password.strip())


def mask_id(id_number: str) -> str:
    value = id_number.strip().upper()
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


# ---- service passwords ----------------------------------------------------------------------
def issue_password(party: Party) -> str:
    """A new random password for the party (replacing any old one); the clear value is returned once."""
    for _attempt in range(10):
        password = "".join(secrets.choice("0123456789") for _ in range(PASSWORD_DIGITS))
        try:
            with transaction.atomic():
                ServicePassword.objects.update_or_create(
                    party=party, defaults={"digest": password_digest(password)}
                )
            return password
        except IntegrityError:  # the same digits already belong to someone else: draw again
            continue
    raise RuntimeError("could not draw a unique service password")


# ---- identity verification ----------------------------------------------------------------
class VerificationFailed(Exception):
    def __init__(self, message: str, *, locked: bool = False):
        super().__init__(message)
        self.message = message
        self.locked = locked


@dataclass(frozen=True)
class Verified:
    case: Case
    party: Party
    method: str


def _too_many_failures(since, *, case: Case | None, caller_digest: str, ip: str | None) -> bool:
    """Failures in the window per case, caller number and IP: one probe each of its own partial index.
    (One query with OR made SQLite read the whole window through the time index instead.)"""
    failures = VerificationAttempt.objects.filter(at__gte=since, success=False)
    keys = {"case": case, "caller_digest": caller_digest, "ip": ip}
    return any(
        failures.filter(**{name: value})[:MAX_FAILURES].count() >= MAX_FAILURES
        for name, value in keys.items()
        if value
    )


def verify_identity(
    *,
    channel: str,
    case_number: str = "",
    password: str = "",
    id_number: str = "",
    phone: str = "",
    court=None,
    caller_number: str = "",
    ip: str | None = None,
    actor=None,
) -> Verified:
    """Prove a caller is a party: case number + password, password alone (voice menu, within the
    court called), or ID number + the phone reserved with the court (SPC 2018 rules art. 5).

    Failures are counted per case, caller number and IP; after ``MAX_FAILURES`` in the window every
    attempt is refused, even a correct one, until the window passes. Every attempt is audited.
    """
    now = timezone.now()
    caller_digest = keyed_hash("caller", caller_number) if caller_number else ""
    case = None
    if case_number:
        try:
            normalized = parse_case_number(case_number).normalized
        except ValueError:
            normalized = None
        case = Case.objects.filter(number=normalized).first() if normalized else None
    method = "case_and_password" if case_number and password else ("password" if password else "id_and_phone")

    if _too_many_failures(now - FAILURE_WINDOW, case=case, caller_digest=caller_digest, ip=ip):
        audit.record(
            "verify_locked",
            channel=channel,
            actor=actor,
            subject=case,
            caller=caller_number,
            ip=ip,
            method=method,
        )
        raise VerificationFailed(
            _(
                "Too many failed attempts. Verification is locked for an hour; please try again later "
                "or bring your ID to the court's litigation service centre."
            ),
            locked=True,
        )
    party = _match(case, password, id_number, phone, court, method)
    with transaction.atomic():
        VerificationAttempt.objects.create(
            at=now,
            channel=channel,
            success=party is not None,
            case=party.case if party else case,
            caller_digest=caller_digest,
            ip=ip,
        )
        if party is None:
            audit.record(
                "verify_failed",
                channel=channel,
                actor=actor,
                subject=case,
                caller=caller_number,
                ip=ip,
                method=method,
            )
    if party is None:
        raise VerificationFailed(_("The details do not match our records. Please check and try again."))
    audit.record(
        "verify_ok",
        channel=channel,
        actor=actor,
        subject=party.case,
        caller=caller_number,
        ip=ip,
        method=method,
        party=party.pk,
    )
    return Verified(case=party.case, party=party, method=method)


def _match(case, password, id_number, phone, court, method) -> Party | None:
    parties = Party.objects.select_related("case__court")
    if method == "case_and_password":
        if case is None:
            return None
        return parties.filter(case=case, service_password__digest=password_digest(password)).first()
    if method == "password":
        party = parties.filter(service_password__digest=password_digest(password)).first()
        if party and court is not None and party.case.court_id != court.pk:
            return None  # a court's voice line answers only for its own cases
        return party
    if not (id_number and phone):
        return None
    found = parties.filter(id_digest=id_digest(id_number), phone=phone.strip())
    if case is not None:
        found = found.filter(case=case)
    elif court is not None:
        found = found.filter(case__court=court)
    return found.order_by("-case__filed_on").first()


def show_case(
    case: Case, *, audience: str, channel: str, actor=None, caller_number: str = "", ip: str | None = None
) -> dict:
    """The case as ``audience`` may see it; the view itself is audited with what was shown."""
    view = case_view(load_case(case.pk), audience)
    audit.record(
        "view_case",
        channel=channel,
        actor=actor,
        subject=case,
        caller=caller_number,
        ip=ip,
        audience=audience,
        shown=sorted(view),
    )
    return view
