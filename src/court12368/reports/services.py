"""Writes of the reports room: generating a circular and editing its improvement notes."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from court12368.core import audit
from court12368.reports import circulars, documents
from court12368.reports.models import Circular


def title_of(circular: Circular) -> str:
    kind = "周" if circular.period == Circular.Period.WEEKLY else "月"
    issue = f"{circular.start:%Y}年第{circular.number}期·{kind}报"
    return f"{circular.court.name}12368诉讼服务热线情况通报（{issue}）"


@transaction.atomic
def generate_circular(court, period: str, day: dt.date, *, by, now: dt.datetime | None = None) -> Circular:
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
    audit.record("reports.circular_generated", channel="web", actor=by, subject=circular, period=period)
    return circular


@transaction.atomic
def save_notes(circular: Circular, notes: str, *, by) -> Circular:
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    circular.notes = notes.strip()
    _write_documents(circular)
    audit.record("reports.circular_notes_edited", channel="web", actor=by, subject=circular)
    return circular


def _write_documents(circular: Circular) -> None:
    if circular.pk is None:
        circular.save()
    title = title_of(circular)
    stem = f"circular-{circular.court_id}-{circular.start:%Y%m%d}-{circular.period}"
    for field, render, suffix in (
        (circular.docx, documents.render_docx, "docx"),
        (circular.pdf, documents.render_pdf, "pdf"),
    ):
        if field:
            field.delete(save=False)  # the new version replaces the old file, not beside it
        field.save(
            f"{stem}.{suffix}", ContentFile(render(title, circular.figures, circular.notes)), save=False
        )
    circular.save()
