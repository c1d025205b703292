"""Writes of the reports room: generating a circular and editing its improvement notes; the KPI rollup
of a closed day, and dropping it when an event is written into that day after all; large ledger exports
written by the task worker."""

import datetime as dt

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from court12368.core import audit
from court12368.reports import circulars, documents, kpis
from court12368.reports.models import Circular, KpiDay, LedgerExport

# A day is rolled up this long after it ends: a queued caller answered just after midnight still counts
# on the day they called.
ROLLUP_GRACE = dt.timedelta(hours=1)


@transaction.atomic
def roll_up_day(court, day: dt.date) -> int:
    """Write (or rewrite) the KPI counts of one closed day, for every grouping; returns the rows."""
    start, end = kpis.day_bounds(day)
    KpiDay.objects.filter(court=court, day=day).delete()
    rows = [
        KpiDay(
            court=court, day=day, grouping=by, group=group, counts={k: n for k, n in f.counts.items() if n}
        )
        for by in kpis.GROUPS
        for group, f in kpis.count_events(court, start, end, by).items()
    ]
    if not any(row.grouping == "court" for row in rows):
        rows.append(KpiDay(court=court, day=day, grouping="court", group=None))  # nothing happened
    # The day counts as rolled up only with its marker: a rollup of older counts lacks it (kpis.ROLLUP_DONE).
    rows.append(KpiDay(court=court, day=day, grouping=kpis.ROLLUP_DONE, group=None))
    KpiDay.objects.bulk_create(rows)
    return len(rows)


def rollable(day: dt.date, now: dt.datetime) -> bool:
    return kpis.day_bounds(day)[1] + ROLLUP_GRACE <= now


def drop_rollup(court_id: int, day: dt.date) -> None:
    """An event dated into a rolled-up day (a back-dated write): that day is counted from its events again
    until the sweeper rolls it up anew."""
    KpiDay.objects.filter(court_id=court_id, day=day).delete()


def title_of(circular: Circular) -> str:
    kind = "周" if circular.period == Circular.Period.WEEKLY else "月"
    issue = f"{circular.start:%Y}年第{circular.number}期·{kind}报"
    return f"{circular.court.name}12368诉讼服务热线情况通报（{issue}）"


@transaction.atomic
def generate_circular(
    court, period: str, day: dt.date, *, by, ip: str | None = None, now: dt.datetime | None = None
) -> Circular:
    """The circular for the week or month containing ``day``; generating it again refreshes its figures
    (an issue not yet sent out) and keeps its number and notes."""
    now = now or timezone.now()
    start, end = circulars.period_of(period, day)
    figures = circulars.snapshot(court, start, end, now=now)
    circular = Circular.objects.select_for_update().filter(court=court, period=period, start=start).first()
    if circular is None:
        last = Circular.objects.filter(court=court, start__year=start.year).aggregate(n=Max("number"))["n"]
        circular = Circular(court=court, period=period, start=start, end=end, number=(last or 0) + 1)
    circular.created_at, circular.created_by, circular.figures = now, by, figures
    _write_documents(circular)
    audit.record(
        "reports.circular_generated", channel="web", actor=by, subject=circular, ip=ip, period=period
    )
    return circular


@transaction.atomic
def save_notes(circular: Circular, notes: str, *, by, ip: str | None = None) -> Circular:
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    circular.notes = notes.strip()
    _write_documents(circular)
    audit.record("reports.circular_notes_edited", channel="web", actor=by, subject=circular, ip=ip)
    return circular


def _write_documents(circular: Circular) -> None:
    if circular.pk is None:
        circular.save()
    title = title_of(circular)
    stem = f"circular-{circular.court_id}-{circular.start:%Y%m%d}-{circular.period}"
    issued = timezone.localdate(circular.created_at)  # the day it was generated, kept when notes are edited
    for field, render, suffix in (
        (circular.docx, documents.render_docx, "docx"),
        (circular.pdf, documents.render_pdf, "pdf"),
    ):
        if field:
            field.delete(save=False)  # the new version replaces the old file, not beside it
        field.save(
            f"{stem}.{suffix}",
            ContentFile(render(title, circular.figures, circular.notes, issued=issued)),
            save=False,
        )
    circular.save()


@transaction.atomic
def finish_ledger_export(export: LedgerExport, workbook, rows: int) -> None:
    """Keep the written workbook (a finished temporary file); the export is ready only once it is saved."""
    name = f"12368-ledger-{export.pk}-{export.requested_at:%Y%m%d}.xlsx"
    export.file.save(name, File(workbook), save=False)
    export.rows, export.state, export.finished_at = rows, LedgerExport.State.DONE, timezone.now()
    export.save()


def fail_ledger_export(export: LedgerExport, error: str) -> None:
    LedgerExport.objects.filter(pk=export.pk).update(
        state=LedgerExport.State.FAILED, error=error[:2000], finished_at=timezone.now()
    )
