"""Every page keeps to the Content Security Policy: no inline script without its nonce, nothing from
elsewhere. Each page is opened in a real browser that records every violation; there must be none."""

import re

import pytest

from tests.e2e.staff import sign_in

pytestmark = pytest.mark.browser
RECORD = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""
PUBLIC = ["/login/", "/portal/", "/portal/faq/", "/portal/calculators/", "/portal/track/",
          "/portal/c/京0105/", "/portal/c/京0105/case/", "/portal/c/京0105/submit/",
          "/portal/c/京0105/appointments/", "/portal/appointments/cancel/"]  # fmt: skip
BY_ROLE = {
    "chaoyang.agent": ["/", "/console/", "/orders/", "/orders/callbacks/", "/sms/inbox/", "/cases/lookup/",
                       "/knowledge/search/?q=立案", "/knowledge/calculators/", "/appointments/",
                       "/reports/ledger/?start=2026-11-01&end=2026-11-30", "/account/second-factor/"],
    "chaoyang.leader": ["/reports/dashboard/", "/reports/kpis/", "/reports/assessment/", "/reports/hotspots/",
                        "/reports/circulars/"],
    "chaoyang.admin": ["/admin/", "/admin/courts/staff/", "/admin/workorders/workorder/",
                       "/admin/core/auditentry/", "/admin/courts/staff/add/",
                       "/admin/appointments/slot/add/"],
}  # fmt: skip


def visit(page, url) -> list[str]:
    response = page.goto(url)
    assert response.ok, (url, response.status)
    page.wait_for_load_state("networkidle")
    return [f"{url}: {v}" for v in page.evaluate("window.__violations")]


def test_the_policy_is_sent_and_strict(served, page):
    response = page.goto(served.url + "/portal/")
    policy = response.headers["content-security-policy"]
    scripts = re.search(r"script-src ([^;]*)", policy).group(1).split()
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert any(source.startswith("'nonce-") for source in scripts)
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_no_page_breaks_the_policy(served, browser):
    violations = []
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.add_init_script(RECORD)
    for path in PUBLIC:
        violations += visit(page, served.url + path)
    page.locator("select[name=language]").select_option("en")  # choosing alone does not switch
    with page.expect_navigation():
        page.locator("select[name=language]").press("Enter")  # site.js submits it, no inline handler
    assert "Online litigation service" in page.inner_text("header")
    context.close()
    for user, paths in BY_ROLE.items():
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.add_init_script(RECORD)
        sign_in(page, served, user)
        for path in paths:
            violations += visit(page, served.url + path)
        if user == "chaoyang.agent":  # an order page, and the console's suggestion button
            page.goto(served.url + "/orders/")
            page.locator("a[href^='/orders/20']").first.click()
            page.wait_for_load_state("networkidle")
            violations += [f"order page: {v}" for v in page.evaluate("window.__violations")]
        if user == "chaoyang.leader":  # the charts draw, and their tooltips, under the policy
            page.goto(served.url + "/reports/dashboard/")
            page.locator("#charts[data-drawn='1']").wait_for()  # no eval: the page's CSP forbids it
            page.locator("[data-chart='volume_by_hour'] canvas").hover()
            violations += [f"dashboard: {v}" for v in page.evaluate("window.__violations")]
        context.close()
    assert violations == []
