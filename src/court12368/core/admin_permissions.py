"""Permissions named in the user's language in the admin's rights boxes.

Django stores a permission's name once, in English, when it is created ("Can add staff"), so the platform
administrator's staff and group pages listed "courts | staff | Can add staff" in a Chinese page. The label
is rebuilt at display time from what is translated: the app's and the model's verbose names and the
default action in the permission's codename. Nothing stored changes.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:  # a model since removed: its stored name is all there is
        return f"{content_type.app_label} | {permission.name}"
    action, _sep, _rest = permission.codename.partition("_")
    opts = model._meta
    template = ACTIONS.get(action) if permission.codename == f"{action}_{opts.model_name}" else None
    name = template % {"model": opts.verbose_name} if template else _(permission.name)
    return f"{opts.app_config.verbose_name} | {opts.verbose_name} | {name}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class TranslatedPermissions:
    """An admin mixin: its many-to-many fields to Permission list the permissions translated."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Permission:
            kwargs.setdefault("queryset", Permission.objects.select_related("content_type"))
            kwargs["form_class"] = PermissionChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(Group)


@admin.register(Group)
class TranslatedGroupAdmin(TranslatedPermissions, GroupAdmin):
    pass
