"""Every write to the case registry: upserts from the trial-process system, service passwords,
and identity verification (which writes attempts and the audit log)."""

import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.cases import lockouts
from court12368.cases.models import Case, CaseCategory, Party, Procedure, ServicePassword, VerificationAttempt
from court12368.cases.numbers import parse_case_number
from court12368.cases.queries import case_view, load_case
from court12368.core import audit
from court12368.core.hashing import keyed_hash
from court12368.notifications.phones import same_mobile

PASSWORD_DIGITS = getattr(settings, "SERVICE_PASSWORD_DIGITS", 10)
MAX_FAILURES = getattr(settings, "VERIFY_MAX_FAILURES", 5)
FAILURE_WINDOW = lockouts.HOUR


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
    return keyed_hash("service-password", normalize_password(password))


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


def verify_identity(
    *,
    channel: str,
    case_number: str = "",
    password: str = "",
    id_number: str = "",
    phone: str = "",
    court=None,
    courts=None,
    caller_number: str = "",
    ip: str | None = None,
    actor=None,
    client=None,
    end_user: str = "",
) -> Verified:
    """Prove a caller is a party: case number + password, password alone (voice menu, SMS, within the
    court called), or ID number + the phone reserved with the court (SPC 2018 rules art. 5).

    ``courts`` is the asker's reach (the console's court, an API client's courts): a case outside it
    reads as absent. Failures count against the keys of cases/lockouts.py; while a key is over its
    limit every attempt is refused, even a correct one. A locked case answers exactly like a mismatch
    (no enumeration); the asker's own keys and the line's say that they are locked. Every attempt is
    audited.
    """
    now = timezone.now()
    password = normalize_password(password)
    asker = lockouts.Asker(channel, caller_number, ip, actor, client, end_user)
    case = _case_in_reach(case_number, courts)
    method = "case_and_password" if case_number and password else ("password" if password else "id_and_phone")
    guess = password_digest(password) if method == "password" else ""
    own = asker.keys()
    keys = own + ([lockouts.case_key(case)] if case else [])
    if method == "password":
        keys += lockouts.password_only_keys(court, channel, guess)
    attempt = {"at": now, "method": method, "court": court, **asker.columns}
    said = {"channel": channel, "actor": actor, "caller": caller_number, "ip": ip, "method": method}

    with transaction.atomic():
        lockouts.hold(keys)
        # A party texting from the mobile registered on their case is answered whatever others have done,
        # a forged caller id on the voice line included: their number is the proof, and whoever sends from
        # it can only ever open that number's own cases (docs/security.md). So the comparison comes first.
        vouched = method == "password" and asker.number_vouched
        found = _match(case, password, id_number, phone, court, courts, method) if vouched else None
        party = found if found and same_mobile(found.phone, caller_number) else None
        locked = None
        if party is None:
            locked = lockouts.first_exhausted(own, now) or lockouts.first_exhausted(keys[len(own) :], now)
        if locked is not None:
            audit.record("verify_locked", subject=case, key=locked.name, **said)
        elif party is None:
            party = found if vouched else _match(case, password, id_number, phone, court, courts, method)
        if locked is None or locked.hidden:
            # A hidden lock leaves the same traces as a mismatch (a failure against the asker's own keys,
            # the portal's check question next time), so nothing tells it from a case that does not
            # exist. It is not counted against the case again: the lock ends an hour after the failures
            # that set it, whatever is tried meanwhile.
            VerificationAttempt.objects.create(
                **attempt,
                success=party is not None,
                case=party.case if party else (None if locked else case),
                guess_digest="" if party else guess,
            )
            if party is None and locked is None:
                audit.record("verify_failed", subject=case, **said)
    if locked is not None and not locked.hidden:
        raise VerificationFailed(_locked_message(locked), locked=True)
    if party is None:
        raise VerificationFailed(mismatch_message())
    audit.record("verify_ok", subject=party.case, party=party.pk, **said)
    return Verified(case=party.case, party=party, method=method)


def mismatch_message() -> str:
    return _(
        "The details do not match our records. Please check them and try again. After repeated "
        "failures a case cannot be verified for an hour: a party can still text CX and the password "
        "from the mobile number registered with the court, or bring ID to the litigation service centre."
    )


def _locked_message(key: lockouts.Key) -> str:
    if key.name.startswith("line_"):
        return _(
            "Case queries by password alone are paused on this line after many failed attempts. "
            "Please ask an agent, query with the case number and password on the court's portal, "
            "or text CX and the password from the mobile number registered with the court."
        )
    return _(
        "Too many failed attempts. Verification is locked for an hour; please try again later "
        "or bring your ID to the court's litigation service centre."
    )


def normalize_password(password: str) -> str:
    """Full-width digits (typed with a Chinese input method) are the same digits; spaces are not part
    of a password."""
    return "".join(unicodedata.normalize("NFKC", password or "").split())


def _case_in_reach(case_number: str, courts) -> Case | None:
    if not case_number:
        return None
    try:
        normalized = parse_case_number(case_number).normalized
    except ValueError:
        return None
    found = Case.objects.filter(number=normalized)
    if courts is not None:
        found = found.filter(court__in=courts)
    return found.first()


def _match(case, password, id_number, phone, court, courts, method) -> Party | None:
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
    if courts is not None:
        found = found.filter(case__court__in=courts)
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
