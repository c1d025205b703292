"""Petitions keep 信访工作条例's clocks: 15 days to tell whether accepted (art. 23), 60 days to handle,
extendable by at most 30 with a reason (art. 34), a review asked within 30 days and answered within 30
(art. 35); the order page shows them and the sweep urges on them once each."""

import datetime as dt

import pytest
import time_machine

from court12368.core.models import AuditEntry
from court12368.courts.calendars import calendar_for
from court12368.courts.models import Role
from court12368.demo.factories import StaffFactory
from court12368.notifications.models import Notification
from court12368.workorders.lifecycle import NotAllowed, handling, intake, petitions
from court12368.workorders.models import OrderEntry, PetitionTrack
from tests.workorders.conftest import at

pytestmark = pytest.mark.django_db


def petition(court, people, when):
    with time_machine.travel(when, tick=False):
        order = intake.create_work_order(
            court=court, kind="petition", summary="对判决不服，要求申诉", agent=people.agent,
            caller_phone="13800138000",
        )  # fmt: skip
        return handling.dispatch(order, handler=people.judge)


def track_of(order) -> PetitionTrack:
    return PetitionTrack.objects.get(order=order)


def test_registration_starts_the_15_day_acceptance_clock(court, people, luoyang):
    order = petition(court, people, at(2026, 3, 2, 10))  # Monday
    track = track_of(order)
    assert track.registered_on == dt.date(2026, 3, 2)
    assert track.accept_due == dt.date(2026, 3, 17)  # 15 days on: a Tuesday, a working day


def test_a_period_ending_on_a_holiday_moves_to_the_next_working_day(court, people, luoyang):
    order = petition(court, people, at(2026, 9, 16, 10))  # 15 days on is 1 October, 国庆
    calendar = calendar_for(court)
    due = track_of(order).accept_due
    assert due > dt.date(2026, 10, 1) and calendar.is_working_day(due)
    assert all(
        calendar.is_rest_day(dt.date(2026, 10, 1) + dt.timedelta(days=n))
        for n in range((due - dt.date(2026, 10, 1)).days)
    )


def test_other_kinds_have_no_petition_clocks(court, people, luoyang):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        order = intake.create_work_order(
            court=court, kind="contact_judge", summary="找法官", agent=people.agent
        )
    assert not PetitionTrack.objects.filter(order=order).exists()


def test_acceptance_starts_60_days_and_extensions_stop_at_30_in_all(court, people, luoyang):
    order = petition(court, people, at(2026, 3, 2, 10))
    petitions.accept(order, actor=people.judge, on=dt.date(2026, 3, 10))
    track = track_of(order)
    calendar = calendar_for(court)
    assert track.handle_due == calendar.period_end(dt.date(2026, 3, 10), days=60)
    assert track.handle_due - dt.date(2026, 3, 10) >= dt.timedelta(days=60)

    petitions.extend(order, actor=people.head, days=20, reason="涉及多个部门，情况复杂")
    assert track_of(order).handle_due == calendar.period_end(dt.date(2026, 3, 10), days=80)
    with pytest.raises(NotAllowed, match="30"):
        petitions.extend(order, actor=people.head, days=11, reason="仍需调查")
    assert track_of(order).extended_days == 20  # the refused extension wrote nothing
    with pytest.raises(NotAllowed):
        petitions.extend(order, actor=people.head, days=5, reason="  ")  # no reason, no extension
    texts = list(order.entries.filter(action=OrderEntry.Action.PETITION).values_list("text", flat=True))
    assert len(texts) == 2 and "涉及多个部门" in texts[1]
    assert AuditEntry.objects.filter(action="petition.extended").count() == 1


