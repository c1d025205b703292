"""Who counts as the same guesser, and how often they may fail to prove who they are.

A failed identity check counts against every key that names where it came from, and a key with too many
failures in its window refuses further checks, even right ones. The keys are chosen so that an attacker
cannot rotate them away and a stranger's mistakes do not shut out the people they did not come from:

- the case asked about (a botnet rotating numbers and addresses still meets it);
- the caller's number, on the voice line, SMS and the console;
- the address, only for anonymous web requests (the portal): never the address of an SMS gateway, an
  app's backend or a console behind the court's NAT, each of which stands for many people;
- the staff account at the console, the API client, and the client's own end user where it names one;
- for password-only checks (voice menu, SMS ``CX``), which search a whole court: the court and channel
  over an hour and a day, and each wrong password's digest against itself.

The count and the check are one step: the keys are locked (PostgreSQL advisory locks; SQLite's
``BEGIN IMMEDIATE`` already serialises writers) while counting, comparing and recording, so concurrent
guesses cannot all slip under the limit. See docs/security.md for the arithmetic.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import connection

from court12368.cases.models import VerificationAttempt
from court12368.core.hashing import keyed_hash

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
# PostgreSQL advisory locks: our namespace, and a bounded number of them (keys share a lock by hash), so a
# long transaction holding many checks cannot exhaust the server's lock table.
LOCK_NAMESPACE = 12368
LOCK_SLOTS = 1024

# Channels whose caller number the network vouches for: an SMS sender is set by the operator's SMSC,
# while a SIP From or an AGI caller id is whatever the caller wrote.
VOUCHED_NUMBER_CHANNELS = frozenset({"sms"})
# Channels where the address is the person's own: the public portal. Elsewhere it is a gateway's.
ADDRESS_CHANNELS = frozenset({"web"})


@dataclass(frozen=True)
class Key:
    name: str  # what the key stands for, in audit entries and docs
    filters: tuple  # (field, value) pairs on VerificationAttempt
    limit: int
    window: dt.timedelta
    # A locked key that must answer like a plain mismatch: telling "this case is locked" would tell a
    # stranger that the case exists.
    hidden: bool = False

    @property
    def lock_slot(self) -> int:
        text = f"verify:{self.name}:{self.filters!r}"
        return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") % LOCK_SLOTS

    def exhausted(self, now: dt.datetime) -> bool:
        failures = VerificationAttempt.objects.filter(success=False, at__gte=now - self.window)
        return failures.filter(**dict(self.filters))[: self.limit].count() >= self.limit


@dataclass(frozen=True)
class Asker:
    """Where a check comes from, as far as its channel can tell."""

    channel: str
    caller_number: str = ""
    ip: str | None = None
    staff: object = None
    client: object = None
    end_user: str = ""

    @property
    def number_vouched(self) -> bool:
        return bool(self.caller_number) and self.channel in VOUCHED_NUMBER_CHANNELS

    @cached_property
    def columns(self) -> dict:
        """The attempt row's own fields: what later counts will find it by."""
        client_pk = getattr(self.client, "pk", None)
        return {
            "channel": self.channel,
            "caller_digest": keyed_hash("caller", self.caller_number) if self.caller_number else "",
            "ip": self.ip if self.channel in ADDRESS_CHANNELS and self.staff is None else None,
            "account": f"staff:{self.staff.pk}"
            if getattr(self.staff, "pk", None)
            else (f"client:{client_pk}" if client_pk else ""),
            "end_user": keyed_hash("end-user", f"{client_pk}:{self.end_user}")
            if client_pk and self.end_user
            else "",
        }

    def keys(self) -> list[Key]:
        """The asker's own keys: when one of these is locked, saying so tells nothing about a case."""
        columns = self.columns
        most = settings.VERIFY_MAX_FAILURES
        keys = []
        if columns["caller_digest"]:
            # Per channel: a caller id forged on the voice line must not lock the same number's SMS,
            # where the operator vouches for it, nor the console, where the real person may be calling.
            number = (("caller_digest", columns["caller_digest"]), ("channel", self.channel))
            keys.append(Key("caller", number, most, HOUR))
        if columns["ip"]:
            keys.append(Key("address", (("ip", columns["ip"]),), most, HOUR))
        if columns["account"].startswith("staff:"):
            staff_most = settings.VERIFY_STAFF_MAX_FAILURES
            keys.append(Key("staff", (("account", columns["account"]),), staff_most, HOUR))
        elif columns["account"]:
            client_most = settings.VERIFY_CLIENT_MAX_FAILURES
            keys.append(Key("client", (("account", columns["account"]),), client_most, HOUR))
        if columns["end_user"]:
            keys.append(Key("end_user", (("end_user", columns["end_user"]),), most, HOUR))
        return keys


def case_key(case) -> Key:
    return Key("case", (("case", case.pk),), settings.VERIFY_MAX_FAILURES, HOUR, hidden=True)


def password_only_keys(court, channel: str, guess_digest: str) -> list[Key]:
    """A password alone is compared with every party of the court: the whole line gets a budget, so
    the guesses of many numbers add up (docs/security.md has the arithmetic)."""
    line = (("court", getattr(court, "pk", None)), ("channel", channel), ("method", "password"))
    return [
        Key("line_hour", line, settings.VERIFY_PASSWORD_ONLY_PER_HOUR, HOUR),
        Key("line_day", line, settings.VERIFY_PASSWORD_ONLY_PER_DAY, DAY),
        Key(  # per court: a party who types their password on another court's line is not locked out
            "guess",
            (("guess_digest", guess_digest), ("court", getattr(court, "pk", None))),
            settings.VERIFY_MAX_FAILURES,
            HOUR,
            hidden=True,
        ),
    ]


def hold(keys: list[Key]) -> None:
    """Serialise the checks that share a key until the transaction ends (the count, the comparison
    and the new attempt row are then one step). SQLite's IMMEDIATE transactions already hold the one
    write lock from their start."""
    if connection.vendor != "postgresql":
        return
    slots = sorted({key.lock_slot for key in keys})  # one order everywhere: no deadlock
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, slot))"
            " FROM (SELECT unnest(%s::int[]) AS slot ORDER BY 1) AS slots",
            [LOCK_NAMESPACE, slots],
        )


def first_exhausted(keys: list[Key], now: dt.datetime) -> Key | None:
    return next((key for key in keys if key.exhausted(now)), None)
