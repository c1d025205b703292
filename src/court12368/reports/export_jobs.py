"""The task worker's side of large ledger exports: the same query, form and workbook as the inline export,
run under the requester's own scope and language."""

import logging

from django.db import transaction
from django.utils import timezone, translation

from court12368.core.tasks import task
from court12368.reports import queries, services
from court12368.reports.exports import write_ledger
from court12368.reports.forms import LedgerFilter
from court12368.reports.models import LedgerExport

log = logging.getLogger(__name__)


def title_for(court) -> str:
    return translation.gettext("12368 ledger of %(court)s") % {"court": court}


@task()
def build_ledger_export(export_id: int) -> str:
    export = LedgerExport.objects.select_related("requested_by__court").get(pk=export_id)
    if export.state != LedgerExport.State.QUEUED:
        return export.state  # run twice (a retried task): written once
    user = export.requested_by
    with translation.override(export.language):
        form = LedgerFilter(export.query, court=user.court)
        if not form.is_valid():
            services.fail_ledger_export(export, translation.gettext("The filters are no longer valid."))
            return LedgerExport.State.FAILED
        orders = queries.ledger(user, form.cleaned_data)
        try:
            rows = orders.count()
            workbook = write_ledger(orders, title=title_for(user.court), filters_text=export.filters_text)
            services.finish_ledger_export(export, workbook, rows=rows)
        except Exception as error:
            log.exception("ledger export %s failed", export.pk)
            services.fail_ledger_export(export, f"{type(error).__name__}: {error}")
            return LedgerExport.State.FAILED
    return LedgerExport.State.DONE


@transaction.atomic
def request_ledger_export(user, query: dict, filters_text: str, rows: int, language: str) -> LedgerExport:
    export = LedgerExport.objects.create(
        court=user.court,
        requested_by=user,
        requested_at=timezone.now(),
        query=query,
        filters_text=filters_text,
        language=language,
        rows=rows,
    )
    transaction.on_commit(lambda: build_ledger_export.enqueue(export.pk))
    return export
