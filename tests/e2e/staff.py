"""What every browser walk of the staff pages does: sign in with a demo login, find a labelled field."""

import re

DEMO_PASSWORD = "court-demo-12368"


def sign_in(page, served, username, password=DEMO_PASSWORD):
    page.context.clear_cookies()
    page.goto(served.url + "/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(served.url + "/")


def field(page, label):
    """A field by its Chinese label, with or without the label's colon."""
    return page.get_by_label(re.compile(rf"^{label}[:：]?$"))
