"""Recordings played in the browser to those who read the order (audited per play, never cached, never a
file outside the recordings folder, never a server path on the page), and the caller's full number
revealed, audited, to those who must call back, masked everywhere else."""

import wave

import pytest
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.courts.models import Role
from court12368.demo.factories import CourtFactory, StaffFactory
from court12368.hotline import services as hotline
from court12368.hotline.models import Call
from court12368.workorders import recordings
from court12368.workorders.models import SubKind, WorkOrder
from tests.builders import Court

pytestmark = pytest.mark.django_db
NUMBER = "13912345678"


@pytest.fixture
def folder(settings, tmp_path):
    settings.RECORDINGS_DIR = tmp_path / "data" / "ivr" / "recordings"
    settings.RECORDINGS_DIR.mkdir(parents=True)
    return settings.RECORDINGS_DIR


def wav(path, seconds=1):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x01\x00" * 8000 * seconds)
    return path


@pytest.fixture
def c(court, luoyang):
    return Court(court)


@pytest.fixture
def voicemail(c, folder):
    """A call with its recording, the order dispatched to the judge."""
    path = wav(folder / "vm-0123456789abcdef.wav")
    logged = hotline.log_call(
        court=c.court, agent=c.agent, content="联系不上法官", kind="contact_judge",
        sub_kind=SubKind.REPEAT_CONTACT, caller_number=NUMBER, case=c.case, recording_ref=str(path),
    )  # fmt: skip
    return logged, WorkOrder.objects.get(pk=logged.work_order_id), path


def play(client, order, call, **headers):
    return client.get(reverse("order-recording", args=[order.number, call.pk]), headers=headers)


def plays() -> int:
    return AuditEntry.objects.filter(action="recording_played").count()


def test_the_handler_plays_the_recording_uncached_and_each_play_is_audited(client, voicemail):
    call, order, path = voicemail
    client.force_login(order.handler)
    whole = play(client, order, call)
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == path.read_bytes()
    assert whole["Content-Type"] == "audio/wav" and "no-store" in whole["Cache-Control"]
    assert whole["Accept-Ranges"] == "bytes"
    entry = AuditEntry.objects.get(action="recording_played")
    assert (entry.actor, entry.subject_id, entry.details["call"]) == (order.handler, str(order.pk), call.pk)
    part = play(client, order, call, Range="bytes=10-19")
    assert part.status_code == 206 and b"".join(part.streaming_content) == path.read_bytes()[10:20]
    assert (
        part["Content-Range"] == f"bytes 10-19/{path.stat().st_size}" and "no-store" in part["Cache-Control"]
    )
    assert play(client, order, call, Range="bytes=999999-").status_code == 416
    assert plays() == 3  # one row per play request


def test_the_order_page_plays_it_and_shows_no_server_path(client, voicemail, folder):
    call, order, path = voicemail
    assert str(folder) not in order.summary and "录音：vm-0123456789abcdef.wav" in order.summary
    client.force_login(call.agent)  # the agent who took the call
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert (
        f'<audio controls preload="none" src="{reverse("order-recording", args=[order.number, call.pk])}"'
        in page
    )
    assert str(folder) not in page and plays() == 0  # the page itself plays nothing
    # An order logged before: its summary carried the server path, the page shows the file's name.
    WorkOrder.objects.filter(pk=order.pk).update(summary=f"联系不上法官\n录音：{path}")
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert str(folder) not in page and "录音：vm-0123456789abcdef.wav" in page
    assert play(client, order, call).status_code == 200


def test_the_court_leaders_may_play_it(client, c, voicemail):
    call, order, _path = voicemail
    client.force_login(c.president)
    assert play(client, order, call).status_code == 200


