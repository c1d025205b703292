"""Sends a signed-in staff member who owes the second factor to enter it, or to enrol when their role
must; nothing else is served to them until then."""

from django.shortcuts import redirect
from django.urls import reverse

from court12368.courts import second_factor

OPEN_PATHS = ("/login/", "/logout/", "/i18n/", "/static/", "/account/second-factor/")
# Set once this session's user is known to owe nothing (no device, not required): sign-in starts a new
# session, so an enrolment elsewhere takes effect at the next sign-in.
CHECKED = "second_factor_not_needed"


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
            and request.session.get(CHECKED) != user.pk
        ):
            if second_factor.enrolled(user):
                return redirect(f"{reverse('second-factor-verify')}?next={request.get_full_path()}")
            if second_factor.required_for(user):
                return redirect("second-factor-setup")
            request.session[CHECKED] = user.pk
        return self.get_response(request)
