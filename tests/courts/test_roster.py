"""The duty judges' roster (洛阳中院一号通办服务工作规范第七条): who is on duty at a given time, the fallback
when the roster has a gap, who may arrange it, and where hard questions go."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.courts import queries, roster
from court12368.courts.calendars import clear_cache
from court12368.courts.models import DepartmentKind, DutyShift, HalfDay, Role
from court12368.demo.factories import StaffFactory
from court12368.workorders.models import SubKind
from tests.builders import Court

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
MONDAY = dt.date(2026, 11, 16)  # a working week with no holiday


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def c(court, luoyang):
    return Court(court)


@pytest.fixture
def judges(c):
    civil = c.dept[DepartmentKind.CIVIL]
    return [
        StaffFactory(court=c.court, department=civil, role=Role.JUDGE, username=f"civil{n}") for n in (1, 2)
    ]


def shift(c, day, half, judge):
    return DutyShift.objects.create(court=c.court, date=day, half=half, judge=judge)


def test_a_half_days_shift_wins_over_the_whole_day_and_noon_divides_them(c, judges):
    morning_judge, whole_day_judge = judges
    shift(c, MONDAY, HalfDay.WHOLE_DAY, whole_day_judge)
    shift(c, MONDAY, HalfDay.MORNING, morning_judge)
    assert queries.duty_judge(c.court, at(MONDAY, 9)) == morning_judge
    assert queries.duty_judge(c.court, at(MONDAY, 11, 59)) == morning_judge
    assert queries.duty_judge(c.court, at(MONDAY, 12)) == whole_day_judge
    assert queries.duty_judge(c.court, at(MONDAY, 15)) == whole_day_judge


def test_a_judge_keeps_their_own_role_while_on_duty(c, judges):
    shift(c, MONDAY, HalfDay.AFTERNOON, judges[1])
    on_duty = queries.duty_judge(c.court, at(MONDAY, 14))
    assert on_duty == judges[1] and on_duty.role == Role.JUDGE


def test_a_gap_falls_back_to_the_centres_head_then_the_duty_judge_account(c, judges):
    shift(c, MONDAY, HalfDay.MORNING, judges[0])
    centre_head = c.head[DepartmentKind.LITIGATION_SERVICE]
    assert queries.duty_judge(c.court, at(MONDAY, 15)) == centre_head
    centre_head.is_active = False
    centre_head.save()
    assert queries.duty_judge(c.court, at(MONDAY, 15)) == c.duty


def test_an_inactive_judge_on_the_roster_is_a_gap(c, judges):
    shift(c, MONDAY, HalfDay.WHOLE_DAY, judges[0])
    judges[0].is_active = False
    judges[0].save()
    assert queries.duty_judge(c.court, at(MONDAY, 9)) == c.head[DepartmentKind.LITIGATION_SERVICE]


def test_hard_questions_go_to_the_judge_on_duty_now(c, judges):
    shift(c, MONDAY, HalfDay.MORNING, judges[0])
    shift(c, MONDAY, HalfDay.AFTERNOON, judges[1])
    with time_machine.travel(at(MONDAY, 10), tick=False):
        morning = c.order("consultation", SubKind.HARD_QUESTION)
    with time_machine.travel(at(MONDAY, 14), tick=False):
        afternoon = c.order("consultation", SubKind.HARD_QUESTION)
    assert (morning.handler, afternoon.handler) == (judges[0], judges[1])
    assert morning.hard and morning.routed_by.startswith("无法当场解答")


def test_with_no_roster_a_hard_question_goes_to_the_centres_head(c):
    with time_machine.travel(at(MONDAY, 10), tick=False):
        order = c.order("consultation", SubKind.HARD_QUESTION)
    assert order.handler == c.head[DepartmentKind.LITIGATION_SERVICE]


def test_gaps_are_the_working_days_of_the_coming_week_with_nobody(c, judges):
    tuesday, wednesday = MONDAY + dt.timedelta(1), MONDAY + dt.timedelta(2)
    for n in range(9):
        shift(c, MONDAY + dt.timedelta(n), HalfDay.WHOLE_DAY, judges[0])
    DutyShift.objects.filter(date=tuesday).delete()
    DutyShift.objects.filter(date=wednesday).update(half=HalfDay.MORNING)
    gaps = roster.gaps(c.court, at(MONDAY, 9))
    assert gaps == [roster.Gap(tuesday), roster.Gap(wednesday, HalfDay.AFTERNOON)]  # the weekend needs nobody
    # A morning already over is no gap.
    DutyShift.objects.filter(date=MONDAY).update(half=HalfDay.AFTERNOON)
    assert roster.Gap(MONDAY, HalfDay.MORNING) not in roster.gaps(c.court, at(MONDAY, 13))
    assert roster.Gap(MONDAY, HalfDay.MORNING) in roster.gaps(c.court, at(MONDAY, 9))


def test_a_gap_is_a_warning_on_the_administrators_pages_and_the_roster_page(client, c, judges):
    admin = StaffFactory(court=c.court, role=Role.ADMINISTRATOR, username="admin1", is_staff=True)
    for n in range(7):
        shift(c, MONDAY + dt.timedelta(n), HalfDay.WHOLE_DAY, judges[0])
    DutyShift.objects.filter(date=MONDAY + dt.timedelta(3)).delete()
    with time_machine.travel(at(MONDAY, 9), tick=False):
        client.force_login(admin)
        for url in ("/", reverse("admin:index"), reverse("duty-roster")):
            page = client.get(url).content.decode()
            assert 'data-testid="duty-roster-warning"' in page, url
            assert "2026-11-19" in page and "值班" in page, url
        client.force_login(c.head[DepartmentKind.LITIGATION_SERVICE])
        page = client.get(reverse("duty-roster")).content.decode()
        assert 'data-testid="roster-gaps"' in page and "2026-11-19" in page
        client.force_login(c.agent)
        assert 'data-testid="duty-roster-warning"' not in client.get("/").content.decode()
        shift(c, MONDAY + dt.timedelta(3), HalfDay.WHOLE_DAY, judges[1])
        client.force_login(admin)
        assert 'data-testid="duty-roster-warning"' not in client.get("/").content.decode()


def grid_post(day: dt.date, morning, afternoon) -> dict:
    return {
        f"am_{day:%Y-%m-%d}": morning.pk if morning else "",
        f"pm_{day:%Y-%m-%d}": afternoon.pk if afternoon else "",
    }


def test_the_centres_head_arranges_the_roster_and_it_is_audited(client, c, judges):
    head = c.head[DepartmentKind.LITIGATION_SERVICE]
    tuesday, wednesday = MONDAY + dt.timedelta(1), MONDAY + dt.timedelta(2)
    url = reverse("duty-roster") + f"?start={MONDAY:%Y-%m-%d}"
    with time_machine.travel(at(MONDAY, 8), tick=False):
        client.force_login(head)
        page = client.get(url)
        assert page.status_code == 200 and 'data-testid="roster"' in page.content.decode()
        data = {**grid_post(tuesday, judges[0], judges[0]), **grid_post(wednesday, judges[0], judges[1])}
        response = client.post(url, data)
        assert response.status_code == 302
    assert list(DutyShift.objects.filter(date=tuesday).values_list("half", "judge")) == [
        (HalfDay.WHOLE_DAY, judges[0].pk)
    ]
    assert set(DutyShift.objects.filter(date=wednesday).values_list("half", "judge")) == {
        (HalfDay.MORNING, judges[0].pk),
        (HalfDay.AFTERNOON, judges[1].pk),
    }
    assert queries.duty_judge(c.court, at(wednesday, 15)) == judges[1]
    entries = AuditEntry.objects.filter(action="duty_roster.changed").order_by("pk")
    assert [e.details["date"] for e in entries] == ["2026-11-17", "2026-11-18"]
    assert entries[1].details["before"] == {"am": None, "pm": None}
    assert entries[1].details["after"]["pm"] == f"{judges[1]} (#{judges[1].pk})"
    assert entries[1].actor == head


def test_the_past_is_not_rewritten_and_outsiders_are_refused(c, judges):
    outsider = StaffFactory(court=c.court, role=Role.AGENT, username="not-a-judge")
    with time_machine.travel(at(MONDAY, 8), tick=False):
        with pytest.raises(roster.ValidationError):
            roster.save_roster(c.court, {MONDAY - dt.timedelta(1): (judges[0], None)}, by=c.agent)
        with pytest.raises(roster.ValidationError):
            roster.save_roster(c.court, {MONDAY: (outsider, None)}, by=c.agent)
        assert roster.save_roster(c.court, {MONDAY: (judges[0], None)}, by=c.agent) == 1
        assert roster.save_roster(c.court, {MONDAY: (judges[0], None)}, by=c.agent) == 0  # unchanged


@pytest.mark.parametrize("who", ["judge", "duty", "agent", "civil_head", "president"])
def test_a_plain_judge_and_others_may_not_arrange_the_roster(client, c, who):
    people = {
        "judge": c.judge,
        "duty": c.duty,
        "agent": c.agent,
        "civil_head": c.head[DepartmentKind.CIVIL],
        "president": c.president,
    }
    client.force_login(people[who])
    assert client.get(reverse("duty-roster")).status_code == 403
    assert client.post(reverse("duty-roster"), {}).status_code == 403


def test_the_court_administrator_keeps_the_roster_in_the_configuration(client, c, judges):
    admin = StaffFactory(court=c.court, role=Role.ADMINISTRATOR, username="admin1", is_staff=True)
    client.force_login(admin)
    add = reverse("admin:courts_dutyshift_add")
    form = client.get(add).content.decode()
    assert judges[0].full_name in form and c.agent.full_name not in form  # judges only
    response = client.post(
        add, {"court": c.court.pk, "date": "2026-11-20", "half": HalfDay.WHOLE_DAY, "judge": judges[0].pk}
    )
    assert response.status_code == 302
    assert queries.duty_judge(c.court, at(dt.date(2026, 11, 20), 10)) == judges[0]
    assert AuditEntry.objects.filter(action="config.added", subject_type="courts.dutyshift").exists()
    # A day is either a whole-day shift or its halves.
    clash = client.post(
        add, {"court": c.court.pk, "date": "2026-11-20", "half": HalfDay.MORNING, "judge": judges[1].pk}
    )
    assert clash.status_code == 200 and DutyShift.objects.count() == 1
