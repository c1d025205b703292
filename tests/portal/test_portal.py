"""The public portal through Django's test client: courts, case query, requests, tracking, rating."""

import pytest

from court12368.cases.services import issue_password
from court12368.core.models import AuditEntry
from court12368.courts.models import Role
from court12368.demo.factories import CaseFactory, PartyFactory
from court12368.hotline.models import Call
from court12368.notifications.models import Notification
from court12368.workorders import queries
from court12368.workorders.lifecycle import closing, handling
from court12368.workorders.models import OrderState, WorkOrder

pytestmark = pytest.mark.django_db
PHONE = "13600001111"


def answer(client) -> str:
    return str(client.session["portal_challenge"]["answer"])


@pytest.fixture
def court_url(court):
    court.address = "北京市朝阳区示例路1号"
    court.save()
    return f"/portal/c/{court.code}/"


def test_the_public_finds_a_court_by_name_or_code_and_sees_its_hours_and_hotline(client, court, court_url):
    assert court.name in client.get("/portal/", {"q": "朝阳"}).content.decode()
    assert court.name in client.get("/portal/", {"q": "京01"}).content.decode()
    assert court.name not in client.get("/portal/", {"q": "海淀"}).content.decode()
    page = client.get(court_url).content.decode()
    assert "010-12368" in page and "北京市朝阳区示例路1号" in page and "08:30" in page
    assert client.get("/portal/c/京9999/").status_code == 404


@pytest.fixture
def case_and_password(court):
    case = CaseFactory(court=court, number="（2026）京0105民初31号", judge_name="周法官")
    return case, issue_password(PartyFactory(case=case, phone="13900000000", id_number="110105199001011234"))


def test_a_party_queries_the_case_with_the_lawful_use_notice_and_sees_no_staff_details(
    client, court_url, case_and_password
):
    case, password = case_and_password
    data = {"method": "case_and_password", "case_number": case.number, "password": password, "agree": "on"}
    page = client.post(court_url + "case/", data).content.decode()
    assert "周法官" in page and "依法使用" in page
    assert "13900000000" not in page and "收费" not in page
    assert AuditEntry.objects.filter(action="view_case", channel="web").exists()


def test_after_a_failure_a_check_question_is_asked_and_must_be_answered(client, court_url, case_and_password):
    case, password = case_and_password
    wrong = {
        "method": "case_and_password",
        "case_number": case.number,
        "password": "0000000000",
        "agree": "on",
    }
    response = client.post(court_url + "case/", wrong)
    assert response.status_code == 403 and 'data-testid="challenge"' in response.content.decode()
    right = {**wrong, "password": password}
    refused = client.post(court_url + "case/", {**right, "challenge": "99"})
    assert refused.status_code == 403 and "验证问题" in refused.content.decode()
    client.get(court_url + "case/")  # a fresh question
    ok = client.post(court_url + "case/", {**right, "challenge": answer(client)})
    assert ok.status_code == 200 and "周法官" in ok.content.decode()


def test_the_lawful_use_promise_is_required(client, court_url, case_and_password):
    case, password = case_and_password
    response = client.post(
        court_url + "case/", {"method": "case_and_password", "case_number": case.number, "password": password}
    )
    assert response.status_code == 400 and "周法官" not in response.content.decode()


def submit(client, court_url, **fields):
    client.get(court_url + "submit/")
    data = {
        "kind": "contact_judge",
        "name": "孙女士",
        "phone": PHONE,
        "content": "请承办法官给我回个电话，谢谢",
        "challenge": answer(client),
        **fields,
    }
    return client.post(court_url + "submit/", data)


def test_a_request_becomes_an_order_waiting_in_every_agents_queue_and_the_submitter_gets_an_sms(
    client, court, court_url, make_staff
):
    response = submit(client, court_url)
    assert response.status_code == 200
    order = WorkOrder.objects.get()
    assert order.number in response.content.decode() and order.short_code in response.content.decode()
    assert (order.state, order.agent, order.caller_phone, order.kind) == (
        OrderState.OPEN,
        None,
        PHONE,
        "contact_judge",
    )
    assert Call.objects.get().channel == "web"
    sms = Notification.objects.get(phone=PHONE, event="request_received")
    assert order.number in sms.body and order.short_code in sms.body
    agent = make_staff(Role.AGENT, username="agent.portal")
    assert order in queries.inbox(agent)
    handling.dispatch(order, department=agent.department, actor=agent)
    order.refresh_from_db()
    assert order.agent == agent  # whoever dispatched it follows it up


def test_requests_need_the_check_question_and_a_mobile(client, court_url):
    client.get(court_url + "submit/")
    bad = client.post(
        court_url + "submit/",
        {
            "kind": "complaint",
            "name": "甲",
            "phone": "010-65000000",
            "content": "投诉内容足够长",
            "challenge": "99",
        },
    )
    assert bad.status_code == 400 and not WorkOrder.objects.exists()
    assert "不是大陆手机号码" in bad.content.decode()


def test_one_address_may_submit_only_a_few_requests_an_hour(client, court_url):
    for _ in range(5):
        assert submit(client, court_url).status_code == 200
    assert submit(client, court_url).status_code == 400
    assert WorkOrder.objects.count() == 5


def test_the_submitter_tracks_the_request_and_rates_the_result(client, court, court_url, make_staff):
    submit(client, court_url)
    order = WorkOrder.objects.get()
    agent = make_staff(Role.AGENT, username="agent.t")
    judge = make_staff(Role.JUDGE, username="judge.t")
    other = client_class_fresh()
    assert other.post("/portal/track/", {"number": order.number, "phone": "13700000000"}).status_code == 403

    handling.dispatch(order, handler=judge, actor=agent)
    page = client.post("/portal/track/", {"number": order.number, "phone": PHONE}).content.decode()
    assert "办理中" in page and 'data-testid="expected"' in page
    handling.reply(order, actor=judge, text="已电话联系")
    closing.resolve(order, actor=agent)
    closing.inform_caller(order, actor=agent, method="sms", text="法官已于今日回电")
    page = client.post("/portal/track/", {"number": order.number, "phone": PHONE}).content.decode()
    assert "法官已于今日回电" in page and 'data-testid="rating-form"' in page
    assert other.post(f"/portal/track/{order.number}/rate/", {"satisfaction": "satisfied"}).status_code == 404
    page = client.post(f"/portal/track/{order.number}/rate/", {"satisfaction": "satisfied", "note": "很及时"})
    order.refresh_from_db()
    assert (order.state, order.satisfaction) == (OrderState.CLOSED, "satisfied")
    assert "已办结" in page.content.decode()


def client_class_fresh():
    from django.test import Client

    return Client(REMOTE_ADDR="198.51.100.7")


def test_public_faq_and_calculators(client, court):
    assert "上诉" in client.get("/portal/faq/", {"q": "判决书送达后多久可以上诉"}).content.decode()
    page = client.get(
        "/portal/calculators/",
        {
            "fee": "1",
            "fee-kind": "property",
            "fee-amount": "100000",
            "fee-procedure": "ordinary",
            "fee-settlement": "none",
            "court": court.code,
        },
    )
    assert page.status_code == 200 and 'data-testid="fee-result"' in page.content.decode()
    # 50 yuan up to 10,000 and 2.5% of the 90,000 above (诉讼费用交纳办法第十三条), grouped as money
    # is written
    assert "2,300.00" in page.content.decode()
