"""The tamper-evident audit log.

Writers only append `AuditEntry` rows, so audit writes never wait on one another. The sweeper's
`audit_chain` sweep then seals new entries in short transactions (SEAL_ROWS at a time) that hold the
chain's head (`AuditSeal`): it numbers them (`seq`) in the order it seals them and sets each one's hash to
SHA-256(previous hash + the entry's canonical form). Changing, removing or reordering a sealed entry
breaks every hash after it; the database itself refuses to update or delete a sealed entry (triggers
of migration core 0003), and each seal appends the head to an anchor file outside the database, so a
rewritten chain does not match the anchors. `verify()` (`court12368 audit verify`) checks all of it.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from court12368.core.models import AuditEntry, AuditSeal

GENESIS = "0" * 64
BATCH = 5000  # rows read at a time when verifying or exporting
# Rows sealed in one transaction. The seal holds the chain's head and, on SQLite, the one write lock: at
# 30 requests a second a round found thousands waiting, and sealing them in one transaction kept every
# writer waiting (issue 26). Small transactions let the writers in between; a round seals ROUND_ROWS.
SEAL_ROWS = 200
ROUND_ROWS = 5000


def anchor_file() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def canonical(entry: AuditEntry) -> bytes:
    """The fields a hash covers, in a form that reads back the same from SQLite and PostgreSQL. The court
    came later: it is covered where set, so entries sealed before it existed keep their hashes."""
    return json.dumps(
        [
            entry.seq,
            entry.at.astimezone(dt.UTC).isoformat(),
            entry.actor_id,
            entry.channel,
            entry.action,
            entry.subject_type,
            entry.subject_id,
            entry.caller,
            entry.ip,
            entry.details,
            *([entry.court] if entry.court is not None else []),
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    ).encode()


def link(previous: str, entry: AuditEntry) -> str:
    return hashlib.sha256(previous.encode() + canonical(entry)).hexdigest()


def seal(batch: int = SEAL_ROWS, limit: int = ROUND_ROWS) -> int:
    """Seal the entries not yet in the chain, oldest first, in transactions of at most ``batch`` rows with
    the lock released between them; at most ``limit`` a call (the next round goes on). Returns how many."""
    total = 0
    while total < limit:
        sealed = _seal_batch(min(batch, limit - total))
        total += sealed
        if sealed < batch:
            break
    return total


def _seal_batch(batch: int) -> int:
    with transaction.atomic():
        head = AuditSeal.objects.select_for_update().get(pk=1)  # one sealer at a time
        entries = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id")[:batch])
        if not entries:
            return 0
        seq, digest = head.seq, head.hash
        for entry in entries:
            seq += 1
            entry.seq = seq
            digest = entry.hash = link(digest, entry)
        # One prepared UPDATE per row, not bulk_update's CASE of one branch per row.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {AuditEntry._meta.db_table} SET seq = %s, hash = %s WHERE id = %s",  # noqa: S608 the model's own table name
                [(e.seq, e.hash, e.pk) for e in entries],
            )
        head.seq, head.hash, head.sealed_at = seq, digest, timezone.now()
        head.save()
        # Written only once the seal is committed; a crash in between leaves an anchor missing, never wrong.
        transaction.on_commit(lambda: _anchor(head))
    return len(entries)


def _anchor(head: AuditSeal) -> None:
    with anchor_file().open("a", encoding="ascii") as anchors:
        anchors.write(f"{head.sealed_at.isoformat()} {head.seq} {head.hash}\n")


@dataclass
class Report:
    entries: int = 0
    unsealed: int = 0
    anchors: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def _sealed() -> Iterator[AuditEntry]:
    last = 0
    while True:
        chunk = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:BATCH])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].seq


def verify(anchors: Path | None = None) -> Report:
    """Recompute the chain from the first entry; compare it with the head and the anchor file."""
    report = Report()
    digest, expected_seq, hashes_at = GENESIS, 1, {}
    anchored = _read_anchors(anchors or anchor_file(), report)
    for entry in _sealed():
        if entry.seq != expected_seq:
            report.problems.append(f"entries {expected_seq}–{entry.seq - 1} are missing")
            expected_seq = entry.seq
        digest = link(digest, entry)
        if digest != entry.hash:
            report.problems.append(f"entry {entry.seq} (id {entry.pk}) does not match its hash: changed")
            digest = entry.hash  # report each break once, then go on from what is stored
        if entry.seq in anchored:
            hashes_at[entry.seq] = digest
        report.entries += 1
        expected_seq += 1
        if len(report.problems) > 20:
            report.problems.append("… stopped after 20 problems")
            return report
    head = AuditSeal.objects.get(pk=1)
    if head.seq != expected_seq - 1 or head.hash != digest:
        report.problems.append(f"the chain ends at {expected_seq - 1}, but its head says {head.seq}")
    for seq, anchored_hash in anchored.items():
        if hashes_at.get(seq) != anchored_hash:
            report.problems.append(f"anchor {seq} does not match the chain: rewritten or cut short")
    report.unsealed = AuditEntry.objects.filter(seq__isnull=True).count()
    return report


def _read_anchors(path: Path, report: Report) -> dict[int, str]:
    anchored = {}
    if path.exists():
        for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
            try:
                _when, seq, digest = line.split()
                anchored[int(seq)] = digest
            except ValueError:
                report.problems.append(f"anchor file line {number} is unreadable")
    report.anchors = len(anchored)
    return anchored


def export(start: dt.datetime | None, end: dt.datetime | None, court: int | None = None) -> Iterator[str]:
    """Sealed entries as JSON lines, each with the hash an inspector can recompute from the one before
    (given with each line, so one court's share checks as well as the whole chain)."""
    entries = AuditEntry.objects.filter(seq__isnull=False).order_by("seq")
    if court is not None:
        entries = entries.filter(court=court)
    if start:
        entries = entries.filter(at__gte=start)
    if end:
        entries = entries.filter(at__lt=end)
    previous, last_seq = GENESIS, 0
    for entry in entries.iterator(chunk_size=BATCH):
        if entry.seq != last_seq + 1:  # the first, or one sealed out of time order: fetch its predecessor
            before = AuditEntry.objects.filter(seq=entry.seq - 1).values_list("hash", flat=True).first()
            previous = before or GENESIS
        yield json.dumps(
            {"previous_hash": previous, "hash": entry.hash, "entry": json.loads(canonical(entry))},
            ensure_ascii=False,
        )
        previous, last_seq = entry.hash, entry.seq
