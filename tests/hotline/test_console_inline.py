"""The console's inline case query, the screen-pop's prefill and the keyboard order of the call form
(issue 23: the case number is typed once, the suggestion never sits between the content and the answer)."""

import re

import pytest
from django.urls import reverse

from court12368.cases import services as cases
from court12368.cases.models import VerificationAttempt
from court12368.core.models import AuditEntry
from court12368.courts.models import Role
from court12368.demo.factories import CaseFactory, CourtFactory, PartyFactory
from court12368.hotline import services as hotline
from court12368.workorders.models import SubKind

pytestmark = pytest.mark.django_db
CALLER = "13912345678"


@pytest.fixture
def agent(client, make_staff):
    agent = make_staff()
    client.force_login(agent)
    return agent


@pytest.fixture
def case(court):
    return CaseFactory(court=court, number="（2026）京0105民初100号", type_code="民初")


@pytest.fixture
def password(case):
    return cases.issue_password(PartyFactory(case=case, name="张三"))


def verify(client, case_number, password, caller=CALLER):
    form = {
        "verify-method": "case_and_password",
        "verify-case_number": case_number,
        "verify-password": password,
    }
    return client.post(reverse("console-verify"), {**form, "caller_number": caller})


def test_the_inline_query_shows_the_case_and_fills_the_call_and_is_audited(client, agent, case, password):
    response = verify(client, case.number, password)
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="verified-case"' in body
    assert f'data-prefill-case_number="{case.number}"' in body and 'data-prefill-kind="case_query"' in body
    assert re.search(r'data-prefill-answer="已告知案件所处阶段：', body)
    assert password not in body  # the password is not sent back into the form
    actions = set(AuditEntry.objects.filter(channel="console", actor=agent).values_list("action", flat=True))
    assert {"verify_ok", "view_case"} <= actions
    assert AuditEntry.objects.filter(action="view_case", caller="139****5678").exists()  # masked
    assert VerificationAttempt.objects.get().success


def test_a_wrong_password_fills_nothing_and_counts_against_the_same_lockouts(client, agent, case, password):
    for _ in range(cases.MAX_FAILURES):
        refused = verify(client, case.number, "0000000000").content.decode()
        assert 'data-testid="verify-error"' in refused and "data-prefill" not in refused
    assert AuditEntry.objects.filter(action="verify_failed", channel="console").count() == cases.MAX_FAILURES
    locked = verify(client, case.number, password).content.decode()  # even the right one, now
    assert "锁定" in locked and 'data-testid="verified-case"' not in locked


def test_the_inline_query_is_the_consoles_and_stays_in_the_agents_court(client, make_staff, password):
    client.force_login(make_staff(role=Role.JUDGE))
    assert client.post(reverse("console-verify"), {}).status_code == 403
    elsewhere = CaseFactory(court=CourtFactory(), number="（2026）京0108民初7号", type_code="民初")
    other_password = cases.issue_password(PartyFactory(case=elsewhere))
    client.force_login(make_staff())
    body = verify(client, elsewhere.number, other_password).content.decode()
    assert 'data-testid="verify-error"' in body and elsewhere.number not in body.split("verify-error")[1]


def test_incomplete_details_are_asked_for_without_a_lookup(client, agent):
    body = verify(client, "", "").content.decode()
    assert "此验证方式需要填写此项。" in body
    assert not VerificationAttempt.objects.exists()


def test_the_screen_pop_offers_the_callers_name_open_order_and_case(client, agent, court, case):
    first = hotline.log_call(court=court, agent=agent, content="联系不上法官", kind="contact_judge",
                             sub_kind=SubKind.REPEAT_CONTACT, caller_number=CALLER, caller_name="王先生",
                             case=case)  # fmt: skip
    order = first.work_order
    pop = client.get(reverse("caller-history"), {"caller_number": CALLER}).content.decode()
    assert 'data-prefill="free"' in pop
    assert 'data-prefill-caller_name="王先生"' in pop
    assert f'data-prefill-about_order="{order.number}"' in pop
    assert f'data-prefill-case_number="{case.number}"' in pop
    unknown = client.get(reverse("caller-history"), {"caller_number": "13000000000"}).content.decode()
    assert 'data-prefill-caller_name=""' in unknown and 'data-prefill-about_order=""' in unknown
    # A form sent back with errors keeps what the agent typed: no prefill over it.
    page = client.post(reverse("console"), {"caller_number": CALLER, "kind": "complaint", "content": ""})
    assert page.status_code == 400 and "data-prefill" not in page.content.decode()


def test_the_call_form_goes_content_then_answer_with_the_suggestion_out_of_the_tab_order(client, agent):
    page = client.get(reverse("console")).content.decode()
    content, answer, suggestion = (
        page.index(s) for s in ('id="id_content"', 'id="id_answer"', 'id="suggestion"')
    )
    assert content < answer < suggestion  # nothing focusable between the content and the answer
    assert (
        "核验身份" in page
        and reverse("console-verify") in page
        and 'target="_blank"' not in page.split("call-form")[1].split("</form>")[0]
    )
    for key in ("N", "C", "R", "T", "O", "V", "S", "K"):
        assert f'<kbd class="akey" aria-hidden="true">Alt+{key}</kbd>' in page
    assert not re.search(r"[\u4e00-\u9fff）]:</label>", page)  # full-width colons after Chinese labels
    assert "来电号码：</label>" in page
    hint = client.get(
        reverse("call-suggestion"), {"content": "法官电话一直打不通，打了好几天了"}
    ).content.decode()
    assert 'tabindex="-1"' in hint and 'accesskey="a"' in hint


def test_an_unsure_suggestion_asks_the_agent_to_judge(client, agent, monkeypatch):
    """Issue 24: below the classifier's confidence line the console says "请人工判断", not a bare type."""
    from court12368.knowledge import classifier

    unsure = classifier.Suggestion("complaint", "conduct", 0.31, False, "model")
    monkeypatch.setattr(classifier.current(), "suggest", lambda text: unsure)
    hint = client.get(reverse("call-suggestion"), {"content": "那个事情你们看着办吧"}).content.decode()
    assert "请人工判断" in hint and "可能是" in hint and 'data-value="complaint/conduct"' in hint
    monkeypatch.undo()
    sure = client.get(
        reverse("call-suggestion"), {"content": "法官电话一直打不通，打了好几天了"}
    ).content.decode()
    assert "请人工判断" not in sure and "建议" in sure
