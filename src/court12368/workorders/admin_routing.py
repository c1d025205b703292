"""系统配置: a court's routing table (义乌法院工单办理办法第四条, 洛阳中院一号通办服务工作规范第五条), a
"test this rule" box and a reset to a preset. A court's administrator sees and changes only the rules of
their courts (AuditedAdmin: scoped and audited); the writes are in workorders/routing_config.py."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from court12368.core import audit
from court12368.core.admin_audit import AuditedAdmin
from court12368.core.admin_scope import within_reach
from court12368.courts.models import Court
from court12368.workorders import routing_config
from court12368.workorders.lifecycle import policy
from court12368.workorders.models import OrderKind, RoutingRule, SubKind
from court12368.workorders.presets import DEFAULT_PRESET, PRESETS

GAPS_SHOWN = 20  # a platform administrator's list names the first courts with gaps, then counts the rest


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = [
            "court",
            "priority",
            "name",
            "kind",
            "sub_kind",
            "target",
            "department_kind",
            "written_report_required",
            "is_active",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target"):  # an invalid target already has its own error
            try:
                routing_config.check_target(cleaned["target"], cleaned.get("department_kind", ""))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class CourtChoiceForm(forms.Form):
    court = forms.ModelChoiceField(label=_("court"), queryset=Court.objects.none())

    def __init__(self, *args, courts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts
        only = list(courts[:2])
        if len(only) == 1 and not self.initial.get("court"):  # a court's own administrator: their court
            self.initial["court"] = only[0].pk


class RuleTrialForm(CourtChoiceForm):
    kind = forms.ChoiceField(label=_("type"), choices=OrderKind.choices)
    sub_kind = forms.ChoiceField(label=_("sub-kind"), choices=[("", "—"), *SubKind.choices], required=False)
    case_number = forms.CharField(
        label=_("case number"),
        max_length=64,
        required=False,
        help_text=_("Optional: the judge in charge and their department come from the case."),
    )

    def clean(self):
        cleaned = super().clean()
        number, court = cleaned.get("case_number"), cleaned.get("court")
        cleaned["case"] = routing_config.find_case(court, number) if number and court else None
        if number and court and cleaned["case"] is None:
            self.add_error("case_number", _("This court has no case with this number."))
        return cleaned


class PresetResetForm(CourtChoiceForm):
    preset = forms.ChoiceField(
        label=_("preset"),
        choices=[(key, preset.name) for key, preset in PRESETS.items()],
        initial=DEFAULT_PRESET,
        widget=forms.RadioSelect,
    )


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    form = RoutingRuleForm
    list_display = [
        "priority",
        "name",
        "court",
        "kind",
        "sub_kind",
        "target",
        "department_kind",
        "written_report_required",
        "urgent",
        "is_active",
    ]
    list_display_links = ["name"]
    list_filter = [("court", admin.RelatedOnlyFieldListFilter), "kind", "target", "is_active"]
    search_fields = ["name"]
    ordering = ["court", "priority", "pk"]

    @admin.display(boolean=True, description=_("urgent"))
    def urgent(self, rule):
        """No field of its own: an urgent matter is the sub-kind the hotline gives urgent calls."""
        return rule.sub_kind == SubKind.URGENT

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("try/", self.admin_site.admin_view(self.trial_view), name=f"{info}_trial"),
            path("reset/", self.admin_site.admin_view(self.reset_view), name=f"{info}_reset"),
            *super().get_urls(),
        ]

    def _courts(self, request):
        return within_reach(request, Court, Court.objects.filter(is_active=True), "pk")

    def _may_reset(self, request) -> bool:
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def changelist_view(self, request, extra_context=None):
        courts = self._courts(request)
        chosen = request.GET.get("court__id__exact")
        if chosen and chosen.isdigit():
            courts = courts.filter(pk=chosen)
        gaps = routing_config.gaps(courts)
        extra_context = {
            **(extra_context or {}),
            "routing_gaps": gaps[:GAPS_SHOWN],
            "routing_gaps_more": max(len(gaps) - GAPS_SHOWN, 0),
            "chosen_court": chosen if chosen and chosen.isdigit() else "",
            "may_reset": self._may_reset(request),
        }
        return super().changelist_view(request, extra_context)

    def _page(self, request, template: str, title, **context):
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **context}
        return TemplateResponse(request, f"admin/workorders/routingrule/{template}", context)

    def trial_view(self, request):
        """Where a sample request would go today; reads only, so a GET form."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        asked = "kind" in request.GET  # a link from the list names only the court
        form = RuleTrialForm(
            request.GET if asked else None,
            initial={"court": request.GET.get("court")},
            courts=self._courts(request),
        )
        result = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            result = routing_config.trial(data["court"], data["kind"], data["sub_kind"], data["case"])
        return self._page(request, "trial.html", _("Test the routing rules"), form=form, trial=result)

    def reset_view(self, request):
        if not self._may_reset(request):
            raise PermissionDenied
        form = PresetResetForm(
            request.POST if request.method == "POST" else None,
            courts=self._courts(request),
            initial={"court": request.GET.get("court")},
        )
        if form.is_bound and form.is_valid():
            court, key = form.cleaned_data["court"], form.cleaned_data["preset"]
            count = routing_config.reset_to_preset(court, key, by=request.user, ip=audit.client_ip(request))
            self.message_user(
                request,
                _("The routing rules of %(court)s were replaced with the %(count)d rules of “%(preset)s”.")
                % {"court": court, "count": count, "preset": PRESETS[key].name},
                messages.SUCCESS,
            )
            changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            return redirect(f"{changelist}?court__id__exact={court.pk}")
        presets = [(preset.name, policy.preset_rules(None, key)) for key, preset in PRESETS.items()]
        return self._page(
            request, "reset.html", _("Reset routing rules to a preset"), form=form, presets=presets
        )
