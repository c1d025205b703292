"""Where a case stands against its trial time limit (审限): one computation for every channel.

``Case.time_limit_due`` is the end the trial-process system reports, its extensions and the periods
already excluded counted in; the ``TimeLimitChange`` rows say why it moved. The limit runs until the
judgment is pronounced (民事诉讼法解释第二百四十三条), so a decided case is measured on its closing day.
While an excluded period is running (appraisal, notice by publication…) the clock stands still: the
case is measured on the day the period began. An extension needs approval (民事诉讼法第一百五十二条: the
court president; 行政诉讼法第八十一条 and 刑事诉讼法第二百零八条: a higher court); one with no approval on
record is flagged to staff.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from court12368.cases.models import Case, CaseCategory, Stage, TimeLimitChange

IN_TIME = "in_time"
EXCEEDED = "exceeded"
CONCLUDED = "concluded"  # decided, with no closing date to measure
CONCLUDED_IN_TIME = "concluded_in_time"
CONCLUDED_LATE = "concluded_late"
DECIDED_STAGES = (Stage.DECIDED, Stage.CLOSED)


def extension_rule(category: str) -> str:
    """The article that says who approves an extension, for the staff's warning."""
    if category == CaseCategory.ADMINISTRATIVE:
        return _("Administrative Procedure Law art. 81 (the high court approves)")
    if category == CaseCategory.CRIMINAL:
        return _("Criminal Procedure Law art. 208 (the court one level up approves)")
    return _("Civil Procedure Law art. 152 (the court president approves)")


def time_limit_status(case: Case, today: dt.date | None = None) -> dict | None:
    """The state, the days left or over, whether and on whose approval it was extended, and a sentence
    for the party; ``None`` where the system gave no time limit."""
    due = case.time_limit_due
    if due is None:
        return None
    changes = list(case.time_limit_changes.all())  # prefetched by queries.load_case
    today = today or timezone.localdate()
    paused = _running_pause(changes, today)
    extensions = [c for c in changes if c.kind == TimeLimitChange.Kind.EXTENSION]
    approval = extensions[-1].approval.strip() if extensions else ""
    state, days = _measure(case, due, paused.starts_on if paused else today)
    parts = [_state_text(state, days)]
    if paused is not None and state in (IN_TIME, EXCEEDED):
        parts.append(_pause_text(paused))
    if extensions:
        parts.append(_("extended with the approval of %(approval)s") % {"approval": approval} if approval
                     else _("time limit extended"))  # fmt: skip
    missing = [c for c in extensions if not c.approval.strip()]
    return {
        "due": due.isoformat(),
        "state": state,
        "days_left": days if state == IN_TIME else None,
        "days_over": days if state in (EXCEEDED, CONCLUDED_LATE) else None,
        "paused_since": paused.starts_on.isoformat() if paused else None,
        "extended": bool(extensions),
        "approval": approval,
        "approval_missing": bool(missing),
        "text": pgettext("between the parts of a status", "; ").join(parts),
    }


def _running_pause(changes: list[TimeLimitChange], today: dt.date) -> TimeLimitChange | None:
    running = [
        c
        for c in changes
        if c.kind == TimeLimitChange.Kind.SUSPENSION
        and c.starts_on <= today
        and (c.ends_on is None or c.ends_on >= today)
    ]
    return running[0] if running else None


def _measure(case: Case, due: dt.date, reference: dt.date) -> tuple[str, int | None]:
    if case.closed_on is not None:
        late = (case.closed_on - due).days
        return (CONCLUDED_LATE, late) if late > 0 else (CONCLUDED_IN_TIME, None)
    if case.stage in DECIDED_STAGES:
        return CONCLUDED, None
    left = (due - reference).days
    return (IN_TIME, left) if left >= 0 else (EXCEEDED, -left)


def _state_text(state: str, days: int | None) -> str:
    if state == CONCLUDED_IN_TIME:
        return _("concluded within the time limit")
    if state == CONCLUDED_LATE:
        return ngettext(
            "concluded %(days)d day after the time limit",
            "concluded %(days)d days after the time limit",
            days,
        ) % {"days": days}
    if state == CONCLUDED:
        return _("case concluded")
    if state == EXCEEDED:
        return ngettext(
            "time limit exceeded by %(days)d day", "time limit exceeded by %(days)d days", days
        ) % {"days": days}
    if days == 0:
        return _("in time; the time limit ends today")
    return ngettext("in time; %(days)d day left", "in time; %(days)d days left", days) % {"days": days}


def _pause_text(paused: TimeLimitChange) -> str:
    since = paused.starts_on.isoformat()
    if paused.reason:
        return _("not counted since %(date)s (%(reason)s)") % {"date": since, "reason": paused.reason}
    return _("not counted since %(date)s (an excluded period)") % {"date": since}
