"""Readiness (may this web process take requests?) and the core's gauges for /metrics.

Liveness is /api/v1/health: the process answers. Readiness is /api/v1/ready: the database answers, every
migration is applied, the static files are collected, the data dir takes a write and Redis answers
(where it is configured); a load balancer sends no traffic to a process that is not ready. The sweepers'
last rounds, the task queue's oldest waiting task and whether the voice line can speak are reported beside
it (they concern the other processes, so they do not make this one unready) and go to /metrics."""

import json
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from court12368.core.metrics import gauge
from court12368.core.models import AuditEntry, SweeperBeat

_migrated = False  # once every migration is seen applied, a process does not ask again


def _database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return f"database unreachable: {error}"
    return None


def _migrations() -> str | None:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return f"{len(plan)} migrations not applied (run court12368 manage migrate)"
        _migrated = True
    return None


def _storage() -> str | None:
    try:
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)  # a new install has made none yet
        with tempfile.NamedTemporaryFile(dir=settings.MEDIA_ROOT, prefix=".ready-") as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError as error:
        return f"data dir not writable: {error}"
    return None


def _static_files() -> str | None:
    """Pages name their CSS and scripts through the collected manifest: without it every page is a 500."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest and not staticfiles_storage.exists(manifest):
        return "static files not collected (run court12368 manage collectstatic)"
    return None


def _shared_cache() -> str | None:
    """With Redis configured, signed-in pages read their session from it: no Redis, no service."""
    from django.core.cache import cache

    try:
        cache.set("ready-probe", "ok", timeout=10)
        if cache.get("ready-probe") != "ok":
            return "the cache does not keep what is written to it"
    except Exception as error:  # the Redis client's own errors (ConnectionError, TimeoutError …)
        return f"Redis unreachable: {error}"
    return None


CHECKS = (("database", _database), ("storage", _storage), ("static", _static_files))


def readiness() -> tuple[bool, dict]:
    started = time.perf_counter()
    problems = {name: check() for name, check in CHECKS}
    if settings.REDIS_URL:
        problems["cache"] = _shared_cache()
    if problems["database"] is None:
        problems["migrations"] = _migrations()
    ready = not any(problems.values())
    report = {
        "status": "ready" if ready else "not_ready",
        "checks": {name: problem or "ok" for name, problem in problems.items()},
        "seconds": round(time.perf_counter() - started, 4),
    }
    if problems["database"] is None:  # the other processes, for whoever watches (no names: this is public)
        ages = sorted(age for _name, age in _sweeper_ages())
        report["sweepers"] = {"running": len(ages), "last_round_seconds_ago": ages[0] if ages else None}
    if (line := voice_line()) is not None:
        report["voice_line"] = line
    return ready, report


def voice_line_state() -> Path:
    """Where the voice line records at start whether it can speak (ivr/readiness.py)."""
    return Path(settings.DATA_DIR) / "ivr" / "line.json"


def voice_line() -> str | None:
    """ "ok", why the voice line takes no calls, or None where no line has started on this data dir."""
    try:
        state = json.loads(voice_line_state().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return "ok" if state.get("taking_calls") else state.get("problem") or "not taking calls"


def _sweeper_ages():
    now = timezone.now()
    for name, beat_at in SweeperBeat.objects.values_list("name", "beat_at"):
        yield name, round((now - beat_at).total_seconds(), 1)


@gauge("court12368_sweeper_last_round_age_seconds", "Seconds since each sweeper's last round", ("sweeper",))
def sweeper_ages():
    return [({"sweeper": name}, age) for name, age in _sweeper_ages()]


@gauge("court12368_audit_unsealed_entries", "Audit entries waiting to be sealed into the hash chain")
def unsealed_audit_entries():
    return [({}, AuditEntry.objects.filter(seq__isnull=True).count())]
