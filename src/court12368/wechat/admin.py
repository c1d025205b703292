from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from court12368.core.admin import MaskedPhoneRecordAdmin
from court12368.core.admin_audit import AuditedAdmin
from court12368.wechat.models import WechatAccount, WechatMessage

SECRETS = ("token", "encoding_aes_key")


class WechatAccountForm(forms.ModelForm):
    """The token and the EncodingAESKey are written, never shown again: left empty, they stay as they are."""

    class Meta:
        model = WechatAccount
        fields = ["court", "app_id", "token", "encoding_aes_key", "mode", "active"]
        widgets = {name: forms.PasswordInput(render_value=False) for name in SECRETS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in SECRETS:
                self.fields[name].required = False
                self.fields[name].help_text = _("Set; leave empty to keep it.")

    def _kept(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        return value or (getattr(self.instance, name) if self.instance.pk else "")

    def clean_token(self):
        return self._kept("token")

    def clean_encoding_aes_key(self):
        return self._kept("encoding_aes_key")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") != WechatAccount.Mode.PLAIN and not cleaned.get("encoding_aes_key"):
            self.add_error("encoding_aes_key", _("The compatible and safe modes need the EncodingAESKey."))
        return cleaned


@admin.register(WechatAccount)
class WechatAccountAdmin(AuditedAdmin):
    form = WechatAccountForm
    list_display = ["court", "app_id", "mode", "active", "callback_url", "updated_at"]  # no secrets
    list_filter = ["mode", "active"]

    @admin.display(description=_("URL for the WeChat console"))
    def callback_url(self, obj):
        return reverse("wechat-callback", kwargs={"app_id": obj.app_id})


@admin.register(WechatMessage)
class WechatMessageAdmin(MaskedPhoneRecordAdmin):
    phone_field = "openid"
    list_display = ["received_at", "masked_phone", "court", "msg_type", "command", "outcome", "order"]
    list_filter = ["outcome", "msg_type", "court"]
