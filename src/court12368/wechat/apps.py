from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WechatConfig(AppConfig):
    """The WeChat channel: a court's official account answers the SMS commands by passive reply, and
    what no command answers becomes a work order for the agents."""

    name = "court12368.wechat"
    label = "wechat"
    verbose_name = _("WeChat channel")

    def ready(self) -> None:
        from court12368.core import changes
        from court12368.wechat.models import WechatAccount

        changes.track(WechatAccount)  # before and after of every change (token and key left out)
