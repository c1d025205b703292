"""The model permissions a role holds in 系统配置 (the Django admin).

Only a platform administrator (staff with no court, made by ``createsuperuser``) is a superuser. A court's
administrator is staff without ``is_superuser`` and holds exactly the permissions below, granted by
``RoleBackend`` while ``core.access`` says they configure courts (``config.court``); which rows they see and
change is still the admin's per-court scoping (``core/admin_scope.py``). A model that is not listed is
refused, so a page registered later opens to platform administrators only until it is added here.
"""

from django.contrib.auth.backends import BaseBackend

from court12368.core import access

VIEW = ("view",)
EDIT = ("view", "add", "change")  # kept: rows others point at are deactivated or revoked, not deleted
ALL = ("view", "add", "change", "delete")

ADMINISTRATOR_PERMISSIONS = {
    # Their courts, departments, accounts, hours and closures.
    "courts.court": EDIT,
    "courts.department": ALL,
    "courts.staff": EDIT,
    "courts.servicehours": ALL,
    "courts.courtclosure": ALL,
    "courts.publicnumber": ALL,  # the numbers the public dials for the court (Court.hotline)
    "courts.dutyshift": ALL,  # the duty judges' roster (洛阳中院一号通办服务工作规范第七条)
    # The national holiday table and the knowledge base belong to no court: read only.
    "courts.holidayyear": VIEW,
    "courts.calendarday": VIEW,
    "courts.holidayrequest": ("view", "add"),  # asking for a year to be entered or corrected
    "knowledge.article": VIEW,
    "knowledge.articleversion": VIEW,
    "knowledge.feeschedule": ALL,
    # The line's configuration.
    "workorders.deadlinepolicy": EDIT,
    "workorders.escalationstep": ALL,
    "workorders.routingrule": ALL,
    "notifications.smstemplate": ALL,
    "notifications.smssettings": EDIT,
    "notifications.optout": ALL,
    "wechat.wechataccount": EDIT,  # AppID, token and EncodingAESKey of the court's official account
    "ivr.menuitem": ALL,
    "ivr.prompt": ALL,
    "appointments.slot": ALL,
    "api.apiclient": EDIT,
    # Records kept as they happened: read only (the outbox's resend action needs no more).
    "core.auditentry": VIEW,
    "workorders.workorder": VIEW,
    "workorders.deadlineevent": VIEW,
    "notifications.notification": VIEW,
    "sms.inboundsms": VIEW,
    "wechat.wechatmessage": VIEW,
    "hotline.queuedcall": VIEW,
    "appointments.booking": VIEW,
}


def _codenames(table: dict[str, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(
        f"{label.split('.')[0]}.{verb}_{label.split('.')[1]}"
        for label, verbs in table.items()
        for verb in verbs
    )


COURT_ADMINISTRATOR = _codenames(ADMINISTRATOR_PERMISSIONS)


class RoleBackend(BaseBackend):
    """Grants a court's administrator the permissions of their role (model-level only, like Django's
    ModelBackend); authenticates nobody."""

    def get_all_permissions(self, user_obj, obj=None) -> frozenset[str]:
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return frozenset()
        if not hasattr(user_obj, "_role_permissions"):  # asked many times per admin page
            may_configure = access.permits(user_obj, "config.court")
            user_obj._role_permissions = COURT_ADMINISTRATOR if may_configure else frozenset()
        return user_obj._role_permissions

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return any(perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj))
