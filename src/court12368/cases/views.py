from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from court12368.cases import services
from court12368.cases.forms import VerifyForm
from court12368.cases.queries import STAFF
from court12368.core import access, audit


@login_required
def lookup(request):
    """The console's case query: verify the caller, then read them the case."""
    reach = access.restrict(request.user, "case.lookup")  # a case of another court reads as absent
    form = VerifyForm(request.POST or None)
    view = error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in VerifyForm.REQUIRED[data["method"]]}
        try:
            verified = services.verify_identity(
                channel="console",
                court=request.user.court,
                courts=reach,
                caller_number=data["caller_number"],
                ip=audit.client_ip(request),
                actor=request.user,
                **fields,
            )
        except services.VerificationFailed as failure:
            error = failure.message
        else:
            view = services.show_case(
                verified.case,
                audience=STAFF,
                channel="console",
                actor=request.user,
                caller_number=data["caller_number"],
                ip=audit.client_ip(request),
            )
    status = 200 if error is None else 403
    return render(request, "cases/lookup.html", {"form": form, "view": view, "error": error}, status=status)
