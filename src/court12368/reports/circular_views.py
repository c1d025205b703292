"""Circulars: the list, generating one, its improvement notes, and the Word and PDF downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from court12368.core import access, audit
from court12368.reports import services
from court12368.reports.forms import CircularNotes, CircularRequest


@login_required
def circular_list(request):
    circulars = access.restrict(request.user, "circular.read")[:60]
    may_edit = access.permits(request.user, "circular.write")
    return render(
        request,
        "reports/circulars.html",
        {"form": CircularRequest(), "circulars": circulars, "may_edit": may_edit},
    )


@login_required
@require_POST
def circular_generate(request):
    user = request.user
    court = access.restrict(user, "court.lead").get()
    form = CircularRequest(request.POST)
    if not form.is_valid():
        circulars = access.restrict(user, "circular.read")[:60]
        context = {"form": form, "circulars": circulars, "may_edit": True}
        return render(request, "reports/circulars.html", context, status=400)
    circular = services.generate_circular(
        court, form.cleaned_data["period"], form.cleaned_data["day"], by=user, ip=audit.client_ip(request)
    )
    messages.success(request, _("Circular %(title)s generated.") % {"title": services.title_of(circular)})
    return redirect("circular-detail", pk=circular.pk)


@login_required
def circular_detail(request, pk: int):
    user = request.user
    circular = access.get_or_404(user, "circular.read", pk=pk)
    may_edit = access.permits(user, "circular.write", circular)
    form = CircularNotes(request.POST or None, initial={"notes": circular.notes})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            services.save_notes(circular, form.cleaned_data["notes"], by=user, ip=audit.client_ip(request))
            messages.success(request, _("Notes saved; the Word and PDF documents were rewritten."))
            return redirect("circular-detail", pk=circular.pk)
    context = {
        "circular": circular,
        "title": services.title_of(circular),
        "form": form,
        "may_edit": may_edit,
    }
    return render(request, "reports/circular.html", context, status=400 if form.errors else 200)


@login_required
def circular_download(request, pk: int, kind: str):
    user = request.user
    if kind not in ("docx", "pdf"):
        raise Http404
    circular = access.get_or_404(user, "circular.read", pk=pk)
    document = circular.docx if kind == "docx" else circular.pdf
    ip = audit.client_ip(request)
    audit.record("reports.circular_downloaded", channel="web", actor=user, subject=circular, ip=ip, kind=kind)
    return FileResponse(
        document.open("rb"), as_attachment=True, filename=f"{services.title_of(circular)}.{kind}"
    )
