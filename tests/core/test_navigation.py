"""The staff navigation marks the page the user is on; the language menu switches only when asked."""

import re

import pytest
from django.urls import reverse

from court12368.courts.models import Role

pytestmark = pytest.mark.django_db


def current(body: str) -> list[str]:
    nav = body[body.index('<nav class="mainnav"') : body.index("</nav>")]
    return re.findall(r'<a href="([^"]+)" aria-current="page"', nav)


@pytest.mark.parametrize(
    ("role", "url_name"),
    [(Role.AGENT, "console"), (Role.AGENT, "order-inbox"), (Role.LEADER, "ledger"), (Role.LEADER, "kpis")],
)
def test_the_page_the_user_is_on_is_marked_in_the_navigation(client, make_staff, role, url_name):
    client.force_login(make_staff(role=role))
    assert current(client.get(reverse(url_name)).content.decode()) == [reverse(url_name)]


def test_no_link_is_marked_on_a_page_the_navigation_does_not_name(client, make_staff):
    client.force_login(make_staff(role=Role.AGENT))
    body = client.get(reverse("home"), follow=True).content.decode()
    assert current(body) in ([], [reverse("console")])  # the agent's home may be the console itself


def test_the_language_menu_has_a_button_and_no_change_handler(client, make_staff):
    client.force_login(make_staff(role=Role.AGENT))
    body = client.get(reverse("order-inbox")).content.decode()
    menu = body[body.index('<form action="/i18n/setlang/') :]
    menu = menu[: menu.index("</form>")]
    assert 'aria-label="语言"' in menu and "data-autosubmit" not in menu
    assert re.search(r'<button type="submit">切换</button>', menu)
    assert "<noscript>" not in menu
