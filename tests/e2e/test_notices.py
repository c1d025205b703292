"""A department head at a 1366×768 screen: the unread count in the top bar, the notice list, the order opened
from it (its notice read), the call's recording played and the caller's full number revealed (issue 22,
items 12 and 13)."""

import re
import wave

import pytest

from tests.e2e.staff import field, sign_in

pytestmark = pytest.mark.browser
CASE = "（2026）京0105民初1号"
CALLER = "13987654322"


def unread(page) -> int:
    badge = page.get_by_test_id("unread-notices")
    return int(re.sub(r"\D", "", badge.inner_text())) if badge.count() else 0


def audited(served, action: str) -> int:
    return served.sql("SELECT COUNT(*) FROM core_auditentry WHERE action = ?", (action,))[0][0]


def test_a_head_reads_the_notice_plays_the_recording_and_calls_the_caller_back(served, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    folder = served.data_dir / "ivr" / "recordings"
    folder.mkdir(parents=True, exist_ok=True)
    recording = folder / "vm-e2e.wav"
    with wave.open(str(recording), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x01\x00" * 8000)

    # The agent logs a complaint with its recording; the rules send it to the department head.
    sign_in(page, served, "chaoyang.agent")
    page.goto(served.url + "/console/")
    form = page.get_by_test_id("call-form")  # the verification panel has its own 案号
    field(form, "来电号码").fill(CALLER)
    field(form, "案号").fill(CASE)
    field(form, "类型").select_option(label="投诉举报")
    field(form, "子类").select_option(value="conduct")
    field(form, "来电内容").fill("案件迟迟不开庭，投诉承办法官拖延")
    field(form, "录音编号").fill(str(recording))
    page.get_by_role("button", name="保存来电").click()
    number = re.search(r"工单(\d+)已转", page.locator(".messages").inner_text()).group(1)

    sign_in(page, served, "chaoyang.head")
    before = unread(page)
    assert before >= 1
    page.get_by_test_id("notices-link").click()
    notices = page.get_by_test_id("notices")
    assert notices.get_by_role("link", name=number).count() >= 1
    notices.get_by_role("link", name=number).first.click()
    page.wait_for_url(f"{served.url}/orders/{number}/")
    assert unread(page) < before  # opening the order read its notice
    body = page.locator("main").inner_text()
    assert str(folder) not in body and "vm-e2e.wav" in body

    source = page.get_by_test_id("recording").locator("audio").get_attribute("src")
    played_before, revealed_before = (
        audited(served, "recording_played"),
        audited(served, "caller_number_revealed"),
    )
    played = page.request.get(served.url + source)
    assert played.status == 200 and played.headers["content-type"] == "audio/wav"
    assert "no-store" in played.headers["cache-control"] and played.body() == recording.read_bytes()
    assert audited(served, "recording_played") == played_before + 1

    number_shown = page.get_by_test_id("caller-number")
    assert "139****4322" in number_shown.inner_text() and CALLER not in body
    page.get_by_test_id("caller-number-reveal").click()  # htmx swaps the masked number for the full one
    assert page.get_by_test_id("caller-number-full").inner_text() == CALLER
    assert audited(served, "caller_number_revealed") == revealed_before + 1

    page.get_by_test_id("notices-link").click()
    rows = page.get_by_test_id("notice").filter(has=page.get_by_role("link", name=number))
    assert {rows.nth(i).get_attribute("data-unread") for i in range(rows.count())} == {"0"}
    page.screenshot(path=str(served.data_dir / "notices.png"), full_page=True)
