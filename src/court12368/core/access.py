"""Who may do what to which rows: ``restrict(principal, action)`` is the one door.

Each app declares the actions on its own objects in its ``access.py`` (registered with ``@rule`` when the
app is ready), so the role logic of a room lives in that room while every list, detail, export and API
endpoint asks here. A rule gets a signed-in staff member or an API client and returns the rows that
principal may act on, or ``None`` when the action is not theirs at all; ``restrict`` turns that into
``PermissionDenied`` (a 403 page, or the API's structured 403). An action nobody declared is a
programming error, never a silent yes.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

Rule = Callable[[object], QuerySet | None]
_RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(decide: Rule) -> Rule:
        if action in _RULES and _RULES[action] is not decide:
            raise ImproperlyConfigured(f"two access rules for {action!r}")
        _RULES[action] = decide
        return decide

    return register


def actions() -> list[str]:
    return sorted(_RULES)


def restrict(principal, action: str) -> QuerySet:
    """The rows ``principal`` may ``action``; PermissionDenied when the action is not theirs.

    Anonymous visitors are refused here, before any rule, so no rule can forget them."""
    try:
        decide = _RULES[action]
    except KeyError:
        raise LookupError(f"no access rule declares {action!r}") from None
    if principal is None or not getattr(principal, "is_authenticated", True):
        raise PermissionDenied
    rows = decide(principal)
    if rows is None:
        raise PermissionDenied
    return rows


def permits(principal, action: str, obj: Model | None = None) -> bool:
    """Whether ``principal`` may ``action`` at all, or on ``obj`` in particular (for showing buttons)."""
    try:
        rows = restrict(principal, action)
    except PermissionDenied:
        return False
    return obj is None or rows.filter(pk=obj.pk).exists()


def get_or_404(principal, action: str, **lookup) -> Model:
    """One object by ``lookup`` among those ``principal`` may ``action``: out of scope reads as absent."""
    return get_object_or_404(restrict(principal, action), **lookup)
