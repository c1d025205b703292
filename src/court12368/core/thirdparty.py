"""Chinese names for what Django and the libraries show in English.

The libraries' apps are installed through these subclasses (settings.INSTALLED_APPS) only to give them a
translated name in the admin; their labels, models and migrations stay the libraries' own. The strings
below are the libraries' and Django's own msgids that their catalogues leave untranslated in Chinese:
marking them here keeps them in this project's catalogue, which takes precedence over theirs.
"""

from axes.apps import AppConfig as _AxesConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.apps import DefaultConfig as _TotpConfig
from django_tasks_db.apps import TasksAppConfig as _TasksDatabaseConfig


class AxesConfig(_AxesConfig):
    verbose_name = _("Login lockouts")


class TotpConfig(_TotpConfig):
    verbose_name = _("Authenticator apps")

    def ready(self) -> None:
        super().ready()
        # Its model's name is not marked for translation. Only the runtime names change: migrations are
        # built from Meta's original attributes, which stay as declared.
        meta = self.get_model("TOTPDevice")._meta
        meta.verbose_name = _("authenticator app")
        meta.verbose_name_plural = _("authenticator apps")


class TasksDatabaseConfig(_TasksDatabaseConfig):
    verbose_name = _("Background tasks")


LIBRARY_STRINGS = (
    # Django forms: the label suffix, and the endings after which it is left out (boundfield.py).
    gettext_noop(":"),
    gettext_noop(":?.!"),
    # Django admin.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    # Django auth: the password-based sign-in field's help, which names LDAP.
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still "
        "be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    # django-axes.
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    # django-tasks-db.
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
)
