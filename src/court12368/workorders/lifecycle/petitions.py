"""A petition's own clocks (信访工作条例), beside the hotline's order: the line still dispatches and
follows the order, but what the petitioner is owed is counted in days from registration.

  art. 23  registered; the petitioner is told in writing within 15 days whether it is accepted;
  art. 34  an accepted petition is handled within 60 days of acceptance; a complex one may be extended,
           with the approval of the body's head and a reason told to the petitioner, by at most 30 days;
  art. 35  a petitioner who disputes the written answer may ask for a review within 30 days of it, and
           the review is answered within 30 days of the request.

A period's last day that is a statutory rest day moves to the next working day (the same rule as every
other period here, core/worktime.py ``period_end``). The sweep urges the order's holders once per clock
that has run out; each step is a line on the order's timeline and in the audit log.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from court12368.core import audit
from court12368.courts.calendars import calendar_for
from court12368.notifications.models import SmsEvent
from court12368.workorders.deadlines import PETITION_REPLY
from court12368.workorders.lifecycle.timeline import add_entry, handler_and_heads, tell
from court12368.workorders.lifecycle.transitions import NotAllowed
from court12368.workorders.models import OrderEntry, OrderKind, PetitionTrack, WorkOrder

ACCEPT_DAYS = PETITION_REPLY[0]  # 信访工作条例第二十三条: 15 days, the line's reply deadline too
HANDLE_DAYS = 60  # 第三十四条
MAX_EXTENSION_DAYS = 30  # 第三十四条
REVIEW_REQUEST_DAYS = 30  # 第三十五条: asked within 30 days of the written answer
REVIEW_DAYS = 30  # 第三十五条: answered within 30 days of the request


def _end(order: WorkOrder, start: dt.date, days: int) -> dt.date:
    return calendar_for(order.court).period_end(start, days=days)


def open_track(order: WorkOrder, *, now: dt.datetime | None = None) -> PetitionTrack | None:
    """Start the clocks of a petition order (once); other kinds have none."""
    if order.kind != OrderKind.PETITION:
        return None
    registered = timezone.localdate(now or order.created_at)
    track, _created = PetitionTrack.objects.get_or_create(
        order=order,
        defaults={"registered_on": registered, "accept_due": _end(order, registered, ACCEPT_DAYS)},
    )
    return track


# ---- the steps -----------------------------------------------------------------------------------------
def _locked(order: WorkOrder) -> PetitionTrack:
    track = PetitionTrack.objects.select_for_update().filter(order=order).first()
    if track is None:
        raise NotAllowed(_("This order is not a petition."))
    return track


def _write(order, track, actor, text, action, **details) -> PetitionTrack:
    track.save()
    add_entry(order, OrderEntry.Action.PETITION, actor=actor, text=str(text))
    audit.record(f"petition.{action}", channel="console", actor=actor, subject=order, **details)
    return track


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def accept(order: WorkOrder, *, actor, on: dt.date | None = None) -> PetitionTrack:
    """Accepted (受理): the 60-day handling clock starts (第三十四条)."""
    with transaction.atomic():
        track = _locked(order)
        if track.accepted_on or track.refused_on:
            raise NotAllowed(_("The acceptance of this petition has already been decided."))
        track.accepted_on = _today(on)
        track.handle_due = _end(order, track.accepted_on, HANDLE_DAYS)
        text = _("Petition accepted; to be handled by %(due)s (信访工作条例第三十四条).") % {
            "due": track.handle_due
        }
        return _write(order, track, actor, text, "accepted")


def refuse(order: WorkOrder, *, actor, reason: str, on: dt.date | None = None) -> PetitionTrack:
    """Not accepted (不予受理), with the reason the petitioner is told in writing (第二十三条)."""
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed(_("Give the reason the petition is not accepted."))
    with transaction.atomic():
        track = _locked(order)
        if track.accepted_on or track.refused_on:
            raise NotAllowed(_("The acceptance of this petition has already been decided."))
        track.refused_on = _today(on)
        text = _("Petition not accepted: %(reason)s") % {"reason": reason}
        return _write(order, track, actor, text, "refused")


def extend(order: WorkOrder, *, actor, days: int, reason: str) -> PetitionTrack:
    """Extend the handling period, by at most 30 days in all, with a reason (第三十四条)."""
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed(_("An extension needs a reason, which the petitioner is told."))
    with transaction.atomic():
        track = _locked(order)
        if not track.accepted_on or track.answered_on:
            raise NotAllowed(_("Only an accepted petition not yet answered can be extended."))
        if days < 1 or track.extended_days + days > MAX_EXTENSION_DAYS:
            raise NotAllowed(
                _("The handling period can be extended by at most %(max)s days in all (%(used)s used).")
                % {"max": MAX_EXTENSION_DAYS, "used": track.extended_days}
            )
        track.extended_days += days
        track.extension_reason = reason[:200]
        track.handle_due = _end(order, track.accepted_on, HANDLE_DAYS + track.extended_days)
        track.urged = [u for u in track.urged if u != "handle"]  # the new deadline gets its own urge
        text = _("Handling extended by %(days)s days to %(due)s: %(reason)s") % {
            "days": days,
            "due": track.handle_due,
            "reason": reason,
        }
        return _write(order, track, actor, text, "extended", days=days)


def answer(order: WorkOrder, *, actor, on: dt.date | None = None) -> PetitionTrack:
    """The written answer (书面答复意见) was given: the petitioner's 30 days to ask for a review start."""
    with transaction.atomic():
        track = _locked(order)
        if not track.accepted_on or track.answered_on:
            raise NotAllowed(_("Only an accepted petition not yet answered can be answered."))
        track.answered_on = _today(on)
        text = _("Written answer given; a review may be asked until %(until)s (信访工作条例第三十五条).") % {
            "until": _end(order, track.answered_on, REVIEW_REQUEST_DAYS)
        }
        return _write(order, track, actor, text, "answered")


