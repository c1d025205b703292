"""Enrolling the authenticator app and entering its code at sign-in (thin: forms and redirects)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from court12368.courts import second_factor


@login_required
def setup(request):
    device = second_factor.pending_device(request.user)
    error = None
    if request.method == "POST":
        if second_factor.confirm(request, device, request.POST.get("code", "")):
            return redirect("home")
        error = _("The code is wrong or has expired. Enter the six digits the app shows now.")
    context = {
        "qr": second_factor.qr_svg(device),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "enrolled": second_factor.enrolled(request.user),
        "error": error,
    }
    return render(request, "courts/second_factor_setup.html", context, status=400 if error else 200)


@login_required
def verify(request):
    if not second_factor.enrolled(request.user):
        return redirect("home")
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}) and wanted
    error = None
    if request.method == "POST":
        if second_factor.verify(request, request.POST.get("code", "")):
            return redirect(safe or "home")
        error = _("The code is wrong or has expired. Enter the six digits the app shows now.")
    context = {"next": safe or "", "error": error}
    return render(request, "courts/second_factor_verify.html", context, status=400 if error else 200)
