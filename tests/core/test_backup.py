"""`court12368 backup` and `restore`: a round trip brings back every row and file; a damaged, foreign or
unsafe archive is refused before anything changes."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

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


def tampered(original, out, *, drop=(), extra=None, data=b""):
    """A copy of a genuine backup with members left out and one hand-made member added, the manifest
    agreeing (checksum included), so that member is the one thing wrong with the archive."""
    with tarfile.open(original) as source, tarfile.open(out, "w") as copy:
        manifest = json.load(source.extractfile("manifest.json"))
        for name in drop:
            manifest["files"].pop(name)
        if extra is not None:
            manifest["files"][extra.name] = hashlib.sha256(data).hexdigest()
        body = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        copy.addfile(info, io.BytesIO(body))
        for member in source.getmembers():
            if member.name not in ("manifest.json", *drop):
                copy.addfile(member, source.extractfile(member))
        if extra is not None:
            copy.addfile(extra, io.BytesIO(data) if extra.isfile() else None)
    return out


def member(name, kind=tarfile.REGTYPE, data=b"", **fields):
    info = tarfile.TarInfo(name)
    info.type, info.size = kind, len(data) if kind == tarfile.REGTYPE else 0
    for field, value in fields.items():
        setattr(info, field, value)
    return info


HOSTILE = {
    "no database member": (None, b""),
    "not a database": ("DATABASE", b"SQLite format 3\x00 but nothing else"),
    "symlink": (member("media/evil", tarfile.SYMTYPE, linkname="/etc/passwd"), b""),
    "hard link": (member("media/evil", tarfile.LNKTYPE, linkname="manifest.json"), b""),
    "device": (member("media/evil", tarfile.CHRTYPE, devmajor=1, devminor=3), b""),
    "fifo": (member("recordings/evil", tarfile.FIFOTYPE), b""),
    "dot-dot path": (member("media/../../evil.sh", data=b"rm -rf /"), b"rm -rf /"),
    "absolute path": (member("/court12368-evil.sh", data=b"rm -rf /"), b"rm -rf /"),
    "foreign name": (member("etc/cron.d/evil", data=b"* * * * * x"), b"* * * * * x"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_finding_9_hostile_or_empty_archives_are_refused_in_one_line_and_change_nothing(
    court, media, tmp_path, capsys, case
):
    CaseFactory(court=court)
    genuine = tmp_path / "court.tar"
    database = next(name for name in backup.backup(genuine)["files"] if name.startswith("database."))
    extra, data = HOSTILE[case]
    if extra is None:  # the database left out, the manifest agreeing: restoring it emptied the platform
        archive = tampered(genuine, tmp_path / "bad.tar", drop=[database])
    elif extra == "DATABASE":  # the checksum right, the contents no database
        archive = tampered(
            genuine, tmp_path / "bad.tar", drop=[database], extra=member(database, data=data), data=data
        )
    else:
        archive = tampered(genuine, tmp_path / "bad.tar", extra=extra, data=data)
    CaseFactory(court=court)  # what must survive the refused restore
    before, recording = state(), media.read_bytes()
    capsys.readouterr()

    assert main(["restore", str(archive), "--yes"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith("恢复失败，未作任何更改"), err
    assert state() == before and media.read_bytes() == recording
    assert sorted(p.name for p in media.parent.parent.iterdir()) == [
        "bad.tar",
        "court.tar",
        "media",
        "recordings",
    ]
    assert not Path("/court12368-evil.sh").exists() and not any(tmp_path.rglob("*evil*"))


def test_finding_9_a_full_disk_while_restoring_files_changes_nothing(court, media, tmp_path, monkeypatch):
    CaseFactory(court=court)
    archive = tmp_path / "court.tar"
    backup.backup(archive)
    CaseFactory(court=court)
    before, recording = state(), media.read_bytes()

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.shutil, "copytree", no_room)  # the stored files cannot be put in place
    with pytest.raises(backup.BackupError, match="No space left"):
        backup.restore(archive)
    assert state() == before and media.read_bytes() == recording  # the database was not replaced either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["court.tar", "media", "recordings"]