def request_review(order: WorkOrder, *, actor, on: dt.date | None = None) -> PetitionTrack:
    """The petitioner asks for a review (复查) within 30 days of the answer; it is due 30 days later."""
    with transaction.atomic():
        track = _locked(order)
        day = _today(on)
        if not track.answered_on or track.review_requested_on:
            raise NotAllowed(_("A review can be asked once, after the written answer."))
        if day > _end(order, track.answered_on, REVIEW_REQUEST_DAYS):
            raise NotAllowed(_("A review must be asked within 30 days of the written answer."))
        track.review_requested_on = day
        track.review_due = _end(order, day, REVIEW_DAYS)
        text = _("Review requested; to be answered by %(due)s.") % {"due": track.review_due}
        return _write(order, track, actor, text, "review_requested")


def answer_review(order: WorkOrder, *, actor, on: dt.date | None = None) -> PetitionTrack:
    with transaction.atomic():
        track = _locked(order)
        if not track.review_requested_on or track.reviewed_on:
            raise NotAllowed(_("There is no review waiting for an answer."))
        track.reviewed_on = _today(on)
        return _write(order, track, actor, _("Review answered."), "reviewed")


STEPS = {
    "accept": accept,
    "refuse": refuse,
    "extend": extend,
    "answer": answer,
    "request_review": request_review,
    "answer_review": answer_review,
}


