"""`court12368 backup` and `restore`: a round trip brings back every row and file; a damaged, foreign or
unsafe archive is refused before anything changes."""

import io
import json
import tarfile

import pytest

from court12368.cases.models import Case
from court12368.cli import main
from court12368.core import audit, backup
from court12368.core.models import AuditEntry
from court12368.demo.factories import CaseFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the dump tools see committed data only


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.RECORDINGS_DIR = str(tmp_path / "recordings")
    attachment = tmp_path / "media" / "attachments" / "2026" / "11" / "letter.pdf"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(b"%PDF-1.4 " + bytes(range(256)))
    recording = tmp_path / "recordings" / "call-1.wav"
    recording.parent.mkdir(parents=True)
    recording.write_bytes(b"RIFF" + bytes(range(256)) * 10)
    return recording


def state():
    return (
        sorted(Case.objects.values_list("number", "cause", "stage")),
        list(AuditEntry.objects.order_by("id").values_list("id", "action", "subject_id", "details")),
    )


def test_a_round_trip_brings_back_every_row_and_file(court, media, tmp_path):
    cases = [CaseFactory(court=court) for _ in range(3)]
    for case in cases:
        audit.record("case.viewed", channel="console", subject=case, why="测试")
    before, recording = state(), media.read_bytes()
    letter = media.parent.parent / "media" / "attachments" / "2026" / "11" / "letter.pdf"
    letter_bytes = letter.read_bytes()
    archive = tmp_path / "court.tar"
    assert main(["backup", "--out", str(archive)]) == 0
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    Case.objects.filter(pk=cases[0].pk).update(cause="改掉的案由")  # what goes wrong after the backup
    CaseFactory(court=court)
    audit.record("case.viewed", channel="console", subject=cases[1])
    media.unlink()
    letter.unlink()
    (media.parent / "stray.wav").write_bytes(b"x")
    assert state() != before

    assert main(["restore", str(archive), "--yes"]) == 0
    assert state() == before and media.read_bytes() == recording and letter.read_bytes() == letter_bytes
    assert not (media.parent / "stray.wav").exists()


def test_a_damaged_archive_changes_nothing(court, media, tmp_path, capsys):
    CaseFactory(court=court)
    archive = tmp_path / "court.tar"
    backup.backup(archive)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as original, tarfile.open(damaged, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name.startswith("database"):
                data = data[:-10] + b"0123456789"  # a flipped tail
            copy.addfile(member, io.BytesIO(data))
    CaseFactory(court=court)
    before = state()
    assert main(["restore", str(damaged), "--yes"]) == 1
    assert "does not match its checksum" in capsys.readouterr().err
    assert state() == before and media.exists()


def test_an_archive_made_under_another_key_is_refused_unless_asked(court, media, tmp_path, monkeypatch):
    CaseFactory(court=court)
    archive = tmp_path / "court.tar"
    backup.backup(archive)
    monkeypatch.setattr(backup, "key_fingerprint", lambda: "0000000000000000")  # another installation
    with pytest.raises(backup.BackupError, match="another hash key"):
        backup.restore(archive)
    backup.restore(archive, other_key=True)


def test_unsafe_or_foreign_archives_are_refused(court, media, tmp_path, capsys):
    not_ours = tmp_path / "photo.tar"
    with tarfile.open(not_ours, "w") as archive:
        archive.addfile(tarfile.TarInfo("photo.jpg"), io.BytesIO(b""))
    assert main(["restore", str(not_ours), "--yes"]) == 1
    assert "no readable manifest.json" in capsys.readouterr().err

    archive_path = tmp_path / "court.tar"
    manifest = backup.backup(archive_path)
    sneaky = tmp_path / "sneaky.tar"
    manifest["files"]["../../etc/cron.d/evil"] = "0" * 64
    with tarfile.open(sneaky, "w") as archive:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(backup.BackupError, match="unsafe member name"):
        backup.restore(sneaky)

    assert main(["backup", "--out", str(archive_path)]) == 1  # never overwrites
    assert "exists already" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "missing.tar"), "--yes"]) == 1
