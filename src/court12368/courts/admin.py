"""Configuration screens for administrators: courts, departments, staff and hours."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from court12368.core import audit
from court12368.core.admin_audit import AuditedAdmin
from court12368.core.admin_permissions import TranslatedPermissions
from court12368.core.admin_scope import ScopedChoices, is_platform_administrator
from court12368.courts import second_factor, services
from court12368.courts.admin_import import CourtImportViews
from court12368.courts.models import (
    Court,
    CourtClosure,
    Department,
    PublicNumber,
    ServiceHours,
    Staff,
)


class ServiceHoursInline(ScopedChoices, admin.StackedInline):
    model = ServiceHours
    can_delete = False


class CourtClosureInline(ScopedChoices, admin.TabularInline):
    model = CourtClosure
    extra = 0


class DepartmentForm(forms.ModelForm):
    def clean(self):
        """The contact person (洛阳中院一号通办服务工作规范第五条第六项) works at the department's court."""
        data = super().clean()
        contact = data.get("contact_person")
        court_id = data["court"].pk if data.get("court") else self.instance.court_id
        if contact is not None and court_id and contact.court_id != court_id:
            self.add_error("contact_person", _("The contact person must work at the department's court."))
        return data


def contact_people_of(form_class, court_id) -> None:
    """Offer as contact person only the active staff of the department's court."""
    if court_id is not None and "contact_person" in form_class.base_fields:
        field = form_class.base_fields["contact_person"]
        field.queryset = field.queryset.filter(court_id=court_id, is_active=True)


class DepartmentInline(ScopedChoices, admin.TabularInline):
    model = Department
    form = DepartmentForm
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        contact_people_of(formset.form, obj.pk if obj else 0)  # a court being added has no staff yet
        return formset


class PublicNumberInline(ScopedChoices, admin.TabularInline):
    """The numbers the public dials for the court; the one shown first is its hotline (Court.hotline)."""

    model = PublicNumber
    extra = 0


@admin.register(Court)
class CourtAdmin(CourtImportViews, AuditedAdmin):  # 导入法院和人员: courts/admin_import.py
    list_display = ["code", "name", "level", "parent", "area_code", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "short_name", "region_code"]
    autocomplete_fields = ["parent"]
    inlines = [ServiceHoursInline, PublicNumberInline, CourtClosureInline, DepartmentInline]
    OWN_COURT_FIXED = ("code", "level")

    def get_readonly_fields(self, request, obj=None):
        """A court's administrator keeps their own court's identity; its higher court, outside their
        reach, is already read-only (core/admin_scope.beyond_reach). The courts below stay theirs."""
        fixed = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.court_id and not is_platform_administrator(request):
            fixed += [name for name in self.OWN_COURT_FIXED if name not in fixed]
        return fixed


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    form = DepartmentForm
    list_display = ["name", "court", "kind", "phone", "contact_person"]
    list_filter = ["kind", "court"]
    search_fields = ["name", "court__name", "court__code"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        contact_people_of(form, obj.court_id if obj else None)
        return form


class StaffChangeForm(UserChangeForm):
    sip_password = forms.CharField(
        label=_("New SIP password"),
        required=False,
        min_length=10,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "For a softphone to register with the voice line under this login (kept only as its digest). "
            "Leave empty to keep the current one."
        ),
    )
    remove_sip_password = forms.BooleanField(label=_("Withdraw the SIP password"), required=False)


@admin.register(Staff)
class StaffAdmin(TranslatedPermissions, AuditedAdmin, UserAdmin):
    list_display = ["username", "full_name", "role", "court", "department", "is_active"]
    list_filter = ["role", "court", "is_active"]
    search_fields = ["username", "full_name", "court__name"]
    form = StaffChangeForm
    autocomplete_fields = ["court", "department"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            _("Court and role"),
            {
                "fields": [
                    *("full_name", "court", "department", "role", "office_phone", "mobile", "sip_uri"),
                    *("sip_password", "remove_sip_password"),
                ]
            },
        ),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Court and role"), {"fields": ["full_name", "court", "department", "role"]}),
    ]
    PLATFORM_ONLY = ("is_staff", "is_superuser", "groups", "user_permissions")
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset two-step sign-in (lost phone)"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """A lost authenticator: the only way to remove one without its code. The list is already
        confined to the administrator's courts; each reset is audited with who did it and from where."""
        for staff in queryset:
            second_factor.reset(staff, by=request.user, ip=audit.client_ip(request))
        self.message_user(
            request,
            _(
                "Two-step sign-in was reset for %(count)d accounts; "
                "they set it up again at their next sign-in."
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )

    def get_readonly_fields(self, request, obj=None):
        """A court's administrator gives no one rights beyond a role in their courts: the rights follow
        the role (as in courts.services.create_staff)."""
        fixed = () if is_platform_administrator(request) else self.PLATFORM_ONLY
        return [*super().get_readonly_fields(request, obj), *fixed]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not is_platform_administrator(request) and "court" in form.base_fields:
            form.base_fields["court"].required = True  # no court would make a platform administrator
        return form

    def save_model(self, request, obj, form, change):
        if not is_platform_administrator(request):
            obj.take_rights_from_role()
        super().save_model(request, obj, form, change)
        password = form.cleaned_data.get("sip_password")
        withdraw = form.cleaned_data.get("remove_sip_password")
        if password or (withdraw and obj.sip_ha1):
            services.set_sip_password(obj, "" if withdraw else password, by=request.user)


# The holiday tables and the duty roster have their own screens (imported so the admin registers them).
from court12368.courts import admin_duty, admin_holidays  # noqa: E402, F401
