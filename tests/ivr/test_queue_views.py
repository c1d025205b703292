"""Who sees the voice queue and who may answer from it."""

import pytest
from django.urls import reverse

from court12368.courts.models import Role
from court12368.demo.factories import CourtFactory, StaffFactory
from court12368.ivr import services
from court12368.ivr.models import QueuedCall

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(court):
    return services.enqueue(court, caller_number="13812345678")


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
    services.answer(queued, make_staff())
    client.force_login(make_staff())
    response = client.post(reverse("queue-answer", args=[queued.pk]), follow=True)
    assert "该来电已由其他座席员接听，或来电人已挂机。" in response.content.decode()
    assert response.context["answered"] is None
