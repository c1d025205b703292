"""Who sees the call queue and who may answer from it."""

import pytest
from django.db import DatabaseError
from django.urls import reverse

from court12368.courts.models import Role
from court12368.demo.factories import CourtFactory, StaffFactory
from court12368.hotline import queue, services
from court12368.hotline.models import Call, QueuedCall
from court12368.knowledge.models import Correction
from court12368.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
CALL = {"caller_number": "13812345678", "channel": "phone", "kind": "case_query", "content": "询问开庭时间",
        "answer": "下周三上午九点开庭", "on_the_spot": "on"}  # fmt: skip


@pytest.fixture
def queued(court):
    return queue.enqueue(court, caller_number="13812345678")


def test_only_the_courts_agents_see_and_answer_its_queue(client, court, make_staff, queued):
    assert client.get(reverse("call-queue")).status_code == 302  # to the login page
    client.force_login(make_staff(role=Role.JUDGE))
    assert client.get(reverse("call-queue")).status_code == 403
    assert client.post(reverse("queue-answer", args=[queued.pk])).status_code == 403

    other = StaffFactory(role=Role.AGENT, court=CourtFactory())
    client.force_login(other)
    assert "138****5678" not in client.get(reverse("call-queue")).content.decode()
    assert client.post(reverse("queue-answer", args=[queued.pk])).status_code == 404
    assert QueuedCall.objects.get().answered_at is None

    client.force_login(make_staff())
    page = client.get(reverse("call-queue")).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert client.get(reverse("queue-answer", args=[queued.pk])).status_code == 405  # POST only


def test_a_call_taken_by_another_agent_is_refused_with_a_message(client, court, make_staff, queued):
    queue.answer(queued, make_staff())
    client.force_login(make_staff())
    response = client.post(reverse("queue-answer", args=[queued.pk]), follow=True)
    assert "该来电已由其他座席员接听，或来电人已挂机。" in response.content.decode()
    assert response.context["answered"] is None


def test_the_console_links_the_answered_caller_and_keeps_the_classifiers_miss(
    client, court, make_staff, queued
):
    agent = make_staff()
    client.force_login(agent)
    client.post(reverse("queue-answer", args=[queued.pk]))
    client.post(reverse("console"), {**CALL, "suggested_kind": "consultation"})
    queued.refresh_from_db()
    assert queued.call.caller_number == "13812345678" and queued.call.rang_at == queued.entered_at
    assert Correction.objects.get().chosen_type == "case_query"


def test_a_console_call_that_fails_at_its_last_write_leaves_nothing_half_written(
    client, court, make_staff, queued, monkeypatch
):
    """The call, its order, the link to the queued caller and the classifier's correction are one write."""
    client.force_login(make_staff())
    client.post(reverse("queue-answer", args=[queued.pk]))

    def fails(**kwargs):
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(services, "record_correction", fails)
    with pytest.raises(DatabaseError):
        client.post(reverse("console"), {**CALL, "suggested_kind": "consultation"})
    queued.refresh_from_db()
    assert not WorkOrder.objects.exists() and not Call.objects.exists() and queued.call is None
    assert not Correction.objects.exists()


def test_the_agent_on_the_line_puts_the_caller_through_to_a_judge_of_the_court(
    client, court, make_staff, queued
):
    """contact-judge from the console: the line (ivr/sip/session.py) rings the judge and swaps the bridge."""
    agent, other_agent = make_staff(), make_staff()
    judge = make_staff(role=Role.JUDGE, full_name="李法官")
    elsewhere = StaffFactory(role=Role.JUDGE, court=CourtFactory())
    client.force_login(agent)
    client.post(reverse("queue-answer", args=[queued.pk]))
    page = client.get(reverse("console")).content.decode()
    assert 'data-testid="transfer-form"' in page and "李法官" in page and str(elsewhere.full_name) not in page

    refused = client.post(reverse("queue-transfer", args=[queued.pk]), {"judge": elsewhere.pk}, follow=True)
    assert "请选择本院的法官。" in refused.content.decode()
    client.force_login(other_agent)  # not theirs to pass on
    refused = client.post(reverse("queue-transfer", args=[queued.pk]), {"judge": judge.pk}, follow=True)
    assert "该来电已不在您的线路上。" in refused.content.decode()
    assert QueuedCall.objects.get().transfer_to is None

    client.force_login(agent)
    done = client.post(reverse("queue-transfer", args=[queued.pk]), {"judge": judge.pk}, follow=True)
    assert "正在将来电人转接给李法官，录音继续。" in done.content.decode()
    assert QueuedCall.objects.get().transfer_to == judge


def test_the_lines_recording_reaches_the_call_logged_for_the_caller(client, court, make_staff, queued):
    agent = make_staff()
    client.force_login(agent)
    client.post(reverse("queue-answer", args=[queued.pk]))
    queue.attach_recording(queued, "/recordings/talk-1.wav")  # the line bridged the call
    client.post(reverse("console"), {**CALL, "suggested_kind": "consultation"})
    assert Call.objects.get().recording_ref == "/recordings/talk-1.wav"
