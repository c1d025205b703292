"""The home page's counts of work orders (to do, overdue, due today) for the workspaces in courts/, which
may not import this room: the template asks here instead (docs/architecture.md, the rooms' layers)."""

from django import template

from court12368.workorders import queries

register = template.Library()


@register.simple_tag
def order_counts(user) -> dict[str, int]:
    return queries.home_counts(user)
