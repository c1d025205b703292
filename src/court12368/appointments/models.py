"""Appointment slots a court publishes per department, and the bookings made in them.

Each booking is also a work order (type "other", sub-kind appointment_*), dispatched to the
slot's department, so handlers see it in their inbox and it counts in the ledger like any request.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from court12368.core.privacy import mask_phone
from court12368.workorders.models import SubKind


class Service(models.TextChoices):
    FILING = "filing", _("Case filing")
    MEDIATION = "mediation", _("Mediation")
    MEET_JUDGE = "meet_judge", _("Meeting a judge")
    VIDEO_PETITION = "video_petition", _("Video petition")


SUB_KINDS = {
    Service.FILING: SubKind.APPOINTMENT_FILING,
    Service.MEDIATION: SubKind.APPOINTMENT_MEDIATION,
    Service.MEET_JUDGE: SubKind.APPOINTMENT_JUDGE,
    Service.VIDEO_PETITION: SubKind.APPOINTMENT_VIDEO_PETITION,
}


class Slot(models.Model):
    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.CASCADE)
    department = models.ForeignKey(
        "courts.Department", verbose_name=_("department"), on_delete=models.PROTECT
    )
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    place = models.CharField(_("place"), max_length=100, blank=True)
    is_open = models.BooleanField(_("open for booking"), default=True)

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["court", "service", "starts_at"], name="slot_lookup_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    slot = models.ForeignKey(Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="bookings")
    code = models.CharField(_("booking code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20)
    matter = models.TextField(_("matter"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=16, default="web")
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            # One person, one place in a slot.
            models.UniqueConstraint(
                fields=["slot", "phone"], condition=Q(status="booked"), name="one_booking_per_phone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.slot} · {self.name} {mask_phone(self.phone)}"

    @property
    def court_id(self) -> int:
        """The slot's court: the court the audit log files a booking's entries under."""
        return self.slot.court_id
