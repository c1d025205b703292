import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from court12368.notifications import policy
from court12368.notifications.models import Notification, SmsSettings, Status
from court12368.notifications.services import notify_phone, notify_staff, opt_out, send_now
from court12368.notifications.transports import ConsoleTransport

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALLER = "13912345678"


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@given(st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31)), times, times)
def test_quiet_hours_end_at_the_next_end_time_and_only_inside_the_window(naive, start, end):
    now = naive.replace(tzinfo=SHANGHAI)
    until = policy.quiet_until(now, start, end)
    moment = now.time()
    inside = start != end and (start <= moment < end if start < end else (moment >= start or moment < end))
    assert (until is not None) == inside
    if until:
        assert now < until <= now + dt.timedelta(days=1)
        assert until.time() == end


@pytest.fixture
def send(court):
    def send(row, now):
        return send_now(row.pk, now=now, transport=ConsoleTransport())

    return send


@pytest.mark.django_db
class TestQuietHours:
    def test_a_caller_gets_no_sms_at_night_it_waits_for_the_morning(self, court, send):
        with time_machine.travel(at(2026, 11, 23, 22, 30), tick=False):
            row = notify_phone(CALLER, event="result", body="已办理", key="k", court=court)
            assert send(row, at(2026, 11, 23, 22, 30)) == "deferred"
        row.refresh_from_db()
        assert (row.status, row.next_attempt_at) == (Status.QUEUED, at(2026, 11, 24, 8, 0))
        assert send(row, at(2026, 11, 24, 7, 59)) == "not due"
        assert send(row, at(2026, 11, 24, 8, 0)) == "sent"

    def test_urgent_messages_and_staff_notices_go_at_any_hour(self, court, make_staff, send):
        night = at(2026, 11, 23, 23, 0)
        with time_machine.travel(night, tick=False):
            urgent = notify_phone(CALLER, event="result", body="紧急", key="u", court=court, urgent=True)
            judge_sms = [
                n
                for n in notify_staff(make_staff(mobile="13700001111"), event="dispatch", body="b", key="d")
                if n.channel == "sms"
            ][0]
        assert send(urgent, night) == "sent"
        assert send(judge_sms, night) == "sent"

    def test_each_court_sets_its_own_hours(self, court, send):
        SmsSettings.objects.create(court=court, quiet_start=dt.time(20, 0), quiet_end=dt.time(7, 30))
        with time_machine.travel(at(2026, 11, 23, 20, 5), tick=False):
            row = notify_phone(CALLER, event="result", body="x", key="k", court=court)
            assert send(row, at(2026, 11, 23, 20, 5)) == "deferred"
        assert Notification.objects.get(pk=row.pk).next_attempt_at == at(2026, 11, 24, 7, 30)


@pytest.mark.django_db
def test_a_number_gets_at_most_the_hourly_limit_the_rest_waits(court, send):
    SmsSettings.objects.create(court=court, hourly_limit=3, daily_limit=10)
    start = at(2026, 11, 23, 10, 0)
    rows = [notify_phone(CALLER, event="result", body=f"第{n}条", key=f"k{n}", court=court) for n in range(4)]
    for n, row in enumerate(rows[:3]):
        assert send(row, start + dt.timedelta(minutes=n)) == "sent"
    assert send(rows[3], start + dt.timedelta(minutes=5)) == "deferred"
    rows[3].refresh_from_db()
    assert rows[3].next_attempt_at == start + dt.timedelta(hours=1)  # when the first leaves the window
    assert send(rows[3], start + dt.timedelta(hours=1)) == "sent"


@pytest.mark.django_db
def test_an_opted_out_number_gets_nothing_but_answers_to_its_own_messages(court, send):
    now = at(2026, 11, 23, 10, 0)
    queued = notify_phone(CALLER, event="result", body="x", key="before", court=court)
    assert opt_out("+86 139-1234-5678")
    queued.refresh_from_db()
    assert queued.status == Status.SUPPRESSED  # withdrawn at once
    later = notify_phone(CALLER, event="hearing_reminder", body="y", key="after", court=court)
    assert send(later, now) == Status.SUPPRESSED
    answer = notify_phone(CALLER, event="case_status", body="z", key="answer", court=court, urgent=True)
    assert send(answer, now) == "sent"
    assert policy.is_opted_out(CALLER)
    from court12368.notifications.models import OptOut

    assert OptOut.objects.get().masked_phone == "139****5678"  # never the number in clear


@pytest.mark.django_db
def test_an_sms_not_sent_in_time_expires(court, send):
    with time_machine.travel(at(2026, 11, 23, 10, 0), tick=False):
        row = notify_phone(CALLER, event="result", body="x", key="k", court=court, urgent=True)
    assert send(row, at(2026, 11, 24, 10, 1)) == Status.EXPIRED
