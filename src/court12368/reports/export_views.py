"""A large ledger export's status (polled by htmx) and its download, for the one who asked for it."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from court12368.core import access, audit
from court12368.reports.models import LedgerExport


def _own(request, pk: int) -> LedgerExport:
    return access.get_or_404(request.user, "export.read", pk=pk)


@login_required
def export_status(request, pk: int):
    export = _own(request, pk)
    template = "reports/_export_status.html" if request.htmx else "reports/export.html"
    return render(request, template, {"export": export})


@login_required
def export_download(request, pk: int):
    export = _own(request, pk)
    if export.state != LedgerExport.State.DONE:
        raise Http404
    audit.record(
        "reports.ledger_export_downloaded",
        channel="web",
        actor=request.user,
        ip=audit.client_ip(request),
        subject=export,
        rows=export.rows,
    )
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.file.name.split("/")[-1])
