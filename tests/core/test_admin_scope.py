"""系统配置 per court: a court's administrator sees, picks and changes only their courts' rows; what belongs
to no court is theirs to read, the platform administrator's to change."""

from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from court12368.core import audit
from court12368.core.models import AuditEntry
from court12368.courts.models import Role, Staff
from court12368.courts.roles import ADMINISTRATOR_PERMISSIONS
from court12368.demo.factories import CourtFactory, DepartmentFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def courts(court):
    other = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    ours = StaffFactory(court=court, role=Role.ADMINISTRATOR, username="cfg")
    platform = Staff.objects.create_superuser("root", password="Root-12368-pass")
    return court, other, ours, platform


def test_a_court_administrator_lists_and_opens_only_their_courts_staff(client, courts):
    court, other, ours, platform = courts
    mine = StaffFactory(court=court, role=Role.JUDGE, full_name="本院法官")
    theirs = StaffFactory(court=other, role=Role.JUDGE, full_name="外院法官")
    client.force_login(ours)
    listing = client.get(reverse("admin:courts_staff_changelist")).content.decode()
    assert mine.username in listing and theirs.username not in listing and "root" not in listing
    assert client.get(reverse("admin:courts_staff_change", args=[mine.pk])).status_code == 200
    # Another court's account, or the platform administrator's, does not exist for them.
    for hidden in (theirs, platform):
        assert client.get(reverse("admin:courts_staff_change", args=[hidden.pk])).status_code == 302
    client.force_login(platform)
    listing = client.get(reverse("admin:courts_staff_changelist")).content.decode()
    assert mine.username in listing and theirs.username in listing


def test_a_court_administrator_cannot_place_staff_elsewhere_nor_make_a_platform_administrator(client, courts):
    court, other, ours, _platform = courts
    client.force_login(ours)
    form = {"username": "newjudge", "password1": "Court-12368-pass", "password2": "Court-12368-pass",
            "full_name": "新法官", "role": Role.JUDGE, "court": other.pk}  # fmt: skip
    refused = client.post(reverse("admin:courts_staff_add"), form)
    assert refused.status_code == 200 and not Staff.objects.filter(username="newjudge").exists()
    no_court = client.post(reverse("admin:courts_staff_add"), {**form, "court": "", "role": "administrator"})
    assert no_court.status_code == 200 and not Staff.objects.filter(username="newjudge").exists()
    made = client.post(
        reverse("admin:courts_staff_add"), {**form, "court": court.pk, "role": "administrator"}
    )
    assert made.status_code == 302
    new = Staff.objects.get(username="newjudge")
    assert new.court == court and new.is_staff and not new.is_superuser  # rights follow the role


def test_a_court_administrator_still_opens_every_page_of_their_role(client, courts):
    """Finding 15, the other side: no longer superusers, court administrators open every configuration
    page their role's permissions (courts/roles.py) name, and each of those names a real model."""
    _court, _other, ours, _platform = courts
    client.force_login(ours)
    assert client.get(reverse("admin:index")).status_code == 200
    for label in ADMINISTRATOR_PERMISSIONS:
        model = apps.get_model(label)
        if model in admin.site._registry:  # the rest are inlines of these pages
            meta = model._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            assert client.get(url).status_code == 200, label


def test_choices_offer_only_their_courts(client, courts):
    court, other, ours, _platform = courts
    StaffFactory(court=court, role=Role.LEADER, full_name="本院院长")
    StaffFactory(court=other, role=Role.LEADER, full_name="外院院长")
    client.force_login(ours)
    page = client.get(reverse("admin:courts_department_add")).content.decode()
    assert "本院院长" in page and "外院院长" not in page
    assert other.name not in page
    DepartmentFactory(court=other, name="海淀民一庭")
    assert "海淀民一庭" not in client.get(reverse("admin:courts_department_changelist")).content.decode()


def test_a_high_courts_administrator_configures_the_courts_below(client, court):
    high = CourtFactory(code="京", name="北京市高级人民法院", level="high")
    middle = CourtFactory(code="京03", name="北京市第三中级人民法院", level="intermediate", parent=high)
    court.parent = middle
    court.save()
    elsewhere = CourtFactory(code="沪", name="上海市高级人民法院", level="high")
    admin = StaffFactory(court=high, role=Role.ADMINISTRATOR)
    client.force_login(admin)
    listing = client.get(reverse("admin:courts_court_changelist")).content.decode()
    assert all(c.name in listing for c in (high, middle, court)) and elsewhere.name not in listing


def test_rows_of_no_court_are_read_by_all_administrators_and_changed_by_the_platforms(client, courts):
    _court, _other, ours, platform = courts
    client.force_login(ours)
    assert client.get(reverse("admin:courts_holidayyear_changelist")).status_code == 200
    assert client.get(reverse("admin:courts_holidayyear_add")).status_code == 403
    assert client.get(reverse("admin:knowledge_article_add")).status_code == 403
    client.force_login(platform)
    assert client.get(reverse("admin:courts_holidayyear_add")).status_code == 200


