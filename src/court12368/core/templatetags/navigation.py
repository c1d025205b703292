"""The main navigation marks the page the user is on (WCAG 2.4.8: aria-current plus a visible style)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def current_page(context, url_name: str) -> str:
    """` aria-current="page"` inside a nav link's tag when the request is for that link's page."""
    request = context.get("request")
    try:
        here = request is not None and request.path == reverse(url_name)
    except NoReverseMatch:
        here = False
    return mark_safe(' aria-current="page"') if here else ""  # noqa: S308 (a constant)