def recompute_pending(years, *, actor=None) -> int:
    """After a holiday table changed: compute every pending period that may reach into ``years`` again
    (a due date on what is now a rest day moves; one that no longer is moves back); returns how many
    petitions changed, each written to the audit log with before and after."""
    since = dt.date(min(years), 1, 1)
    pending = PetitionTrack.objects.filter(
        Q(accept_due__gte=since, accepted_on__isnull=True, refused_on__isnull=True)
        | Q(handle_due__gte=since, answered_on__isnull=True)
        | Q(review_due__gte=since, reviewed_on__isnull=True)
    ).values_list("pk", flat=True)
    changed = 0
    for pk in list(pending):
        with transaction.atomic():
            track = PetitionTrack.objects.select_for_update().select_related("order__court").get(pk=pk)
            order, before = (
                track.order,
                {f: getattr(track, f) for f in ("accept_due", "handle_due", "review_due")},
            )
            if not (track.accepted_on or track.refused_on):
                track.accept_due = _end(order, track.registered_on, ACCEPT_DAYS)
            if track.accepted_on and not track.answered_on:
                track.handle_due = _end(order, track.accepted_on, HANDLE_DAYS + track.extended_days)
            if track.review_requested_on and not track.reviewed_on:
                track.review_due = _end(order, track.review_requested_on, REVIEW_DAYS)
            moved = {f: [str(v), str(getattr(track, f))] for f, v in before.items() if getattr(track, f) != v}
            if moved:
                track.save(update_fields=list(moved))
                audit.record(
                    "petition.recomputed", channel="system", actor=actor, subject=order, years=sorted(years),
                    changes=moved,
                )  # fmt: skip
                changed += 1
    return changed


# ---- what the order page and the ledger show -----------------------------------------------------------
@dataclass(frozen=True)
class ClockLine:
    key: str
    label: str
    due: dt.date
    done_on: dt.date | None
    today: dt.date

    @property
    def overdue_days(self) -> int:
        end = self.done_on or self.today
        return max(0, (end - self.due).days)

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def status(self) -> str:
        if self.done_on:
            return "late" if self.overdue_days else "done"
        return "overdue" if self.overdue_days else "running"


def clocks(track: PetitionTrack, today: dt.date | None = None) -> list[ClockLine]:
    """The clocks that apply so far, in order."""
    today = today or timezone.localdate()
    lines = [
        ClockLine(
            "accept",
            str(_("Tell whether accepted (art. 23, 15 days)")),
            track.accept_due,
            track.accepted_on or track.refused_on,
            today,
        )
    ]
    if track.handle_due:
        label = _("Handle (art. 34, 60 days)")
        if track.extended_days:
            label = _("Handle (art. 34, 60 days, extended by %(days)s)") % {"days": track.extended_days}
        lines.append(ClockLine("handle", str(label), track.handle_due, track.answered_on, today))
    if track.review_due:
        lines.append(
            ClockLine(
                "review", str(_("Review (art. 35, 30 days)")), track.review_due, track.reviewed_on, today
            )
        )
    return lines


def running_clock(track: PetitionTrack, today: dt.date | None = None) -> ClockLine | None:
    """The clock now counting (the ledger's column), or None when nothing is pending."""
    pending = [line for line in clocks(track, today) if not line.done_on]
    return pending[0] if pending and not track.refused_on else None


# ---- the sweep -----------------------------------------------------------------------------------------
def sweep_petition_clocks(now: dt.datetime | None = None) -> int:
    """Urge the holders of every petition whose clock has run out, once per clock; returns how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    late = PetitionTrack.objects.filter(
        Q(accept_due__lt=today, accepted_on__isnull=True, refused_on__isnull=True)
        | Q(handle_due__lt=today, answered_on__isnull=True)
        | Q(review_due__lt=today, reviewed_on__isnull=True)
    ).select_related("order__court", "order__handler", "order__department")
    urged = 0
    for track in late.iterator(chunk_size=200):
        for line in clocks(track, today):
            if line.status != "overdue" or line.key in track.urged:
                continue
            order = track.order
            with transaction.atomic():
                # The claim: a second sweeper that already urged this clock finds it listed.
                fresh = PetitionTrack.objects.select_for_update().get(pk=track.pk)
                if line.key in fresh.urged:
                    continue
                fresh.urged = [*fresh.urged, line.key]
                fresh.save(update_fields=["urged"])
                body = _("Petition %(number)s: “%(clock)s” was due on %(due)s (信访工作条例).") % {
                    "number": order.number,
                    "clock": line.label,
                    "due": line.due,
                }
                tell(
                    handler_and_heads(order),
                    event=SmsEvent.URGE,
                    body=str(body),
                    key=f"petition:{order.pk}:{line.key}:{line.due}",
                )
                add_entry(order, OrderEntry.Action.PETITION, now=now, text=str(body))
            urged += 1
    return urged
