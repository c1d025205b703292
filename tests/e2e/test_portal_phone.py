"""The portal on a 390×844 phone (issue 23): an appointment booked by day, then time, on pages a thumb can
scroll; the case query asks only for the chosen method's fields."""

import re

import pytest

from tests.e2e.staff import field
from tests.e2e.test_portal import solve
from tests.e2e.test_walkthrough import sms_to

pytestmark = pytest.mark.browser
PHONE_SIZE = {"width": 390, "height": 844}
MAX_HEIGHT = 2500  # px: a few thumb flicks (the old list of 50 slots was 9,238 px)


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_a_slot_is_booked_by_day_then_time_on_a_phone(served, page, screenshots):
    page.set_viewport_size(PHONE_SIZE)
    page.goto(served.url + "/portal/c/京0105/appointments/?service=mediation")
    days = page.get_by_test_id("days").get_by_role("link")
    assert days.count() >= 2 and page.locator("input[name=slot]").count() == 0
    assert height(page) < MAX_HEIGHT, height(page)
    screenshots(page, "portal-booking-1-days", full_page=True)

    day = days.first.get_attribute("data-day")
    days.first.click()
    assert page.get_by_test_id("chosen-day").is_visible()
    times = page.get_by_test_id("times").get_by_role("radio")
    assert 1 <= times.count() <= 12
    assert height(page) < MAX_HEIGHT, height(page)
    screenshots(page, "portal-booking-2-times", full_page=True)

    times.last.check()
    field(page, "您的姓名").fill("卫女士")
    field(page, "手机号码").fill("13911114444")
    field(page, "预约事由").fill("物业纠纷申请诉前调解")
    page.get_by_label(re.compile("^验证问题")).fill(solve(page))
    page.get_by_role("button", name="预约", exact=True).click()
    code = page.get_by_test_id("booking-code").inner_text()
    screenshots(page, "portal-booking-3-booked", full_page=True)
    assert code and sms_to(served, phone="13911114444", event="appointment")
    assert day in page.get_by_test_id("booked").inner_text()  # "2026-11-24 09:00": the day chosen


def test_the_case_query_shows_the_chosen_methods_fields_on_a_phone(served, page, screenshots):
    page.set_viewport_size(PHONE_SIZE)
    page.goto(served.url + "/portal/c/京0105/case/")
    assert field(page, "案号").is_visible() and field(page, "诉讼服务密码").is_visible()
    assert field(page, "证件号码").count() == 0
    page.get_by_test_id("query-methods").get_by_role("link").nth(1).click()
    assert field(page, "证件号码").is_visible() and field(page, "案号").count() == 0
    screenshots(page, "portal-case-query-id", full_page=True)
