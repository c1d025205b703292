"""Sends a signed-in staff member who owes the second factor to enter it, or to enrol when their role
must; nothing else is served to them until then."""

from django.shortcuts import redirect
from django.urls import reverse

from court12368.courts import second_factor

OPEN_PATHS = ("/login/", "/logout/", "/i18n/", "/static/", "/account/second-factor/")


class SecondFactorMiddleware:
    """Asks on every request of a session that has not entered a code whether the user has enrolled
    since: one indexed query, and a session signed in before the enrolment is asked for the code at its
    next click (a cached "owes nothing" let it go on without)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
        ):
            if second_factor.enrolled(user):
                return redirect(f"{reverse('second-factor-verify')}?next={request.get_full_path()}")
            if second_factor.required_for(user):
                return redirect("second-factor-setup")
        return self.get_response(request)
