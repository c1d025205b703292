"""One definition of overdue, every figure agreeing (issue 22 item 15).

A month built under Luoyang's rules (reply within 2 working days, by 17:30; the sweeper urges the
department head when the deadline passes and the leader in charge 2 working days later), with the
sweeper running every evening: orders never replied by the month's end, replied late, replied on time,
and one carried over from October. The circular, the KPIs, the assessment, the ledger and the red board
must agree with each other and with the figures worked out here by hand from the scenario's dates.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine

from court12368.courts.models import DepartmentKind
from court12368.reports import assessment, circulars, dashboard, figures, kpis, queries, services
from court12368.reports.rollups import roll_up_closed_days
from court12368.workorders.lifecycle import handling
from court12368.workorders.models import OrderKind, SubKind
from court12368.workorders.sweeps import sweep_deadlines
from tests.reports.conftest import SHANGHAI, call

pytestmark = pytest.mark.django_db


def t(month, day, hour, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


NOV = (t(11, 1, 0), t(12, 1, 0))
YEAR_START = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)
CIRCULAR_DAY = t(12, 1, 9)  # the November circular is written the next morning
LATER = t(12, 4, 10)
CONTACT = (OrderKind.CONTACT_JUDGE, SubKind.REPEAT_CONTACT)  # to the case's judge, in the civil division
ENFORCEMENT = (OrderKind.COMPLAINT, SubKind.ENFORCEMENT)  # to the enforcement supervision's head
# (name, (type, sub-kind), dispatched, replied): C late, D on time, F after the month; A, B, E, G never.
SCENARIO = [
    ("A", CONTACT, t(10, 28, 10), None),  # overdue since October
    ("B", ENFORCEMENT, t(11, 2, 10), None),
    ("C", CONTACT, t(11, 2, 11), t(11, 9, 10)),
    ("D", ENFORCEMENT, t(11, 10, 9), t(11, 11, 15)),
    ("F", CONTACT, t(11, 16, 10), t(12, 3, 10)),
    ("E", CONTACT, t(11, 26, 10), None),  # overdue on the month's last evening
    ("G", CONTACT, t(11, 27, 10), None),  # due 1 December: not overdue in November
]
DEPARTMENT = {CONTACT: DepartmentKind.CIVIL, ENFORCEMENT: DepartmentKind.ENFORCEMENT_SUPERVISION}
SWEEP_HOUR = 18  # the sweeper's evening round


# ---- the figures by hand ------------------------------------------------------------------------------
def working_day_after(day: dt.date, n: int) -> dt.date:
    """Mondays to Fridays: no holiday or make-up day falls between late October and early December."""
    while n:
        day += dt.timedelta(days=1)
        n -= day.weekday() < 5
    return day


def close_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(17, 30), tzinfo=SHANGHAI)


def evening(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(SWEEP_HOUR), tzinfo=SHANGHAI)


def by_hand(start, moment, *, swept_until):
    """{department kind or None (the court): figures} for [start, moment), the overdue counted at
    ``moment``, urges as the evening sweeps up to ``swept_until`` made them."""
    out = {}
    for _name, kind, dispatched, replied in SCENARIO:
        due = close_of(working_day_after(dispatched.date(), 2))
        replied = replied if replied and replied < swept_until else None
        urges = []  # (when, to a leader): the head at once, the leader in charge 2 working days on
        for when, to_leader in (
            (evening(due.date()), False),
            (evening(working_day_after(due.date(), 2)), True),
        ):
            if when < swept_until and (replied is None or when < replied):
                urges.append((when, to_leader))
        for group in (None, DEPARTMENT[kind]):
            f = out.setdefault(
                group, dict(replied=0, on_time=0, late=0, open=0, seconds=0, urged=0, leaders=0)
            )
            if replied and start <= replied < moment:
                f["replied"] += 1
                f["on_time" if replied <= due else "late"] += 1
                f["seconds"] += (replied - due).total_seconds() if replied > due else 0
            if due < moment and (replied is None or replied >= moment):  # still overdue at the end
                f["open"] += 1
                f["seconds"] += (moment - due).total_seconds()
            f["urged"] += sum(start <= when < moment for when, _ in urges)
            f["leaders"] += sum(start <= when < moment for when, to_leader in urges if to_leader)
    return {
        group: {
            "overdue": f["late"] + f["open"],
            "overdue_days": round(f["seconds"] / 86400, 1),
            "urged": f["urged"],
            "escalated_to_leaders": f["leaders"],
            "replied": f["replied"],
            "replied_on_time": rate(f["on_time"], f["replied"] + f["open"]),
        }
        for group, f in out.items()
    }


def rate(part, whole):
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP) if whole else None


def still_overdue_by_hand(moment) -> dict[str, float]:
    """{order name: days overdue at ``moment``}."""
    named = {}
    for name, _kind, dispatched, replied in SCENARIO:
        due = close_of(working_day_after(dispatched.date(), 2))
        if due < moment and (replied is None or replied >= moment):
            named[name] = round((moment - due).total_seconds() / 86400, 1)
    return named


# ---- the month, run ------------------------------------------------------------------------------------
def run_month(c, *, evening_sweeps: bool) -> dict:
    """The orders dispatched and replied to up to the circular's morning; the sweeper runs every evening,
    or (``evening_sweeps`` off: it was down) only once, that morning."""
    orders, replies = {}, {}
    for name, kind, dispatched, replied in SCENARIO:
        with time_machine.travel(dispatched, tick=False):
            orders[name] = call(c, f"工单{name}", *kind, now=dispatched)
        if replied:
            replies[replied] = name
    day = dt.date(2026, 10, 28)
    while evening(day) < CIRCULAR_DAY:
        for when in sorted(w for w in replies if w.date() == day):
            with time_machine.travel(when, tick=False):
                handling.reply(orders[replies[when]], actor=orders[replies[when]].handler, text="已处理")
        if evening_sweeps:
            with time_machine.travel(evening(day), tick=False):
                sweep_deadlines()
        day += dt.timedelta(days=1)
    if not evening_sweeps:
        with time_machine.travel(CIRCULAR_DAY, tick=False):
            sweep_deadlines()
    return orders


@pytest.fixture
def month(c):
    return run_month(c, evening_sweeps=True)


def reply_later(month):
    """The rest of the story, after the circular: F is replied to on 3 December, the sweeper goes on."""
    for when in (t(12, 1, 18), t(12, 2, 18), t(12, 3, 10), t(12, 3, 18)):
        with time_machine.travel(when, tick=False):
            if when == t(12, 3, 10):
                handling.reply(month["F"], actor=month["F"].handler, text="已处理")
            else:
                sweep_deadlines()


def kpi_view(figures_: dict) -> dict:
    return {
        "overdue": figures_["overdue"],
        "overdue_days": figures_["overdue_days"],
        "urged": figures_["urged"],
        "escalated_to_leaders": figures_["escalated_to_leaders"],
        "replied": figures_["counts"].get("replied", 0),
        "replied_on_time": figures_["replied_on_time"],
    }


def by_department(c, rows: dict) -> dict:
    kinds = {department.pk: kind for kind, department in c.dept.items()}
    return {kinds[group]: kpi_view(value) for group, value in rows.items() if group is not None}


def test_the_deadlines_are_those_worked_out_by_hand(month):
    for name, _kind, dispatched, _replied in SCENARIO:
        assert month[name].reply_due == close_of(working_day_after(dispatched.date(), 2)), name


def test_the_circular_the_kpis_and_the_assessment_agree_on_november(c, month):
    expected = by_hand(*NOV, swept_until=CIRCULAR_DAY)
    assert expected[None]["overdue"] == 5 and expected[None]["urged"] == 8  # the scenario is not empty
    with time_machine.travel(CIRCULAR_DAY, tick=False):
        court = kpis.compute(c.court, *NOV)
        departments = by_department(c, kpis.compute(c.court, *NOV, by="department"))
        snapshot = circulars.snapshot(c.court, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        page = figures.for_user(c.president, dt.date(2026, 11, 1), dt.date(2026, 11, 30), "department")
        circular = services.generate_circular(c.court, "monthly", dt.date(2026, 11, 15), by=c.president)

    # The KPIs, for the court and by department, and as the KPI page shows them.
    assert kpi_view(court[None]) == expected[None]
    assert departments == {kind: expected[kind] for kind in departments}
    assert set(departments) == {DepartmentKind.CIVIL, DepartmentKind.ENFORCEMENT_SUPERVISION}
    assert by_department(c, {row["group"]: row["figures"] for row in page}) == departments

    # The circular's headline: 超期件数, 催办次数 and 按时回复率 are the KPIs'.
    headline = {row["label"]: row["value"] for row in snapshot["headline"]}
    assert headline["超期件数"] == expected[None]["overdue"]
    assert headline["催办次数"] == expected[None]["urged"]
    assert headline["按时回复率（%）"] == float(expected[None]["replied_on_time"])
    assert circular.figures["headline"] == snapshot["headline"]

    # It names the orders still overdue at the month's end, with their days to the month's end (not to
    # the morning it was written), and every one of them is in 超期件数.
    named = {row["number"]: row["days"] for row in snapshot["overdue"]}
    by_name = {month[name].number: days for name, days in still_overdue_by_hand(NOV[1]).items()}
    assert named == by_name and set(by_name) == {month[n].number for n in "ABEF"}
    assert len(named) <= headline["超期件数"]

    # Its ranking of departments carries the same figures.
    names = {department.name: kind for kind, department in c.dept.items()}
    for row in snapshot["departments"]:
        kind = names[row["department"]]
        assert (row["overdue"], row["urged"]) == (expected[kind]["overdue"], expected[kind]["urged"])
        assert row["replied_on_time"] == circulars.plain(expected[kind]["replied_on_time"])


def test_the_years_assessment_and_the_boards_of_now_agree(c, month):
    year = (YEAR_START, CIRCULAR_DAY)  # the year so far, the overdue counted up to now
    expected = by_hand(*year, swept_until=CIRCULAR_DAY)
    with time_machine.travel(CIRCULAR_DAY, tick=False):
        table = {row["name"]: row["values"] for row in assessment.table(c.president, 2026)}
        ledger_red = queries.ledger(c.president, {"overdue": True}).count()
        board = {row["department"]: row["count"] for row in dashboard.red_board(c.court, CIRCULAR_DAY)}
        open_now = kpis.compute(c.court, YEAR_START, LATER, by="department")
    keys = [key for key, _where, _label in assessment.COLUMNS]
    for kind in (DepartmentKind.CIVIL, DepartmentKind.ENFORCEMENT_SUPERVISION):
        values = dict(zip(keys, table[c.dept[kind].name], strict=True))
        assert {key: values[key] for key in ("overdue", "overdue_days", "urged", "escalated_to_leaders")} == {
            key: expected[kind][key] for key in ("overdue", "overdue_days", "urged", "escalated_to_leaders")
        }
        assert values["replied_on_time"] == expected[kind]["replied_on_time"]
        # The red board (orders overdue now) counts what the KPIs count as still overdue now.
        department = c.dept[kind].pk
        assert board[c.dept[kind].name] == open_now[department]["counts"]["overdue_open"]
    assert ledger_red == len(still_overdue_by_hand(CIRCULAR_DAY)) == sum(board.values())


def test_a_rollup_and_a_later_reply_leave_november_as_it_was(c, month):
    with time_machine.travel(CIRCULAR_DAY, tick=False):
        before = kpis.compute(c.court, *NOV, by="department")
        assert roll_up_closed_days(limit=1000, seconds=600) > 30
        assert kpis.split(c.court, *NOV)[0] == [(dt.date(2026, 11, 1), dt.date(2026, 11, 30))]
        assert kpis.compute(c.court, *NOV, by="department") == before
    reply_later(month)
    with time_machine.travel(LATER, tick=False):
        roll_up_closed_days(limit=1000, seconds=600)
        assert kpis.compute(c.court, *NOV, by="department") == before  # F still counts in November
        year = by_department(c, kpis.compute(c.court, YEAR_START, LATER, by="department"))
        snapshot = circulars.snapshot(c.court, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    expected = by_hand(YEAR_START, LATER, swept_until=LATER)  # F now a late reply, no longer overdue
    assert year == {kind: expected[kind] for kind in year}
    named = {row["number"] for row in snapshot["overdue"]}
    assert month["F"].number in named  # it was still overdue when November ended


def test_a_sweeper_that_catches_up_late_still_counts_the_month_overdue(c):
    """The demo's case: the platform first runs after the month, so the clock's events are dated then.
    The orders overdue in November still count in November, from their deadlines; the urges happened in
    December, so November has none."""
    month = run_month(c, evening_sweeps=False)
    expected = by_hand(*NOV, swept_until=CIRCULAR_DAY)[None]
    with time_machine.travel(CIRCULAR_DAY, tick=False):
        figures_ = kpi_view(kpis.compute(c.court, *NOV)[None])
        snapshot = circulars.snapshot(c.court, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert figures_ == {**expected, "urged": 0, "escalated_to_leaders": 0}
    headline = {row["label"]: row["value"] for row in snapshot["headline"]}
    assert (headline["超期件数"], headline["催办次数"]) == (expected["overdue"], 0)
    assert headline["按时回复率（%）"] == float(expected["replied_on_time"]) < 100
    named = {row["number"]: row["days"] for row in snapshot["overdue"]}
    assert named == {month[name].number: days for name, days in still_overdue_by_hand(NOV[1]).items()}
