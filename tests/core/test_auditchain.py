"""The audit log is tamper-evident: sealed in a hash chain, refused change by the database itself, and
checked against anchors kept outside the database."""

import hashlib
import json

import pytest
from django.db import DatabaseError, connection, transaction

from court12368.cli import main
from court12368.core import audit, auditchain
from court12368.core.models import AuditEntry, AuditSeal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def anchors(settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.log")
    return tmp_path / "anchors.log"


def write(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        audit.record(
            "case.viewed",
            channel="console",
            caller="13912345678",
            ip="10.0.0.1",
            case=f"(2026)京0105民初{i}号",
        )


def seal(captured) -> int:
    with captured(execute=True):  # the anchor is written when the seal commits
        return auditchain.seal()


def raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{t}", AuditEntry._meta.db_table), params)


def drop_triggers():
    """What an intruder with the database's owner rights could do first."""
    if connection.vendor == "postgresql":
        raw("DROP FUNCTION court12368_audit_append_only() CASCADE")
    else:
        raw("DROP TRIGGER audit_sealed_no_update")
        raw("DROP TRIGGER audit_sealed_no_delete")


def test_sealing_numbers_and_chains_every_entry_and_verify_agrees(
    django_capture_on_commit_callbacks, anchors
):
    write(3)
    assert seal(django_capture_on_commit_callbacks) == 3
    write(2, start=3)
    assert seal(django_capture_on_commit_callbacks) == 2 and auditchain.seal() == 0
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    digest = auditchain.GENESIS
    for entry in entries:  # the chain, recomputed by hand
        digest = hashlib.sha256(digest.encode() + auditchain.canonical(entry)).hexdigest()
        assert entry.hash == digest
    assert AuditSeal.objects.get().hash == digest and anchors.read_text().count("\n") == 2
    report = auditchain.verify()
    assert report.intact and report.entries == 5 and report.anchors == 2 and report.unsealed == 0


def test_the_database_refuses_to_change_or_delete_a_sealed_entry(django_capture_on_commit_callbacks):
    write(2)
    seal(django_capture_on_commit_callbacks)
    sealed = AuditEntry.objects.get(seq=1)
    for statement in ("UPDATE {t} SET action = 'nothing' WHERE id = %s", "DELETE FROM {t} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(statement, [sealed.pk])
    assert AuditEntry.objects.get(pk=sealed.pk).action == "case.viewed"
    with pytest.raises(ValueError):
        sealed.delete()  # and the model refuses before the database is asked


def test_a_changed_entry_is_found(django_capture_on_commit_callbacks):
    write(4)
    seal(django_capture_on_commit_callbacks)
    drop_triggers()
    victim = AuditEntry.objects.get(seq=2)
    raw("UPDATE {t} SET ip = '10.9.9.9' WHERE id = %s", [victim.pk])
    report = auditchain.verify()
    assert not report.intact and any("entry 2" in p and "changed" in p for p in report.problems)


def test_a_removed_entry_is_found(django_capture_on_commit_callbacks):
    write(4)
    seal(django_capture_on_commit_callbacks)
    drop_triggers()
    raw("DELETE FROM {t} WHERE seq = 3")
    report = auditchain.verify()
    assert any("entries 3–3 are missing" in p for p in report.problems)


def test_a_consistently_rewritten_chain_does_not_match_its_anchors(django_capture_on_commit_callbacks):
    write(3)
    seal(django_capture_on_commit_callbacks)
    drop_triggers()
    raw("UPDATE {t} SET details = %s WHERE seq = 1", [json.dumps({"case": "another"})])
    digest = auditchain.GENESIS
    for entry in AuditEntry.objects.order_by("seq"):  # the intruder recomputes every hash and the head
        digest = auditchain.link(digest, entry)
        raw("UPDATE {t} SET hash = %s WHERE id = %s", [digest, entry.pk])
    AuditSeal.objects.filter(pk=1).update(hash=digest)
    report = auditchain.verify()
    assert report.problems == ["anchor 3 does not match the chain: rewritten or cut short"]


def test_the_export_lets_an_inspector_check_each_hash(django_capture_on_commit_callbacks, tmp_path):
    write(3)
    seal(django_capture_on_commit_callbacks)
    out = tmp_path / "audit.jsonl"
    assert main(["audit", "export", "--out", str(out)]) == 0
    previous = auditchain.GENESIS
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for line in lines:  # what an inspector does with the file alone
        canonical = json.dumps(line["entry"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert line["previous_hash"] == previous
        assert hashlib.sha256(previous.encode() + canonical.encode()).hexdigest() == line["hash"]
        previous = line["hash"]
    assert len(lines) == 3 and line["entry"][7] == "139****5678"  # the caller masked, as stored
    assert main(["audit", "export", "--out", str(out)]) == 1  # never overwrites an earlier export
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_the_verify_command_says_intact_or_broken(django_capture_on_commit_callbacks, capsys):
    write(2)
    assert main(["audit", "verify"]) == 0
    assert "完好" in capsys.readouterr().out
    drop_triggers()
    raw("UPDATE {t} SET action = 'x' WHERE seq = 1")
    assert main(["audit", "verify"]) == 1
    assert "已被篡改" in capsys.readouterr().out


def test_one_courts_share_exports_and_checks_on_its_own(django_capture_on_commit_callbacks, tmp_path, court):
    """Entries of two courts interleaved: the export for one carries each entry's own predecessor hash,
    so an inspector checks that court's share without the other's entries."""
    from court12368.demo.factories import CourtFactory

    other = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    for i in range(4):
        audit.record("court.viewed", channel="web", subject=court if i % 2 else other, n=i)
    seal(django_capture_on_commit_callbacks)
    out = tmp_path / "chaoyang.jsonl"
    assert main(["audit", "export", "--court", court.code, "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["entry"][9]["n"] for line in lines] == [1, 3]
    for line in lines:
        canonical = json.dumps(line["entry"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert hashlib.sha256(line["previous_hash"].encode() + canonical.encode()).hexdigest() == line["hash"]
        assert line["entry"][-1] == court.pk  # the court is covered by the hash
    assert main(["audit", "export", "--court", "京9999", "--out", str(tmp_path / "x.jsonl")]) == 1


def test_a_seal_holds_at_most_a_short_batch_in_one_transaction(django_capture_on_commit_callbacks, anchors):
    """Issue 26: sealing thousands of entries in one transaction held SQLite's write lock from every writer.
    Each transaction's head is anchored when it commits, so the anchors show how far each one reached."""
    waiting = 2 * auditchain.SEAL_ROWS + 50
    write(waiting)
    with django_capture_on_commit_callbacks(execute=True):
        assert auditchain.seal() == waiting
    reached = [int(line.split()[1]) for line in anchors.read_text().splitlines()]
    steps = [b - a for a, b in zip([0, *reached], reached, strict=False)]
    assert reached[-1] == waiting and max(steps) <= auditchain.SEAL_ROWS and len(steps) == 3
    assert auditchain.verify().intact
    # A round stops at its limit; the rest waits for the next.
    write(30, start=waiting)
    with django_capture_on_commit_callbacks(execute=True):
        assert auditchain.seal(batch=10, limit=25) == 25 and auditchain.seal() == 5
