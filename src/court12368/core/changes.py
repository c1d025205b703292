"""Before and after of every change to the records that matter, in the audit log (MLPS 2.0 安全审计:
who changed what, from what, when and from where).

Each app names its records with ``track(Model)`` when it is ready. A save of a tracked row first reads the
stored values of the fields it writes, one query by primary key, so loading rows costs nothing (an instance
this process created compares with what it wrote, without the query). A save that changes any of them, and
a delete, go to the audit log as ``<model>.changed`` / ``<model>.deleted`` with the values before and after
(secrets left out, numbers masked, see ``privacy.for_the_record``), the staff member and address of the
request (``AuditContextMiddleware``), or ``system`` for the task worker and the sweeper. New rows are not
repeated here: each has its own record (the order's timeline, the call, the booking) and its creation is
audited where it happens. Changes made in 系统配置 are recorded by the admin itself (core/admin_audit.py),
once. Bulk ``QuerySet.update()`` calls bypass this: the code uses them only for the outbox's delivery
states and the deadline sweep's bookkeeping, which have their own records (the notification row, the
order's deadline events).
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save

from court12368.core import audit
from court12368.core.models import AuditEntry
from court12368.core.privacy import for_the_record

UNKNOWN = object()  # a field not loaded (deferred): nothing to compare it with
BEFORE = "_stored_before_save"  # on the instance between its pre_save and post_save
SAVED = "_values_it_created"  # on an instance this process created, what it last wrote


@dataclass(frozen=True)
class Acting:
    actor: object
    ip: str | None
    channel: str


_acting: contextvars.ContextVar[Acting | None] = contextvars.ContextVar("court12368_acting", default=None)


@contextlib.contextmanager
def acting(actor, ip: str | None, channel: str):
    """Who the writes inside the block are made by (a request's user, lazily resolved)."""
    token = _acting.set(Acting(actor, ip, channel))
    try:
        yield
    finally:
        _acting.reset(token)


def track(model: type[Model], *, ignore: tuple[str, ...] = ()) -> None:
    """Record every change and delete of ``model`` rows; ``ignore`` names bookkeeping fields (a login
    time, a cache) whose changes say nothing."""
    fields = [f for f in model._meta.concrete_fields if f.name not in ignore and not f.primary_key]

    def loaded(instance) -> dict:
        return {f.name: instance.__dict__.get(f.attname, UNKNOWN) for f in fields}

    def written(instance, update_fields) -> list:
        """The tracked fields this save writes that the instance holds (a deferred one was never read)."""
        return [
            f for f in fields
            if f.attname in instance.__dict__
            and (update_fields is None or f.name in update_fields or f.attname in update_fields)
        ]  # fmt: skip

    def saving(sender, instance, raw, using, update_fields, **kwargs):
        instance.__dict__.pop(BEFORE, None)
        if raw or instance._state.adding or instance.pk is None or _by_the_admin():
            return  # a new row has its own record; the admin records its own changes
        tracked = written(instance, update_fields)
        if not tracked:
            return
        if SAVED in instance.__dict__:  # this instance wrote the row: what it wrote last is the before
            instance.__dict__[BEFORE] = {f.name: instance.__dict__[SAVED][f.name] for f in tracked}
            return
        stored = (
            model._base_manager.using(using)
            .filter(pk=instance.pk)
            .values(*(f.attname for f in tracked))
            .first()
        )
        if stored is not None:
            instance.__dict__[BEFORE] = {f.name: stored[f.attname] for f in tracked}

    def saved(sender, instance, created, raw, **kwargs):
        before = instance.__dict__.pop(BEFORE, None)
        after = loaded(instance)
        if created or SAVED in instance.__dict__:
            instance.__dict__[SAVED] = after  # the next save of this instance compares with this one
        if created or raw or not before:
            return
        changed = [name for name, value in before.items() if value != after[name]]
        if changed:
            _record(
                instance,
                "changed",
                before={n: before[n] for n in changed},
                after={n: after[n] for n in changed},
            )

    def deleted(sender, instance, **kwargs):
        values = {name: value for name, value in loaded(instance).items() if value is not UNKNOWN}
        _record(instance, "deleted", before=values, after={})

    pre_save.connect(saving, sender=model, weak=False, dispatch_uid=f"changes-before-{model._meta.label}")
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"changes-save-{model._meta.label}")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"changes-del-{model._meta.label}")


def differences(instance: Model, values: dict) -> tuple[dict, dict]:
    """What setting ``values`` on ``instance`` would change: (before, after), for bulk writers that
    compare before they ``bulk_update``."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    return {n: getattr(instance, n) for n in changed}, {n: values[n] for n in changed}


def record_bulk(changes: list[tuple[Model, dict, dict]]) -> None:
    """``(row, before, after)`` of a bulk update, written in one statement."""
    entries = [_entry(row, "changed", before=before, after=after) for row, before, after in changes if before]
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def _by_the_admin() -> bool:
    """系统配置 records its own changes, with the form's view of them."""
    context = _acting.get()
    return context is not None and context.channel == "admin"


def _record(instance, what: str, *, before: dict, after: dict) -> None:
    if _by_the_admin():
        return
    _entry(instance, what, before=before, after=after).save()


def _entry(instance, what: str, *, before: dict, after: dict) -> AuditEntry:
    context = _acting.get()
    return audit.unsaved(
        f"{instance._meta.label_lower}.{what}",
        channel=context.channel if context else "system",
        actor=context.actor if context else None,
        ip=context.ip if context else None,
        subject=instance,
        before={name: for_the_record(name, value) for name, value in before.items()},
        after={name: for_the_record(name, value) for name, value in after.items()},
    )
