import datetime as dt

import pytest
from django.utils import timezone

from court12368.api import services
from court12368.cases.models import Case
from court12368.core.models import AuditEntry
from court12368.demo.factories import CourtFactory

pytestmark = pytest.mark.django_db

CASE = {
    "number": "(2026)京0105民初900号",
    "court_code": "京0105",
    "stage": "filed",
    "parties": [{"name": "张三", "role": "plaintiff", "password": "66668888"}],
    "hearings": [{"starts_at": "2026-12-01T09:30:00+08:00", "place": "本院", "courtroom": "第一法庭"}],
}


@pytest.fixture
def token(court):
    _client, token = services.create_client(name="审判流程系统", court=court, scopes=["cases:sync"])
    return token


def post(client, body, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/api/v1/sync/cases", body, content_type="application/json", **headers)


def test_sync_upserts_and_is_idempotent(client, token):
    first = post(client, [CASE], token)
    assert first.status_code == 200, first.content
    assert first.json() == {
        "created": 1,
        "updated": 0,
        "without_judge": 1,  # the record names no judge
        "without_clerk": 1,
        "staff_notes": [],
    }
    assert post(client, [CASE], token).json()["updated"] == 1
    case = Case.objects.get()
    assert case.number == "（2026）京0105民初900号" and case.hearings.count() == 1
    assert AuditEntry.objects.filter(action="sync_cases").count() == 2


def test_no_token_wrong_token_revoked_or_expired_token_is_401(client, court, token):
    assert post(client, [CASE]).status_code == 401
    assert post(client, [CASE], "not-a-token").status_code == 401
    revoked, revoked_token = services.create_client(name="old", court=court, scopes=["cases:sync"])
    services.revoke(revoked)
    assert post(client, [CASE], revoked_token).status_code == 401
    _expired, expired_token = services.create_client(
        name="x", court=court, scopes=["cases:sync"], expires_at=timezone.now() - dt.timedelta(days=1)
    )
    assert post(client, [CASE], expired_token).status_code == 401
    _no_scope, other_token = services.create_client(name="y", court=court, scopes=[])
    assert post(client, [CASE], other_token).json()["code"] == "not_authenticated"
    assert not Case.objects.exists()


def test_invalid_records_reject_the_whole_request(client, token):
    bad = dict(CASE, number="2026京0105民初901号")
    response = post(client, [CASE, bad], token)
    assert response.status_code == 422
    assert "第2行：案号错误" in response.json()["details"][0]["message"]
    assert not Case.objects.exists()


def test_a_client_writes_only_its_own_courts_cases(client, token):
    CourtFactory(code="京0112", name="北京市通州区人民法院")
    other = dict(CASE, number="（2026）京0112民初1号", court_code="京0112")
    response = post(client, [other], token)
    assert response.status_code == 403
    assert set(response.json()) == {"code", "message", "details"}
    assert not Case.objects.exists()


def test_tokens_are_stored_hashed(court, token):
    from court12368.api.models import ApiClient

    stored = ApiClient.objects.get()
    assert token not in stored.token_digest and stored.token_hint == token[-4:]


def test_a_high_courts_client_writes_the_cases_of_every_court_below_it(client, court):
    """The same reach as every other endpoint (core.access): not just the courts one level down."""
    high = CourtFactory(code="京", name="北京市高级人民法院", level="high")
    middle = CourtFactory(code="京03", name="北京市第三中级人民法院", level="intermediate", parent=high)
    court.parent = middle
    court.save()
    _client, province = services.create_client(name="全市审判流程系统", court=high, scopes=["cases:sync"])
    response = post(client, [CASE], province)
    assert response.status_code == 200, response.json()
    assert Case.objects.get().court == court


# ---- issue 20, item 3: a court's sync token took over another court's case ------------------------
@pytest.fixture
def haidian_case(court):
    from court12368.cases.services import issue_password
    from court12368.demo.factories import CaseFactory, PartyFactory

    haidian = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    case = CaseFactory(
        court=haidian, number="（2026）京0108民初5号", cause="房屋买卖合同纠纷", judge_name="孙法官"
    )
    party = PartyFactory(case=case, name="周七", role="plaintiff", phone="13712345678")
    return case, party, issue_password(party)


def test_cross_court_case_takeover_through_sync_is_refused(client, token, haidian_case):
    from court12368.cases.models import Party
    from court12368.cases.services import password_digest

    case, party, password = haidian_case
    takeover = {
        "number": case.number,
        "court_code": "京0105",  # the attacker's own court
        "parties": [{"name": "周七", "role": "plaintiff", "phone": "13000000000", "password": "12345678"}],
    }
    refused = post(client, [takeover], token)
    assert refused.status_code == 422
    assert "与案号中的“京0108”不一致" in refused.json()["details"][0]["message"]
    without_code = {key: value for key, value in takeover.items() if key != "court_code"}
    assert post(client, [without_code], token).status_code == 403  # the number says Haidian
    case.refresh_from_db()
    party = Party.objects.get(pk=party.pk)
    assert (case.court.code, case.cause, case.judge_name) == ("京0108", "房屋买卖合同纠纷", "孙法官")
    assert party.phone == "13712345678" and party.service_password.digest == password_digest(password)


def test_a_sync_never_blanks_what_it_does_not_carry(client, token):
    from court12368.cases.models import Party

    full = dict(CASE, cause="民间借贷纠纷", judge_name="王法官", filed_on="2026-03-01")
    full["parties"] = [{"name": "张三", "role": "plaintiff", "phone": "13912345678", "password": "66668888"}]
    assert post(client, [full], token).status_code == 200
    partial = {
        "number": CASE["number"],
        "stage": "in_trial",
        "parties": [{"name": "张三", "role": "plaintiff"}],
    }
    assert post(client, [partial], token).json()["updated"] == 1
    case = Case.objects.get()
    assert (case.stage, case.cause, case.judge_name, str(case.filed_on)) == (
        "in_trial",
        "民间借贷纠纷",
        "王法官",
        "2026-03-01",
    )
    assert Party.objects.get().phone == "13912345678"


def test_a_sync_links_judges_and_clerks_and_says_which_it_could_not(client, court, token, make_staff):
    """Issue 22, item 1: by staff number, else by a name only one of the court's staff holds."""
    from court12368.courts.models import Role

    judge = make_staff(Role.JUDGE, username="j1001", full_name="王明")
    clerk = make_staff(Role.CLERK, username="c2001", full_name="孙书记")
    make_staff(Role.JUDGE, username="j1002", full_name="李强")
    make_staff(Role.JUDGE, username="j1003", full_name="李强")
    linked = dict(CASE, judge_name="王明", clerk_staff_no="c2001")
    twins = dict(CASE, number="(2026)京0105民初901号", judge_name="李强", parties=[])
    unknown = dict(CASE, number="(2026)京0105民初902号", judge_staff_no="x9", parties=[])
    response = post(client, [linked, twins, unknown], token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["created"], body["without_judge"], body["without_clerk"]) == (3, 2, 2)
    assert body["staff_notes"] == [
        "第2行：（2026）京0105民初901号：承办法官“李强”在本院有2名同名人员，未关联（可填写承办法官工号）",
        "第3行：（2026）京0105民初902号：承办法官工号“x9”不是本院在职法官，未关联",
    ]
    case = Case.objects.get(number="（2026）京0105民初900号")
    assert (case.judge, case.clerk, case.clerk_name) == (judge, clerk, "孙书记")
    assert Case.objects.get(number="（2026）京0105民初901号").judge_name == "李强"
    assert AuditEntry.objects.get(action="sync_cases").details["without_judge"] == 2
