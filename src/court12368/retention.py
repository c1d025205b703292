"""Retention of personal data (个人信息保护法 art. 19: kept no longer than the purpose needs).

The sweeper purges once a local day (the reports room's ``personal_data_purge`` sweep), and
`court12368 purge` does it by hand: call recordings older than `KEEP_RECORDINGS_DAYS` are deleted, and
callers' numbers and names older than `KEEP_PERSONAL_DAYS` masked in calls, queued calls, incoming SMS,
WeChat messages (the OpenID, the text and the answer) and closed work orders. Rows are kept, so the
ledger and the statistics stay whole; what made them personal goes. Each run is audited with its counts.
Like `cli.py`, this module reaches across the rooms on purpose: it is the one place that knows where
personal data lies.
"""

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from court12368.core import audit
from court12368.core.models import AuditEntry
from court12368.core.privacy import mask_phone
from court12368.hotline.models import Call, QueuedCall
from court12368.sms.models import InboundSms
from court12368.wechat.models import WechatMessage
from court12368.workorders.models import OrderState, WorkOrder

BATCH = 2000
PURGED = "privacy.purged"  # the audit action of a purge, also how the sweeper knows the day's is done


@dataclass
class Purged:
    recordings: int = 0
    calls: int = 0
    queued_calls: int = 0
    sms: int = 0
    wechat: int = 0
    orders: int = 0


def purge(now: dt.datetime | None = None, *, dry_run: bool = False) -> Purged:
    now = now or timezone.now()
    done = Purged()
    if settings.KEEP_RECORDINGS_DAYS:
        done.recordings = _recordings(now - dt.timedelta(days=settings.KEEP_RECORDINGS_DAYS), dry_run)
    if settings.KEEP_PERSONAL_DAYS:
        before = now - dt.timedelta(days=settings.KEEP_PERSONAL_DAYS)
        done.calls = _mask(Call.objects.filter(rang_at__lt=before), "caller_number", "caller_name", dry_run)
        done.queued_calls = _mask(
            QueuedCall.objects.filter(entered_at__lt=before), "caller_number", None, dry_run
        )
        done.sms = _mask(InboundSms.objects.filter(received_at__lt=before), "phone", None, dry_run, text=True)
        old_wechat = WechatMessage.objects.filter(received_at__lt=before)
        done.wechat = _mask(old_wechat, "openid", None, dry_run, text=True)
        if not dry_run:
            old_wechat.exclude(reply="").update(reply="")  # an answer may name the case and its judge
        closed = WorkOrder.objects.filter(state=OrderState.CLOSED, closed_at__lt=before)
        done.orders = _mask(closed, "caller_phone", "caller_name", dry_run)
    if not dry_run:
        audit.record(PURGED, channel="system", **asdict(done))
    return done


def purge_once_a_day(now: dt.datetime | None = None) -> int:
    """The sweeper's purge: the first sweep of each local day purges, the rest find that day's
    ``privacy.purged`` entry in the audit log and leave it (a purge by hand counts as the day's). Two
    sweepers that start the same day at once may both purge, which changes nothing the second time.
    Returns how many recordings and rows it purged."""
    now = now or timezone.now()
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time.min))
    if AuditEntry.objects.filter(action=PURGED, at__gte=midnight).exists():
        return 0
    return sum(asdict(purge(now)).values())


def _recordings(before: dt.datetime, dry_run: bool) -> int:
    folder = Path(settings.RECORDINGS_DIR)
    if not folder.exists():
        return 0
    old = [p for p in folder.rglob("*.wav") if p.stat().st_mtime < before.timestamp()]
    if not dry_run:
        for path in old:
            Call.objects.filter(recording_ref=str(path)).update(recording_ref="")
            path.unlink(missing_ok=True)
    return len(old)


def _mask(rows, number_field: str, name_field: str | None, dry_run: bool, text: bool = False) -> int:
    """Mask what is not masked yet, in batches; returns how many rows changed (or would)."""
    pending = rows.exclude(**{f"{number_field}__contains": "*"}).exclude(**{number_field: ""})
    if dry_run:
        return pending.count()
    changed = 0
    fields = [number_field] + ([name_field] if name_field else []) + (["text"] if text else [])
    while True:
        batch = list(pending.only("pk", *fields)[:BATCH])
        if not batch:
            return changed
        for row in batch:
            setattr(row, number_field, mask_phone(getattr(row, number_field)) or "*")
            if name_field:
                setattr(row, name_field, "")
            if text:
                row.text = ""  # an SMS may carry a name, an ID number or a service password
        with transaction.atomic():
            type(batch[0]).objects.bulk_update(batch, fields)
        changed += len(batch)
