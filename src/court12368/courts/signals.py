"""Every staff sign-in, sign-out and failed sign-in goes to the audit log (MLPS 2.0 level 3, 安全审计), with
the address it came from; the password never does."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver

from court12368.core import audit

# Sent with ``court=`` after staff are added or changed in bulk (an import skips post_save): rooms above
# courts re-link what names them, e.g. imported cases to their judge and clerk.
staff_changed = Signal()
# Sent with ``years=`` after a holiday table is entered or changed: rooms above courts recompute the
# pending deadlines and periods that depend on it, and log each change.
holiday_years_changed = Signal()


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    audit.record("staff.login", channel="web", actor=user, subject=user, ip=audit.client_ip(request))


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record("staff.logout", channel="web", actor=user, subject=user, ip=audit.client_ip(request))


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    name = str(credentials.get("username", ""))[:150]  # the password is never in ``credentials`` here
    audit.record("staff.login_failed", channel="web", ip=audit.client_ip(request), username=name)
