"""系统配置: the duty judges' roster (洛阳中院一号通办服务工作规范第七条), row by row; the head of the
litigation service centre arranges it as a grid on the staff page (courts/roster_views.py)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from court12368.core.admin_audit import AuditedAdmin
from court12368.core.admin_scope import within_reach
from court12368.courts.models import DutyShift, HalfDay, Staff
from court12368.courts.queries import JUDGE_ROLES


class DutyShiftForm(forms.ModelForm):
    class Meta:
        model = DutyShift
        fields = ["court", "date", "half", "judge", "note"]

    def clean(self):
        """A day is either one whole-day shift or its halves, so who is on duty is never ambiguous."""
        data = super().clean()
        court, date, half = data.get("court"), data.get("date"), data.get("half")
        if not (court and date and half):
            return data
        others = DutyShift.objects.filter(court=court, date=date).exclude(pk=self.instance.pk)
        clash = (
            others.exclude(half=HalfDay.WHOLE_DAY)
            if half == HalfDay.WHOLE_DAY
            else others.filter(half=HalfDay.WHOLE_DAY)
        )
        if clash.exists():
            raise ValidationError(
                _("This day already has a whole-day shift or half-day shifts; change those instead.")
            )
        judge = data.get("judge")
        if judge is not None and judge.role not in JUDGE_ROLES:
            self.add_error("judge", _("Only a judge of the court can take a turn as duty judge."))
        return data


@admin.register(DutyShift)
class DutyShiftAdmin(AuditedAdmin):
    form = DutyShiftForm
    list_display = ["date", "half", "judge", "court", "note"]
    list_filter = ["court", "half"]
    date_hierarchy = "date"
    search_fields = ["judge__full_name", "judge__username", "note"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """The judge is picked among the active judges of the administrator's courts."""
        if db_field.name == "judge":
            judges = Staff.objects.filter(role__in=JUDGE_ROLES, is_active=True).select_related("court")
            kwargs["queryset"] = within_reach(request, Staff, judges, "court")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
