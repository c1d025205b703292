"""KPIs as shown to people: who may see which, and the names of the groups (views and JSON share this)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from court12368.core.access import permits, restrict
from court12368.courts.models import Department, Staff
from court12368.reports import kpis

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Column order and labels of the KPI table; the keys are those of kpis.Figures.as_dict().
COLUMNS = [
    ("answered_within_10s", _("Answered within 10 s (%)")),
    ("answer_rate", _("Answer rate (%)")),
    ("on_the_spot_rate", _("On-the-spot answers (%)")),
    ("judge_contact_rate", _("Judge contacted (%)")),
    ("dispatched_on_time", _("Dispatched on time (%)")),
    ("replied_on_time", _("Replied on time (%)")),
    ("resolved_on_time", _("Resolved on time (%)")),
    ("overdue", _("Overdue orders")),
    ("overdue_days", _("Overdue days")),
    ("urged", _("Urged")),
    ("escalated_to_leaders", _("Escalated to leaders")),
    ("callback_rate", _("Callbacks (%)")),
    ("satisfaction", _("Satisfied (%)")),
    ("repeat_call_rate", _("Repeat calls (%)")),
]


def for_user(user, start: dt.date, end: dt.date, by: str) -> list[dict]:
    """Rows {group, name, figures} for the dates [start, end] (Beijing days). Leaders and administrators
    see the whole court; a department head only the department's own row."""
    departments = restrict(user, "statistics.read")
    court_wide = permits(user, "court.lead")
    if not court_wide:
        by = "department"
    begin = dt.datetime.combine(start, dt.time(), tzinfo=SHANGHAI)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI)
    result = kpis.compute(user.court, begin, finish, by=by)
    if not court_wide:
        own = set(departments.values_list("pk", flat=True))
        result = {k: v for k, v in result.items() if k in own}
    names = _names(by, [k for k in result if k is not None])
    nobody = {  # the row of what had no department, handler or agent
        "court": user.court.name,
        "department": _("No department assigned"),
        "handler": _("No handler assigned"),
        "agent": _("No agent recorded"),
    }.get(by, _("Not assigned"))
    rows = [{"group": key, "name": names.get(key, nobody), "figures": value} for key, value in result.items()]
    return sorted(rows, key=lambda row: (row["group"] is None, str(row["name"])))


def _names(by: str, ids: list[int]) -> dict:
    if by == "department":
        return {d.pk: d.name for d in Department.objects.filter(pk__in=ids)}
    if by in ("handler", "agent"):
        return {s.pk: str(s) for s in Staff.objects.filter(pk__in=ids)}
    return {}
