"""The ways the public reaches the court (12368 by phone and voicemail, SMS, the portal, WeChat, the app,
the service window): one vocabulary for the call log (hotline) and the order timeline (workorders)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    VOICEMAIL = "voicemail", _("Voicemail")
    SMS = "sms", _("SMS")
    WEB = "web", _("Web portal")
    WECHAT = "wechat", _("WeChat")
    APP = "app", _("Mobile app")
    WINDOW = "window", _("Service window")
