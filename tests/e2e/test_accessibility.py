"""The main pages of every role, checked in Chromium with axe-core: every control has a name (a label,
aria-label or aria-labelledby), every button says what it does, and text meets WCAG AA contrast.

axe-core is pinned with its sha512 in core/frontend/package-lock.json and fetched by `court12368 assets`
like ECharts; it is injected into the page only here (the pages never load it).
"""

import json

import pytest

from court12368.core import assets
from tests.e2e.staff import sign_in

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# The axe rules this test holds every page to (WCAG 2 A/AA): form fields, selects and buttons with an
# accessible name, and text contrast.
RULES = [
    "label",
    "select-name",
    "button-name",
    "input-button-name",
    "aria-input-field-name",
    "link-name",
    "color-contrast",
]
PAGES = {
    "chaoyang.agent": ["/", "/console/", "/orders/", "order"],
    "chaoyang.leader": ["/", "/reports/ledger/", "/reports/kpis/", "/reports/dashboard/"],
}


@pytest.fixture(scope="module")
def axe_script():
    script = assets.VENDOR / "axe-core" / "axe.min.js"
    if not script.is_file():
        try:
            assets.install()
        except assets.AssetError as error:
            pytest.skip(f"axe-core is not installed and cannot be fetched (court12368 assets): {error}")
    return script


@pytest.fixture
def audited(browser, axe_script):
    """A page whose context lets axe in despite the Content Security Policy (the pages' own scripts
    still carry their nonces); `check()` runs axe on what is shown and returns the violations."""
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()

    def check(name: str) -> list[str]:
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'rule', values: rules},"
            " resultTypes: ['violations']})",
            RULES,
        )
        assert result["passes"] or result["violations"], f"{name}: axe checked nothing"
        return [
            f"{name}: {violation['id']} {node['target']} {node['html'][:160]}"
            for violation in result["violations"]
            for node in violation["nodes"]
        ]

    page.check = check
    yield page
    context.close()


def test_the_main_staff_pages_pass_axe(served, audited):
    audited.goto(served.url + "/login/")
    violations = audited.check("login")
    for username, paths in PAGES.items():
        sign_in(audited, served, username)
        for path in paths:
            if path == "order":  # the first order of the agent's inbox
                audited.goto(served.url + "/orders/")
                audited.locator("a[href^='/orders/20']").first.click()
                path = audited.url.removeprefix(served.url)
            else:
                response = audited.goto(served.url + path)
                assert response.ok, (path, response.status)
            violations += audited.check(f"{username} {path}")
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)


def test_the_portal_on_a_phone_passes_axe(served, audited):
    audited.set_viewport_size(PHONE)
    violations = []
    for path in ["/portal/", "/portal/c/京0105/", "/portal/c/京0105/case/"]:
        response = audited.goto(served.url + path)
        assert response.ok, (path, response.status)
        violations += audited.check(path)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)


def test_the_language_menu_switches_on_its_button_or_enter_not_while_arrowing(served, audited):
    audited.goto(served.url + "/portal/")
    menu = audited.locator("select[name=language]")
    menu.focus()
    menu.press("ArrowDown")  # arrowing through the languages: the page stays
    menu.select_option("en")
    audited.wait_for_timeout(300)
    assert audited.locator("html").get_attribute("lang") == "zh-hans"
    with audited.expect_navigation():
        menu.press("Enter")
    assert audited.locator("html").get_attribute("lang") == "en"
    audited.locator("select[name=language]").select_option("zh-hans")
    with audited.expect_navigation():
        audited.get_by_role("button", name="Switch").click()
    assert audited.locator("html").get_attribute("lang") == "zh-hans"


def test_the_navigation_marks_the_current_page(served, audited):
    sign_in(audited, served, "chaoyang.leader")
    audited.goto(served.url + "/reports/kpis/")
    current = audited.locator(".mainnav a[aria-current=page]")
    assert current.count() == 1 and current.get_attribute("href") == "/reports/kpis/"
    style = "a => [getComputedStyle(a).fontWeight, getComputedStyle(a).borderBottomWidth]"
    other = audited.locator(".mainnav a:not([aria-current])").first
    assert current.evaluate(style) != other.evaluate(style)  # seen, not only announced
