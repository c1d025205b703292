"""系统配置 per court: a court's administrator sees, picks and changes only their courts' rows; what belongs
to no court is theirs to read, the platform administrator's to change."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from court12368.core import audit
from court12368.core.models import AuditEntry
from court12368.courts.models import Role, Staff
from court12368.demo.factories import CourtFactory, DepartmentFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def courts(court):
    other = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    ours = StaffFactory(
        court=court, role=Role.ADMINISTRATOR, username="cfg", is_staff=True, is_superuser=True
    )
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
    assert new.court == court and new.is_staff and new.is_superuser  # rights follow the role


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
    admin = StaffFactory(court=high, role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
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
