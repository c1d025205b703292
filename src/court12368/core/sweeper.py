"""The sweeper loop: wakes up periodically and runs every registered sweep.

Deadlines live in indexed columns; each sweep asks the database for what is due *now* and
handles it idempotently (the healthchecks/Zammad pattern), instead of one timer per order.
Each app with sweeps declares them in one place, the ``SWEEPS`` of its ``sweeps.py`` (name → function),
and its ``AppConfig.ready`` hands them to :func:`register_all`; a sweep returns how many items it handled.
"""

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, close_old_connections
from django.db.models import F
from django.utils import timezone

log = logging.getLogger(__name__)

Sweep = Callable[[], int]
_sweeps: dict[str, Sweep] = {}


def register_all(sweeps: dict[str, Sweep]) -> None:
    """Register an app's declared sweeps; a name another app already uses is a mistake."""
    for name, func in sweeps.items():
        if _sweeps.setdefault(name, func) is not func:
            raise ImproperlyConfigured(f"two sweeps are named {name!r}")


def registered() -> dict[str, Sweep]:
    return dict(_sweeps)


def sweep_once() -> dict[str, int]:
    """Run every registered sweep once; one failing sweep does not stop the others."""
    results: dict[str, int] = {}
    for name, func in _sweeps.items():
        close_old_connections()
        try:
            results[name] = func()
        except Exception:
            log.exception("sweep %s failed", name)
            results[name] = -1
    return results


def beat(name: str) -> None:
    """Note this sweeper's round (readiness and metrics read it); forget sweepers silent for a day."""
    from court12368.core.models import SweeperBeat

    now = timezone.now()
    try:
        if not SweeperBeat.objects.filter(name=name).update(beat_at=now, rounds=F("rounds") + 1):
            SweeperBeat.objects.create(name=name, beat_at=now, rounds=1)
        SweeperBeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
    except DatabaseError:
        log.exception("could not note the sweeper's round")


def run_forever(interval: float, stop: threading.Event) -> None:
    log.info("sweeper started: %d sweeps, every %ss", len(_sweeps), interval)
    name = f"{socket.gethostname()}:{os.getpid()}"
    while not stop.is_set():
        results = sweep_once()
        beat(name)
        handled = {k: v for k, v in results.items() if v}
        if handled:
            log.info("sweep results: %s", handled)
        stop.wait(interval)
    log.info("sweeper stopped")
