import pytest
from django.urls import reverse

from court12368.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_agent_verifies_a_caller_and_reads_the_case(client, make_staff, case, party, password):
    client.force_login(make_staff(role="agent"))
    response = client.post(
        reverse("case-lookup"),
        {
            "method": "case_and_password",
            "case_number": case.number,
            "password": password,
            "caller_number": "13912345678",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="case-view"' in body
    assert "张三" in body and "王法官" in body and "1101**********1234" in body
    assert password not in body
    case_entries = AuditEntry.objects.exclude(action__startswith="staff.")  # the sign-in is audited too
    assert list(case_entries.values_list("action", flat=True).order_by("id")) == [
        "verify_ok",
        "view_case",
    ]


def test_wrong_password_gives_a_chinese_error_and_no_case(client, make_staff, case, party, password):
    client.force_login(make_staff(role="agent"))
    response = client.post(
        reverse("case-lookup"),
        {"method": "case_and_password", "case_number": case.number, "password": "1234509876"},
    )
    body = response.content.decode()
    assert response.status_code == 403
    assert "信息与记录不符" in body and 'data-testid="case-view"' not in body


def test_malformed_case_number_is_explained(client, make_staff):
    client.force_login(make_staff(role="agent"))
    response = client.post(
        reverse("case-lookup"),
        {"method": "case_and_password", "case_number": "2019沪民初1", "password": "123456"},
    )
    assert "收案年度" in response.content.decode()
    assert not AuditEntry.objects.exclude(action="staff.login").exists()


def test_the_console_needs_a_login(client):
    assert client.get(reverse("case-lookup")).status_code == 302


def test_administrators_read_the_audit_log_but_cannot_change_it(client, make_staff, case, party, password):
    from court12368.cases import services

    services.verify_identity(channel="console", case_number=case.number, password=password)
    client.force_login(make_staff(role="administrator", username="cfg"))
    listing = client.get(reverse("admin:core_auditentry_changelist"))
    assert listing.status_code == 200 and "verify_ok" in listing.content.decode()
    entry = AuditEntry.objects.get(action="verify_ok")
    delete_url = reverse("admin:core_auditentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    with pytest.raises(ValueError):
        entry.delete()
    entry.action = "changed"
    with pytest.raises(ValueError):
        entry.save()
