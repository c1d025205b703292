"""系统配置 per court: an administrator sees, picks and changes only the courts they configure
(``restrict(user, "config.court")``: a court's administrator their court and those below it, a platform
administrator all). Rows that belong to no court (the holiday table, the knowledge base) are read by every
administrator and changed by platform administrators only; other programs' admin pages (permission groups,
the task results, login lockouts, authenticator devices) are the platform administrators' alone. A court's
administrator is no superuser: what they may do at all is their role's permissions (courts/roles.py)."""

from django.contrib import admin

from court12368.core import access

INFER = object()


def is_platform_administrator(request) -> bool:
    return access.permits(request.user, "config.platform")


def _court_path(model) -> str | None:
    if model._meta.label == "courts.Court":
        return "pk"
    return "court" if "court" in {f.name for f in model._meta.fields} else None


def configured_courts(request) -> list[int]:
    """The courts this administrator configures, worked out once per request."""
    if not hasattr(request, "_configured_courts"):
        courts = access.restrict(request.user, "config.court")
        request._configured_courts = list(courts.values_list("pk", flat=True))
    return request._configured_courts


def within_reach(request, model, rows, path: str | None):
    """``rows`` of ``model`` narrowed to the courts the user configures; unchanged for platform-wide data."""
    if path is None or is_platform_administrator(request):
        return rows
    return rows.filter(**{f"{path}__in": configured_courts(request)})


def beyond_reach(request, obj) -> list[str]:
    """The names of ``obj``'s foreign keys whose current row lies outside the user's courts."""
    if obj is None or is_platform_administrator(request):
        return []
    names = []
    for field in obj._meta.concrete_fields:
        related = field.editable and (field.many_to_one or field.one_to_one)
        path = _court_path(field.related_model) if related else None
        current = getattr(obj, field.attname) if path else None
        if current is not None:
            rows = field.related_model._default_manager.filter(**{field.remote_field.field_name: current})
            if not within_reach(request, field.related_model, rows, path).exists():
                names.append(field.name)
    return names


class ScopedChoices:
    """Drop-downs and autocompletes offer only rows of the administrator's courts (inlines use it too)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        path = _court_path(related)
        if path is not None and "queryset" not in kwargs:
            kwargs["queryset"] = within_reach(request, related, related._default_manager.all(), path)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and related._meta.label == "courts.Department" and _one_court(request):
            field.label_from_instance = lambda department: department.name  # no court name: there is one
        return field


def _one_court(request) -> bool:
    return not is_platform_administrator(request) and len(configured_courts(request)) == 1


class CourtScopedAdmin(ScopedChoices, admin.ModelAdmin):
    """``court_path`` leads from the model to its court (inferred: ``court``, or ``pk`` for courts);
    ``None`` marks rows that belong to no court."""

    court_path = INFER

    def _path(self) -> str | None:
        return _court_path(self.model) if self.court_path is INFER else self.court_path

    def get_queryset(self, request):
        return within_reach(request, self.model, super().get_queryset(request), self._path())

    def get_readonly_fields(self, request, obj=None):
        """A link to a row outside the administrator's reach (their own court's higher court, say) is
        shown, never offered: the drop-down lacks it, so a save would clear it. Read-only, it is kept."""
        fixed = list(super().get_readonly_fields(request, obj))
        return fixed + [name for name in beyond_reach(request, obj) if name not in fixed]

    def _may_change_rows(self, request) -> bool:
        return self._path() is not None or is_platform_administrator(request)

    def has_add_permission(self, request, *args):
        return self._may_change_rows(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_change_rows(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change_rows(request) and super().has_delete_permission(request, obj)


def confine_other_programs(site: admin.AdminSite) -> None:
    """Admin pages registered by libraries (not ours) open for platform administrators only."""
    for model_admin in site._registry.values():
        if isinstance(model_admin, CourtScopedAdmin):
            continue
        for name in ("has_module_permission", "has_view_permission", "has_add_permission",
                     "has_change_permission", "has_delete_permission"):  # fmt: skip
            setattr(model_admin, name, _platform_only(getattr(model_admin, name)))


def _platform_only(check):
    def confined(request, *args, **kwargs):
        return is_platform_administrator(request) and check(request, *args, **kwargs)

    return confined
