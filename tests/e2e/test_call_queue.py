"""The console's screen-pop of the voice queue, in a real browser: a caller waits, the agent answers."""

import datetime as dt
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone

from court12368.hotline import queue
from court12368.hotline.models import Call, QueuedCall
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CALLER = "13712345678"


def in_fresh_thread(function, *args, **kwargs):
    """Run ORM work from the browser's thread, whose Playwright event loop Django refuses to share."""
    result = []
    worker = threading.Thread(target=lambda: result.append(function(*args, **kwargs)))
    worker.start()
    worker.join()
    return result[0]


def agent_takes_a_queued_call(url: str, court, screenshot) -> dict:
    """The browser part, on its own thread and its own Playwright (this test shares the ORM)."""
    from playwright.sync_api import expect, sync_playwright

    seen = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(locale="zh-CN").new_page()
        page.goto(url + "/login/")
        page.get_by_label("用户名").fill("queue.agent")
        page.get_by_label("密码").fill("Queue-Agent-2026")
        page.get_by_role("button", name="登录").click()
        page.goto(url + "/console/")
        expect(page.get_by_test_id("call-queue")).to_contain_text("无人等待")  # htmx fills it on load

        waited_since = timezone.now() - dt.timedelta(seconds=12)
        in_fresh_thread(queue.enqueue, court, caller_number=CALLER, now=waited_since)
        waiting = page.get_by_test_id("waiting-calls")
        waiting.wait_for(timeout=5000)  # the console polls every two seconds
        seen["row"] = waiting.inner_text()
        seen["light"] = waiting.get_by_test_id("wait").get_attribute("class")

        page.get_by_role("button", name="接听").click()
        seen["banner"] = page.get_by_test_id("answered-call").inner_text()
        form = page.get_by_test_id("call-form")  # the top bar's search also names 来电号码
        seen["number"] = form.get_by_label("来电号码").input_value()
        seen["history"] = page.get_by_test_id("caller-history").inner_text()

        form.get_by_label("来电内容").fill("询问开庭时间")
        form.get_by_label("类型").select_option("case_query")
        page.get_by_role("button", name="保存").click()
        page.get_by_test_id("call-form").wait_for()
        seen["banner_after"] = page.get_by_test_id("answered-call").count()
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    return seen


def test_a_waiting_caller_pops_up_and_the_answer_time_is_kept(live_server, make_staff, court, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    agent = make_staff(username="queue.agent")
    agent.set_password("Queue-Agent-2026")
    agent.save()
    earlier = Call.objects.create(
        court=court,
        caller_number=CALLER,
        rang_at=timezone.now(),
        answered_at=timezone.now(),
        content="问立案",
    )

    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(
            agent_takes_a_queued_call, live_server.url, court, tmp_path / "console.png"
        ).result()

    assert "137****5678" in seen["row"] and CALLER not in seen["row"]  # masked in the list
    assert "red" in seen["light"]  # over the 10-second target
    assert re.search(r"137\*\*\*\*5678.*1[2-9] 秒", seen["banner"])
    assert seen["number"] == CALLER  # the full number, on the form the agent fills in
    assert "问立案" in seen["history"]  # the caller's history pops up beside it
    queued = QueuedCall.objects.get()
    call = Call.objects.exclude(pk=earlier.pk).get()
    assert queued.call == call and queued.agent == agent and queued.answer_seconds >= 12
    assert (call.rang_at, call.answered_at) == (queued.entered_at, queued.answered_at)
    assert seen["banner_after"] == 0  # the banner goes once the call is logged
