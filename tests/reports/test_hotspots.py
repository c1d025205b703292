"""Hotspots: the week's most frequent topics, causes and words, and what rises against the week before."""

import datetime as dt

import pytest
from django.urls import reverse

from court12368.demo.factories import CaseFactory
from court12368.hotline import services as hotline
from court12368.reports.hotspots import hotspots, week_of
from tests.reports.conftest import SHANGHAI

pytestmark = pytest.mark.django_db


def log(c, content, day, kind="consultation", case=None):
    hotline.log_call(
        court=c.court, agent=c.agent, content=content, kind=kind, caller_number="13912345678", case=case,
        answer="已解答", dispatch=False, now=dt.datetime(2026, 11, day, 10, tzinfo=SHANGHAI),
    )  # fmt: skip


def test_what_rises_week_on_week(c):
    loan = CaseFactory(court=c.court, cause="民间借贷纠纷")
    divorce = CaseFactory(court=c.court, cause="离婚纠纷")
    log(c, "询问诉讼费交纳方式", 10, case=divorce)  # the week of 9 November
    log(c, "诉讼费怎么退", 10, case=divorce)
    for n in range(3):  # the week of 16 November: fee questions hold, loans rise
        log(c, f"民间借贷起诉需要什么材料{n}", 17, case=loan)
    log(c, "诉讼费可以缓交吗", 18)
    data = hotspots(c.court, week_of(dt.date(2026, 11, 19)))
    assert data["week"] == "2026-11-16"
    causes = data["causes"]
    assert causes["rising"][0] == {"name": "民间借贷纠纷", "count": 3, "before": 0}
    assert {"name": "离婚纠纷", "count": 0, "before": 2} not in causes["most"]  # gone this week
    words = {row["name"]: row for row in data["words"]["most"]}
    assert words["借贷"]["count"] == 3 and words["诉讼费"] == {"name": "诉讼费", "count": 1, "before": 2}
    assert all(row["count"] > row["before"] for row in data["words"]["rising"])
    assert data["topics"]["most"][0] == {"name": "诉讼咨询", "count": 4, "before": 2}


def test_the_page_for_those_who_keep_the_ledger(client, c):
    log(c, "询问立案", 17)
    client.force_login(c.president)
    page = client.get(reverse("hotspots"), {"day": "2026-11-18"})
    assert page.status_code == 200 and "立案" in page.content.decode()
    assert client.get(reverse("hotspots"), {"day": "not a date"}).status_code == 400
    client.force_login(c.judge)
    assert client.get(reverse("hotspots")).status_code == 403
