"""A court's WeChat official account, and every message it received with the answer given."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from court12368.core.privacy import mask_phone

# What the WeChat admin console accepts: an AppID is "wx" and 16 letters or digits; the token 3 to 32
# letters or digits; the EncodingAESKey 43 letters or digits.
app_id_validator = RegexValidator(
    r"^wx[0-9A-Za-z]{16}$", _("An AppID is “wx” followed by 16 letters or digits.")
)
token_validator = RegexValidator(r"^[0-9A-Za-z]{3,32}$", _("The token is 3 to 32 letters or digits."))
aes_key_validator = RegexValidator(r"^[0-9A-Za-z]{43}$", _("The EncodingAESKey is 43 letters or digits."))


class WechatAccount(models.Model):
    """The court's official account as its WeChat admin console (基本配置 → 服务器配置) is set up."""

    class Mode(models.TextChoices):
        # The console's 消息加解密方式. In plain mode the signature covers only the URL, not the message,
        # so only safe mode proves that a message came from WeChat.
        PLAIN = "plain", _("Plain text (明文模式)")
        COMPATIBLE = "compatible", _("Compatible (兼容模式)")
        SAFE = "safe", _("Safe (安全模式, recommended)")

    court = models.OneToOneField(
        "courts.Court", verbose_name=_("court"), on_delete=models.CASCADE, related_name="wechat_account"
    )
    app_id = models.CharField(
        _("AppID"),
        max_length=18,
        unique=True,
        validators=[app_id_validator],
        help_text=_("开发者ID (AppID) from the WeChat admin console; the callback URL ends with it."),
    )
    token = models.CharField(
        _("token"),
        max_length=32,
        validators=[token_validator],
        help_text=_("The same token as in the console's server configuration (令牌 Token)."),
    )
    encoding_aes_key = models.CharField(
        _("EncodingAESKey"),
        max_length=43,
        blank=True,
        validators=[aes_key_validator],
        help_text=_("消息加解密密钥 from the console; needed for the compatible and safe modes."),
    )
    mode = models.CharField(_("message encryption"), max_length=12, choices=Mode.choices, default=Mode.SAFE)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("WeChat official account")
        verbose_name_plural = _("WeChat official accounts")

    def __str__(self) -> str:
        return f"{self.court} ({self.app_id})"


class WechatMessage(models.Model):
    """One message or event from a follower, with what it was taken to mean and the answer given (kept to
    give the same answer again when WeChat retries)."""

    class Outcome(models.TextChoices):
        CASE_STATUS = "case_status", _("Case status sent")
        QUERY_FAILED = "query_failed", _("Case query refused")
        ORDER_MESSAGE = "order_message", _("Added to a work order")
        ORDER_STATUS = "order_status", _("Progress of a matter sent")
        RATED = "rated", _("Handling rated")
        HELP = "help", _("Help sent")
        MADE_ORDER = "made_order", _("Made into a work order")
        UNSUBSCRIBE_INFO = "unsubscribe_info", _("Told how to stop SMS")
        WELCOME = "welcome", _("Welcomed a new follower")
        UNFOLLOWED = "unfollowed", _("Unfollowed the account")
        NOT_TEXT = "not_text", _("Told that only text is read")
        RATE_LIMITED = "rate_limited", _("Ignored: too many messages")

    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.CASCADE)
    # MsgId for a message; the follower and the time for an event, which has none (the protocol's advice).
    dedupe_key = models.CharField(max_length=100)
    received_at = models.DateTimeField(_("received"))
    openid = models.CharField(_("OpenID"), max_length=64)
    # What orders keep as this follower's "number" (their caller_phone holds at most 20 characters).
    caller = models.CharField(_("caller id"), max_length=20)
    msg_type = models.CharField(_("message type"), max_length=20)
    text = models.TextField(_("text"), blank=True)
    command = models.CharField(_("command"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply = models.TextField(_("reply"), blank=True)

    class Meta:
        verbose_name = _("WeChat message")
        verbose_name_plural = _("WeChat messages")
        constraints = [
            models.UniqueConstraint(fields=["court", "dedupe_key"], name="wechat_message_once"),
        ]
        indexes = [models.Index(fields=["openid", "received_at"], name="wechat_rate_idx")]

    def __str__(self) -> str:
        return f"{mask_phone(self.openid)} {self.received_at:%Y-%m-%d %H:%M}"
