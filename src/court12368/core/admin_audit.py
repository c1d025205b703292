"""Every change made in 系统配置 (the admin) goes to the audit log with the values before and after
(MLPS 2.0 level 3, 安全审计: who changed what, and from what). Secrets are left out and phone numbers
masked, as everywhere in the audit log."""

from django.contrib.admin.utils import unquote
from django.db import transaction

from court12368.core import audit
from court12368.core.admin_scope import CourtScopedAdmin
from court12368.core.privacy import for_the_record


def _values(obj, names) -> dict:
    return {name: for_the_record(name, getattr(obj, name, None)) for name in names}


def _fields(obj) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields]


def _record(request, action: str, obj, **details) -> None:
    audit.record(
        action, channel="admin", actor=request.user, subject=obj, ip=audit.client_ip(request),
        model=obj._meta.label_lower, **details,
    )  # fmt: skip


class AuditedAdmin(CourtScopedAdmin):
    """The base of every admin page of ours: audited, and confined to the administrator's courts."""

    def save_model(self, request, obj, form, change):
        changed = [name for name in form.changed_data if name in _fields(obj) or hasattr(obj, name)]
        before = {name: for_the_record(name, form.initial.get(name)) for name in changed} if change else {}
        super().save_model(request, obj, form, change)
        if change and not changed:
            return
        action = "config.changed" if change else "config.added"
        _record(request, action, obj, before=before, after=_values(obj, changed or _fields(obj)))

    def delete_model(self, request, obj):
        before = _values(obj, _fields(obj))
        _record(request, "config.deleted", obj, before=before)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _record(request, "config.deleted", obj, before=_values(obj, _fields(obj)))
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        before = {
            inline.instance.pk: {
                name: for_the_record(name, inline.initial.get(name)) for name in inline.changed_data
            }
            for inline in formset.forms
            if inline.instance.pk and inline.has_changed()
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _record(request, "config.added", obj, after=_values(obj, _fields(obj)))
        for obj, changed in formset.changed_objects:
            _record(
                request, "config.changed", obj, before=before.get(obj.pk, {}), after=_values(obj, changed)
            )
        for obj in formset.deleted_objects:
            _record(request, "config.deleted", obj, before=_values(obj, _fields(obj)))

    def user_change_password(self, request, id, form_url=""):
        """Django's form for setting a staff member's password (reached only on the staff page, a
        UserAdmin): a password set by an administrator is audited, the password itself never."""
        before = self.get_object(request, unquote(id))
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            after = self.get_object(request, unquote(id))
            if before is not None and after is not None and after.password != before.password:
                _record(
                    request, "staff.password_reset", after,
                    username=after.get_username(), usable=after.has_usable_password(),
                )  # fmt: skip
        return response
