"""Enrolling the authenticator app and entering its code at sign-in (thin: forms and redirects)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from court12368.courts import second_factor

WRONG_CODE = gettext_noop("The code is wrong or has expired. Enter the six digits the app shows now.")


@login_required
def setup(request):
    try:
        second_factor.require_change(request)
    except PermissionDenied:
        # Only the password so far: the factor already enrolled must be shown first (issue 20, item 1).
        messages.warning(
            request,
            _(
                "Enter the code from the authenticator app you use now before setting up a new one. "
                "If that phone is lost, ask your court's administrator to reset two-step sign-in."
            ),
        )
        return redirect(f"{reverse('second-factor-verify')}?next={reverse('second-factor-setup')}")
    if request.method == "POST" and request.POST.get("action") == "remove":
        if second_factor.required_for(request.user):
            messages.error(
                request, _("Your role must use two-step sign-in; scan a new code to change phones.")
            )
            return redirect("second-factor-setup")
        second_factor.remove(request)
        messages.success(request, _("Two-step sign-in is turned off for your account."))
        return redirect("home")
    device = second_factor.pending_device(request)
    error = None
    if request.method == "POST":
        if second_factor.confirm(request, device, request.POST.get("code", "")):
            return redirect("home")
        error = _(WRONG_CODE)
    context = {
        "qr": second_factor.qr_svg(device),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "enrolled": second_factor.enrolled(request.user),
        "may_remove": not second_factor.required_for(request.user),
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
        error = _(WRONG_CODE)
    context = {"next": safe or "", "error": error}
    return render(request, "courts/second_factor_verify.html", context, status=400 if error else 200)
