"""A Chinese page shows no English and no half-width colon after a Chinese label.

Every main page of every role, the admin and the portal are rendered in Chinese; what a user can see (text,
placeholders, button values, tooltips) is kept; scripts, styles, other attribute values, keys (<kbd>), text
marked as another language (lang="en") or as no language (translate="no") and sign-in names are dropped.
What remains may hold no Latin word of three letters or more beyond ALLOWED, and no Chinese character
followed by ":" ("来电号码:" instead of "来电号码：").
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from court12368.courts.models import Role, Staff
from court12368.demo.factories import StaffFactory
from court12368.sms.models import InboundSms
from court12368.workorders.models import SubKind
from tests.builders import Court

pytestmark = pytest.mark.django_db

# Words a Chinese user reads as they are: the names of the file formats offered for download ("导出 Excel",
# the circular's PDF), which Chinese software writes in Latin letters too, and the names printed on keys
# (Django's own Chinese for the rights boxes: "按住 Control 键或 Mac 上的 Command 键来选择多项").
ALLOWED = frozenset({"Excel", "PDF", "Control", "Command", "Mac"})
ENGLISH = re.compile(r"[A-Za-z]{3,}")
HALF_WIDTH_COLON = re.compile(r"[\u4e00-\u9fff]\s*:")
# What a sighted user reads. Not alt: Django's admin writes its icons' alt in English ("True").
VISIBLE_ATTRIBUTES = {"placeholder", "title"}
BUTTON_TYPES = {"submit", "button", "reset"}
# Not shown, or not words: <kbd> holds keys as printed on the keyboard ("Alt+N", the console's access keys).
HIDDEN = ("script", "style", "template", "noscript", "kbd")


class _Visible(HTMLParser):
    """The text a user sees on the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        # An element in another language (the language menu's "English"), or not in any (translate="no").
        self.foreign: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
            return
        attrs = dict(attrs)
        if self.foreign or not attrs.get("lang", "zh").startswith("zh") or attrs.get("translate") == "no":
            self.foreign.append(tag)
            return
        if "hidden" in attrs or tag in ("title", "meta", "link"):
            return
        self.parts.extend(value for name, value in attrs.items() if name in VISIBLE_ATTRIBUTES and value)
        if tag == "input" and attrs.get("type") in BUTTON_TYPES and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden -= 1
        elif tag in self.foreign:
            del self.foreign[self.foreign.index(tag) :]

    def handle_data(self, data):
        if not self.hidden and not self.foreign:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(part.strip() for part in parser.parts if part.strip())


def problems(html: str, usernames=()) -> list[str]:
    text = visible_text(html)
    for username in sorted(usernames, key=len, reverse=True):  # sign-in names are Latin by design
        text = re.sub(rf"\b{re.escape(username)}\b", "", text)
    english = sorted({w for w in ENGLISH.findall(text) if w not in ALLOWED})
    colons = sorted(
        {text[max(0, m.start() - 10) : m.end()].split("\n")[-1] for m in HALF_WIDTH_COLON.finditer(text)}
    )
    return [f"English: {w}" for w in english] + [f"half-width colon: {c!r}" for c in colons]


@pytest.fixture
def world(court, client):
    c = Court(court)
    c.court_admin = StaffFactory(court=court, role=Role.ADMINISTRATOR, username="cfg")
    c.root = Staff.objects.create_superuser("root", password="Root-12368-pass")
    c.complaint = c.order("complaint", SubKind.CONDUCT)
    c.consultation = c.order("consultation", SubKind.HARD_QUESTION)
    InboundSms.objects.create(
        gateway_id="g1",
        received_at=timezone.now(),
        phone="13912345678",
        court=court,
        text="请问开庭时间",
        outcome=InboundSms.Outcome.FOR_AGENT,
    )
    return c


