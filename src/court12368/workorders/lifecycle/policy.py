"""A court's rules for orders: its deadline policy (and the clock made from it) and its routing table."""

from django.db import transaction

from court12368.courts.models import Court
from court12368.workorders import deadlines
from court12368.workorders.deadlines import Clock
from court12368.workorders.models import DeadlinePolicy, EscalationStep, RoutingRule
from court12368.workorders.presets import DEFAULT_PRESET, PRESETS, YIWU_ROUTING_RULES


@transaction.atomic
def apply_preset(court: Court, key: str) -> DeadlinePolicy:
    """Set the court's policy to a preset; the version goes up so orders record which rules applied."""
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


@transaction.atomic
def seed_routing_rules(court: Court) -> int:
    """Give a court the routing table of 义乌法院工单办理办法 art. 4 (once; an administrator edits it
    afterwards)."""
    if RoutingRule.objects.filter(court=court).exists():
        return 0
    RoutingRule.objects.bulk_create(
        RoutingRule(
            court=court,
            priority=(n + 1) * 10,
            name=name,
            kind=kind,
            sub_kind=sub_kind,
            target=target,
            department_kind=department_kind,
            written_report_required=report,
        )
        for n, (name, kind, sub_kind, target, department_kind, report) in enumerate(YIWU_ROUTING_RULES)
    )
    return len(YIWU_ROUTING_RULES)