def test_other_programs_pages_are_the_platform_administrators(client, courts):
    _court, _other, ours, platform = courts
    AccessAttempt.objects.create(username="someone", ip_address="10.0.0.1", failures_since_start=3)
    pages = [
        "admin:axes_accessattempt_changelist",
        "admin:auth_group_changelist",
        "admin:otp_totp_totpdevice_changelist",
    ]
    client.force_login(ours)
    assert [client.get(reverse(name)).status_code for name in pages] == [403, 403, 403]
    assert "axes" not in client.get(reverse("admin:index")).content.decode()
    client.force_login(platform)
    assert [client.get(reverse(name)).status_code for name in pages] == [200, 200, 200]


def test_the_audit_log_is_read_per_court(client, courts):
    court, other, ours, platform = courts
    judge = StaffFactory(court=other, role=Role.JUDGE)
    audit.record("about_ours", channel="web", subject=court)
    audit.record("by_theirs", channel="web", actor=judge)
    assert AuditEntry.objects.get(action="by_theirs").court == other.pk
    client.force_login(ours)
    listing = client.get(reverse("admin:core_auditentry_changelist")).content.decode()
    assert "about_ours" in listing and "by_theirs" not in listing
    client.force_login(platform)
    assert "by_theirs" in client.get(reverse("admin:core_auditentry_changelist")).content.decode()


class BrowserForm(HTMLParser):
    """What a browser posts from the form with ``form_id``: each enabled field with its value as shown, a
    drop-down's selected option (else its first), nothing for a drop-down with no options."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data, self.select, self.textarea = form_id, False, [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a or not a.get("name") and tag != "option":
            return
        kind = a.get("type", "text")
        if tag == "input" and kind not in ("submit", "button", "file", "checkbox", "radio"):
            self.data.append((a["name"], a.get("value", "")))
        elif tag == "input" and kind in ("checkbox", "radio") and "checked" in a:
            self.data.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self.select = {"name": a["name"], "first": None, "chosen": None}
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            self.select["first"] = value if self.select["first"] is None else self.select["first"]
            self.select["chosen"] = value if "selected" in a else self.select["chosen"]
        elif tag == "textarea":
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            value = self.select["chosen"] if self.select["chosen"] is not None else self.select["first"]
            if value is not None:
                self.data.append((self.select["name"], value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.data.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None

    @classmethod
    def read(cls, html: str, form_id: str) -> dict:
        parser = cls(form_id)
        parser.feed(html)
        return dict(parser.data)


def test_saving_their_own_court_keeps_its_higher_court(client, courts):
    """Finding 6: the higher court, outside the administrator's reach, was not among the choices, so
    saving their court's page (as the browser sends it) cleared it, taking the court out of its higher
    court's oversight. It is shown read-only and kept, as are the court's code and level."""
    court, _other, ours, _platform = courts
    higher = CourtFactory(code="京03", name="北京市第三中级人民法院", level="intermediate")
    court.parent = higher
    court.save()
    client.force_login(ours)
    url = reverse("admin:courts_court_change", args=[court.pk])
    page = client.get(url).content.decode()
    form = BrowserForm.read(page, "court_form")
    assert form, "the change form was not found"
    form["address"] = "北京市朝阳区朝阳路1号"
    assert client.post(url, form).status_code == 302
    court.refresh_from_db()
    assert (court.address, court.parent, court.code) == ("北京市朝阳区朝阳路1号", higher, "京0105")
    assert higher.name in page  # shown, not offered
    # A hand-made post cannot change them either.
    client.post(url, {**form, "parent": "", "code": "京0199"})
    court.refresh_from_db()
    assert (court.parent, court.code, court.level) == (higher, "京0105", "basic")


def test_no_one_with_a_court_is_made_a_superuser(client, courts):
    """Finding 15: only a platform administrator (no court) is a superuser; 系统配置 refuses to make a
    court's staff member one, even for the platform administrator, and says what to do instead."""
    court, _other, ours, platform = courts
    client.force_login(platform)
    url = reverse("admin:courts_staff_change", args=[ours.pk])
    form = BrowserForm.read(client.get(url).content.decode(), "staff_form")
    refused = client.post(url, {**form, "is_superuser": "on"})
    rule = next(c for c in Staff._meta.constraints if c.name == "staff_superuser_has_no_court")
    with translation.override("zh-hans"):
        assert refused.status_code == 200 and str(rule.violation_error_message) in refused.content.decode()
    ours.refresh_from_db()
    assert ours.court == court and not ours.is_superuser