def staff_pages(c):
    number = c.complaint.number
    agent, leader, judge, root = c.agent, c.president, c.judge, c.root
    head = next(iter(c.head.values()))
    return [
        (agent, reverse("home")),
        (judge, reverse("home")),
        (head, reverse("home")),
        (leader, reverse("home")),
        (c.duty, reverse("home")),
        (c.court_admin, reverse("home")),
        (agent, reverse("order-inbox")),
        (judge, reverse("order-inbox")),
        (agent, reverse("order-callbacks")),
        (agent, reverse("order-detail", args=[number])),
        (c.duty, reverse("order-detail", args=[c.consultation.number])),
        (agent, reverse("ledger")),
        (leader, reverse("ledger")),
        (leader, reverse("kpis")),
        (leader, reverse("assessment")),
        (leader, reverse("hotspots")),
        (leader, reverse("circulars")),
        (leader, reverse("dashboard")),
        (agent, reverse("calculators")),
        (agent, reverse("knowledge-search") + "?q=立案"),
        (agent, reverse("appointments")),
        (agent, reverse("sms-inbox")),
        (agent, reverse("order-notices")),
        (judge, reverse("order-notices")),
        (agent, reverse("case-lookup")),
        (c.court_admin, reverse("duty-roster")),
        (c.court_admin, reverse("admin:index")),
        (root, reverse("admin:index")),
        (root, reverse("admin:courts_court_changelist")),
        (root, reverse("admin:courts_court_change", args=[c.court.pk])),
        (root, reverse("admin:courts_staff_changelist")),
        (root, reverse("admin:courts_staff_add")),
        (c.court_admin, reverse("admin:courts_staff_change", args=[c.judge.pk])),
        (root, reverse("admin:courts_staff_change", args=[c.judge.pk])),  # the rights boxes
        (root, reverse("admin:auth_group_add")),
        (c.court_admin, reverse("admin:courts_staff_changelist")),
        (root, reverse("admin:workorders_routingrule_changelist")),
        (root, reverse("admin:workorders_routingrule_add")),
        (root, reverse("admin:courts_holidayyear_changelist")),
        (root, reverse("admin:courts_holidayyear_add")),
    ]


def test_every_main_staff_page_is_in_chinese(client, world):
    found = {}
    usernames = Staff.objects.values_list("username", flat=True)
    for user, url in staff_pages(world):
        client.force_login(user)
        response = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code != 200:
            found[f"{user.username} {url}"] = response.status_code
        elif bad := problems(response.content.decode(), usernames):
            found[f"{user.username} {url}"] = bad
    assert found == {}, "\n".join(f"{page}: {bad}" for page, bad in found.items())


def test_the_console_is_in_chinese(client, world):
    client.force_login(world.agent)
    response = client.get(reverse("console"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert problems(response.content.decode()) == []


def test_the_portal_is_in_chinese(client, world):
    code = world.court.code
    urls = [
        reverse("portal"),
        reverse("portal-track"),
        reverse("portal-faq"),
        reverse("portal-calculators"),
        reverse("portal-court", args=[code]),
        reverse("portal-case", args=[code]),
        reverse("portal-submit", args=[code]),
        reverse("portal-appointments", args=[code]),
        reverse("portal-cancel"),
    ]
    found = {}
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, url
        if bad := problems(response.content.decode()):
            found[url] = bad
    assert found == {}


def test_the_check_finds_english_and_half_width_colons():
    page = '<p title="x">来电号码: <b>Caller</b></p><script>var English = 1;</script><input value="abc">'
    page += '<select><option lang="en">English</option></select><img alt="Search">'
    assert problems(page) == ["English: Caller", "half-width colon: '来电号码:'"]
    assert problems("<p>导出 Excel：12368</p>") == []


def test_the_ledger_summary_the_timeline_and_the_fee_steps_use_chinese_names(client, world):
    from court12368.core.models import AuditEntry
    from court12368.knowledge.fees import compute_fee
    from court12368.workorders.lifecycle import intake

    client.force_login(world.president)
    client.get(
        reverse("ledger"), {"kind": "complaint", "overdue": "on", "department": world.judge.department.pk}
    )
    filters = AuditEntry.objects.filter(action="reports.ledger_viewed").latest("pk").details["filters"]
    assert filters == {"类型": "投诉举报", "超期未回复": "是", "部门": world.judge.department.name}, filters

    intake.add_caller_message(world.complaint, text="补充材料已寄出", channel="sms")
    client.force_login(world.agent)
    page = client.get(reverse("order-detail", args=[world.complaint.number])).content.decode()
    assert "【短信】补充材料已寄出" in page and "[sms]" not in page

    assert (
        compute_fee("property", 100_000).steps[-1]
        == "超过10,000元至100,000元部分 90,000.00元 × 2.5% = 2,250.00元"
    )