def test_refusal_needs_a_reason_and_closes_the_acceptance_question(court, people, luoyang):
    order = petition(court, people, at(2026, 3, 2, 10))
    with pytest.raises(NotAllowed):
        petitions.refuse(order, actor=people.judge, reason="")
    assert track_of(order).refused_on is None
    petitions.refuse(
        order, actor=people.judge, reason="已经法院终审，不属于信访受理范围", on=dt.date(2026, 3, 5)
    )
    with pytest.raises(NotAllowed):
        petitions.accept(order, actor=people.judge)
    assert petitions.running_clock(track_of(order), dt.date(2026, 4, 1)) is None


def test_a_review_is_asked_within_30_days_of_the_answer_and_answered_within_30(court, people, luoyang):
    order = petition(court, people, at(2026, 3, 2, 10))
    petitions.accept(order, actor=people.judge, on=dt.date(2026, 3, 10))
    petitions.answer(order, actor=people.judge, on=dt.date(2026, 4, 20))
    late = calendar_for(court).period_end(dt.date(2026, 4, 20), days=30) + dt.timedelta(days=1)
    with pytest.raises(NotAllowed, match="30"):
        petitions.request_review(order, actor=people.agent, on=late)
    petitions.request_review(order, actor=people.agent, on=dt.date(2026, 5, 11))
    track = track_of(order)
    assert track.review_due == calendar_for(court).period_end(dt.date(2026, 5, 11), days=30)
    lines = {line.key: line.status for line in petitions.clocks(track, dt.date(2026, 5, 12))}
    assert lines == {"accept": "done", "handle": "done", "review": "running"}


def test_the_sweep_urges_once_per_clock_that_ran_out(court, people, luoyang):
    order = petition(court, people, at(2026, 3, 2, 10))
    due = track_of(order).accept_due
    the_day_after = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(9), tzinfo=at(2026, 1, 1).tzinfo)
    assert petitions.sweep_petition_clocks(at(2026, 3, 10, 9)) == 0  # not yet due
    assert petitions.sweep_petition_clocks(the_day_after) == 1
    assert petitions.sweep_petition_clocks(the_day_after + dt.timedelta(hours=1)) == 0  # never twice
    urged = Notification.objects.filter(recipient__in=[people.judge, people.head], event="urge")
    assert {n.recipient_id for n in urged} == {people.judge.pk, people.head.pk}
    assert order.number in urged.first().body
    assert track_of(order).urged == ["accept"]
    # Accepted late: the acceptance line shows how late, the handling clock runs and will be urged anew.
    petitions.accept(order, actor=people.judge, on=due + dt.timedelta(days=2))
    lines = petitions.clocks(track_of(order), due + dt.timedelta(days=3))
    assert [(line.key, line.status, line.overdue_days) for line in lines][0] == ("accept", "late", 2)


def test_the_order_page_shows_the_clocks_and_the_handler_records_acceptance(client, court, people, luoyang):
    order = petition(court, people, at(2026, 3, 2, 10))
    client.force_login(people.judge)
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert 'data-testid="petition-clocks"' in page and "2026-03-17" in page
    response = client.post(f"/orders/{order.number}/petition/accept/")
    assert response.status_code == 302 and track_of(order).accepted_on is not None

    stranger = StaffFactory(court=court, role=Role.JUDGE, username="stranger")
    client.force_login(stranger)
    assert client.post(f"/orders/{order.number}/petition/answer/").status_code == 404
    assert track_of(order).answered_on is None


def test_the_line_waits_15_days_for_the_acceptance_not_the_hotlines_reply_limit(court, people, yiwu):
    order = petition(court, people, at(2026, 3, 2, 10))  # Yiwu gives other orders 3 days
    assert order.reply_due.date() == track_of(order).accept_due == dt.date(2026, 3, 17)


def test_the_ledger_shows_the_running_petition_clock(client, court, people, luoyang):
    order = petition(court, people, at(2026, 3, 2, 10))
    with time_machine.travel(at(2026, 3, 20, 9), tick=False):  # 3 days past the acceptance notice's due
        client.force_login(people.agent)
        page = client.get("/reports/ledger/").content.decode()
    assert order.number in page and 'data-testid="petition-clock"' in page
    assert "2026-03-17" in page and "已超期3日" in page