def test_strangers_may_not(client, c, voicemail):
    call, order, _path = voicemail
    elsewhere = CourtFactory()
    for stranger in (
        StaffFactory(court=elsewhere, role=Role.AGENT, username="agent_elsewhere"),
        StaffFactory(court=c.court, department=c.judge.department, role=Role.JUDGE, username="judge_b"),
    ):
        client.force_login(stranger)
        assert play(client, order, call).status_code == 404
        assert client.get(reverse("order-detail", args=[order.number])).status_code == 404
    assert plays() == 0


@pytest.mark.parametrize("where", ["outside", "traversal", "symlink", "not audio", "another call"])
def test_nothing_outside_the_recordings_folder_is_served(client, c, voicemail, folder, tmp_path, where):
    call, order, _path = voicemail
    secret = wav(tmp_path / "secret.wav")
    if where == "outside":
        reference = str(secret)
    elif where == "traversal":
        reference = "../../../secret.wav"
    elif where == "symlink":
        (folder / "vm-link.wav").symlink_to(secret)
        reference = str(folder / "vm-link.wav")
    elif where == "not audio":
        (folder / "notes.txt").write_text("x")
        reference = str(folder / "notes.txt")
    else:  # a recording of a call that is not this order's
        other = Call.objects.create(
            court=c.court, caller_number=NUMBER, rang_at=call.rang_at, answered_at=call.rang_at,
            content="另一通电话", recording_ref=str(wav(folder / "call-other.wav")),
        )  # fmt: skip
        client.force_login(order.handler)
        assert play(client, order, other).status_code == 404
        return
    Call.objects.filter(pk=call.pk).update(recording_ref=reference)
    client.force_login(order.handler)
    assert play(client, order, call).status_code == 404 and plays() == 0
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert "<audio" not in page and str(tmp_path) not in page


def test_a_reference_typed_by_the_agent_is_shown_as_typed():
    assert recordings.summary_reference("REC-2026-0001") == "REC-2026-0001"
    assert recordings.summary_reference("/var/lib/court12368/ivr/recordings/vm-1.wav") == "vm-1.wav"
    assert recordings.resolve("") is None and recordings.resolve("vm\0.wav") is None


def test_the_agent_and_the_handler_reveal_the_full_number_audited(client, c, voicemail):
    call, order, _path = voicemail
    reveal = reverse("order-caller-number", args=[order.number])
    for person in (c.agent, order.handler):
        client.force_login(person)
        page = client.get(reverse("order-detail", args=[order.number])).content.decode()
        assert "139****5678" in page and NUMBER not in page and reveal in page
        shown = client.post(reveal, headers={"HX-Request": "true"})
        assert shown.status_code == 200 and f'href="tel:{NUMBER}"' in shown.content.decode()
        assert "no-store" in shown["Cache-Control"]
    entries = AuditEntry.objects.filter(action="caller_number_revealed")
    assert [e.actor for e in entries.order_by("pk")] == [c.agent, order.handler]
    assert all(e.subject_id == str(order.pk) and NUMBER not in str(e.details) for e in entries)
    assert client.get(reveal).status_code == 405  # a reveal is a POST
    inbox = client.get(reverse("order-inbox")).content.decode()  # the handler's
    assert order.number in inbox and NUMBER not in inbox  # lists keep masking
    client.force_login(c.president)
    ledger = client.get(reverse("ledger")).content.decode()
    assert order.number in ledger and "139****5678" in ledger and NUMBER not in ledger


def test_others_who_read_the_order_see_it_masked_and_cannot_reveal(client, c, voicemail):
    call, order, _path = voicemail
    reveal = reverse("order-caller-number", args=[order.number])
    client.force_login(c.vice)  # a leader reads every order of the court, but calls nobody back
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert "139****5678" in page and NUMBER not in page and reveal not in page
    assert client.post(reveal).status_code == 403
    client.force_login(StaffFactory(court=CourtFactory(), role=Role.AGENT, username="agent_elsewhere"))
    assert client.post(reveal).status_code == 404
    assert not AuditEntry.objects.filter(action="caller_number_revealed").exists()
