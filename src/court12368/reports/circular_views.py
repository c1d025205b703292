"""Circulars: the list, generating one, its improvement notes, and the Word and PDF downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from court12368.core import audit
from court12368.reports import services
from court12368.reports.forms import CircularNotes, CircularRequest
from court12368.reports.models import Circular


def _reader(request):
    if not request.user.reads_ledger:  # the 12368 centre, heads, leaders: those who keep the ledger
        raise PermissionDenied
    return request.user


def _editor(request):
    if not request.user.leads_court:
        raise PermissionDenied
    return request.user


@login_required
def circular_list(request):
    user = _reader(request)
    form = CircularRequest()
    circulars = Circular.objects.filter(court=user.court)[:60]
    return render(
        request,
        "reports/circulars.html",
        {"form": form, "circulars": circulars, "may_edit": user.leads_court},
    )


@login_required
@require_POST
def circular_generate(request):
    user = _editor(request)
    form = CircularRequest(request.POST)
    if not form.is_valid():
        circulars = Circular.objects.filter(court=user.court)[:60]
        context = {"form": form, "circulars": circulars, "may_edit": True}
        return render(request, "reports/circulars.html", context, status=400)
    circular = services.generate_circular(
        user.court, form.cleaned_data["period"], form.cleaned_data["day"], by=user
    )
    messages.success(request, _("Circular %(title)s generated.") % {"title": services.title_of(circular)})
    return redirect("circular-detail", pk=circular.pk)


@login_required
def circular_detail(request, pk: int):
    user = _reader(request)
    circular = get_object_or_404(Circular, pk=pk, court=user.court)
    form = CircularNotes(request.POST or None, initial={"notes": circular.notes})
    if request.method == "POST":
        _editor(request)
        if form.is_valid():
            services.save_notes(circular, form.cleaned_data["notes"], by=user)
            messages.success(request, _("Notes saved; the Word and PDF documents were rewritten."))
            return redirect("circular-detail", pk=circular.pk)
    context = {
        "circular": circular,
        "title": services.title_of(circular),
        "form": form,
        "may_edit": user.leads_court,
    }
    return render(request, "reports/circular.html", context, status=400 if form.errors else 200)


@login_required
def circular_download(request, pk: int, kind: str):
    user = _reader(request)
    if kind not in ("docx", "pdf"):
        raise Http404
    circular = get_object_or_404(Circular, pk=pk, court=user.court)
    document = circular.docx if kind == "docx" else circular.pdf
    audit.record("reports.circular_downloaded", channel="web", actor=user, subject=circular, kind=kind)
    return FileResponse(
        document.open("rb"), as_attachment=True, filename=f"{services.title_of(circular)}.{kind}"
    )
