"""A court's rules for orders: its deadline policy (and the clock made from it) and its routing table,
both started from a preset (workorders/presets.py) when the court is created."""

import contextlib
import contextvars

from django.db import transaction

from court12368.courts.models import Court
from court12368.workorders import deadlines
from court12368.workorders.deadlines import Clock
from court12368.workorders.models import DeadlinePolicy, EscalationStep, RoutingRule
from court12368.workorders.presets import DEFAULT_PRESET, PRESETS


@transaction.atomic
def apply_preset(court: Court, key: str) -> DeadlinePolicy:
    """Set the court's policy to a preset; the version goes up so orders record which rules applied.
    A policy that already is the preset is left as it is (applying it again is no change)."""
    preset = PRESETS[key]
    policy = DeadlinePolicy.objects.select_for_update().filter(court=court).first()
    fields = {
        "name": preset.name,
        "dispatch_amount": preset.dispatch[0],
        "dispatch_unit": preset.dispatch[1],
        "reply_amount": preset.reply[0],
        "reply_unit": preset.reply[1],
        "warn_before_hours": preset.warn_before_hours,
        "repeat_call_counts_as_overdue": preset.repeat_call_counts_as_overdue,
    }
    if policy is None:
        policy = DeadlinePolicy.objects.create(court=court, **fields)
    elif _is_preset(policy, fields, preset.steps):
        return policy
    else:
        for name, value in fields.items():
            setattr(policy, name, value)
        policy.version += 1
        policy.save()
        policy.steps.all().delete()
    EscalationStep.objects.bulk_create(
        EscalationStep(policy=policy, level=level, target=target, after_amount=amount, after_unit=unit)
        for level, (target, amount, unit) in enumerate(preset.steps, start=1)
    )
    return policy


def _is_preset(policy: DeadlinePolicy, fields: dict, steps) -> bool:
    current = list(policy.steps.order_by("level").values_list("target", "after_amount", "after_unit"))
    return all(getattr(policy, name) == value for name, value in fields.items()) and current == list(steps)


@transaction.atomic
def save_policy(policy: DeadlinePolicy) -> DeadlinePolicy:
    """Save an administrator's edit; the version goes up when an existing policy changes."""
    if policy.pk:
        policy.version = DeadlinePolicy.objects.select_for_update().get(pk=policy.pk).version + 1
    policy.full_clean()
    policy.save()
    return policy


def policy_for(court: Court) -> DeadlinePolicy:
    policy = DeadlinePolicy.objects.filter(court=court).select_related("court").first()
    return policy or apply_preset(court, DEFAULT_PRESET)


def clock_for(court: Court) -> Clock:
    """The court's deadline clock (kept a minute per process: workorders/deadlines.py)."""
    return deadlines.cached_clock(court.pk) or deadlines.keep_clock(court.pk, Clock(policy_for(court)))


# ---- the routing table ---------------------------------------------------------------------------------
RULE_FIELDS = ("priority", "name", "kind", "sub_kind", "target", "department_kind",
               "written_report_required", "is_active")  # fmt: skip


def preset_rules(court: Court | None, key: str) -> list[RoutingRule]:
    """The preset's table as unsaved rows (with no court: to show it), 10 apart so an administrator can
    slot rules in between."""
    return [
        RoutingRule(
            court=court,
            priority=(n + 1) * 10,
            name=rule.name,
            kind=rule.kind,
            sub_kind=rule.sub_kind,
            target=rule.target,
            department_kind=rule.department_kind,
            written_report_required=rule.written_report,
        )
        for n, rule in enumerate(PRESETS[key].routing_rules)
    ]


@transaction.atomic
def seed_routing_rules(court: Court, key: str = DEFAULT_PRESET) -> int:
    """Give a court with no routing rules the preset's table (once: a court that has rules keeps them,
    an administrator edits them afterwards). How many rules were added."""
    Court.objects.select_for_update().filter(pk=court.pk).first()  # two seeders of one court queue here
    if RoutingRule.objects.filter(court=court).exists():
        return 0
    return len(RoutingRule.objects.bulk_create(preset_rules(court, key)))


@transaction.atomic
def replace_routing_rules(court: Court, key: str) -> tuple[list[dict], list[dict]]:
    """Replace the court's whole table with the preset's; (before, after), each rule as its fields.
    Orders keep the name of the rule that routed them (``routed_by``), so deleting rules loses nothing."""
    Court.objects.select_for_update().filter(pk=court.pk).first()
    existing = RoutingRule.objects.filter(court=court).order_by("priority", "pk")
    before = [rule_fields(rule) for rule in existing]
    existing.delete()
    created = RoutingRule.objects.bulk_create(preset_rules(court, key))
    return before, [rule_fields(rule) for rule in created]


def rule_fields(rule: RoutingRule) -> dict:
    return {name: getattr(rule, name) for name in RULE_FIELDS}


# ---- a new court ------------------------------------------------------------------------------------
_starting_preset: contextvars.ContextVar[str] = contextvars.ContextVar(
    "court12368_starting_preset", default=DEFAULT_PRESET
)


@contextlib.contextmanager
def courts_start_from(key: str):
    """Courts created inside the block start from preset ``key`` instead of the default (the demo data,
    an import of a province that follows one court's rules)."""
    PRESETS[key]  # an unknown key fails here, not at the first court
    token = _starting_preset.set(key)
    try:
        yield
    finally:
        _starting_preset.reset(token)


@transaction.atomic
def start_court(court: Court, key: str | None = None) -> None:
    """A court's deadline policy and routing table from a preset, where it has none yet: idempotent, so
    the demo data, an import and the signal below may all call it."""
    key = key or _starting_preset.get()
    if not DeadlinePolicy.objects.filter(court=court).exists():
        apply_preset(court, key)
    seed_routing_rules(court, key)


def court_created(sender, instance: Court, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save of Court (connected in workorders/apps.py): a court added in the admin, by an import or
    by the demo starts with rules, so its first call routes. Fixtures (``raw``) bring their own."""
    if created and not raw:
        start_court(instance)
