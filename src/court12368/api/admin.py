from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from court12368.api import services
from court12368.api.models import ApiClient, Scope
from court12368.core import audit
from court12368.core.admin_audit import AuditedAdmin


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = ApiClient
        fields = ["name", "court", "scopes", "expires_at", "is_active"]


@admin.register(ApiClient)
class ApiClientAdmin(AuditedAdmin):
    form = ApiClientForm
    list_display = ["name", "court", "scopes", "token_hint", "is_active", "expires_at", "created_at"]
    list_filter = ["is_active", "court"]
    fields = ["name", "court", "scopes", "expires_at", "is_active", "token_hint"]
    readonly_fields = ["token_hint"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)  # audited with the values before and after
            return
        client, token = services.create_client(
            name=obj.name, court=obj.court, scopes=obj.scopes, expires_at=obj.expires_at,
            actor=request.user, ip=audit.client_ip(request), channel="admin",
        )  # fmt: skip
        obj.pk = client.pk
        messages.warning(
            request,
            _("The token is shown only this once; give it to the client now: %(token)s") % {"token": token},
        )

    @admin.action(description=_("Revoke the selected clients"))
    def revoke(self, request, queryset):
        for client in queryset:
            services.revoke(client, actor=request.user, ip=audit.client_ip(request), channel="admin")
