"""The top bar's search (issue 23, "Find anything"): an order number, a short code, a case number or a
caller's phone; only what the user may read, phones masked, case views audited."""

import pytest
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.demo.factories import CaseFactory, CourtFactory, StaffFactory
from court12368.workorders import search
from court12368.workorders.lifecycle import intake
from court12368.workorders.models import WorkOrder
from tests.builders import Court

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture
def c(court, luoyang):
    return Court(court)


def waiting(c, phone=PHONE, summary="询问开庭时间", case=None, court=None, agent=None):
    """An order taken and not yet dispatched: no handler, so a judge does not read it."""
    return intake.create_work_order(
        court=court or c.court,
        kind="case_query",
        summary=summary,
        agent=agent or c.agent,
        caller_phone=phone,
        case=case,
    )


def find(client, query):
    return client.post(reverse("order-search"), {"q": query})  # as the top bar's box sends it


def test_every_staff_page_has_the_search_box(client, c):
    client.force_login(c.judge)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="top-search"' in page and reverse("order-search") in page
    client.logout()
    assert client.get(reverse("order-search"), {"q": "1"}).status_code == 302  # to the login


def test_an_order_number_opens_the_order(client, c):
    order = waiting(c)
    client.force_login(c.agent)
    response = find(client, f" {order.number} ")
    assert response.status_code == 302 and response["Location"] == reverse(
        "order-detail", args=[order.number]
    )
    assert client.get(reverse("order-search"), {"q": order.number}).status_code == 302  # a link works too


def test_a_short_code_opens_its_order_or_lists_those_sharing_it(client, c):
    first, second = waiting(c), waiting(c, summary="第二张工单")
    client.force_login(c.agent)
    response = find(client, first.short_code)
    assert response["Location"] == reverse("order-detail", args=[first.number])
    WorkOrder.objects.filter(pk=second.pk).update(short_code=first.short_code)
    response = find(client, first.short_code)
    assert response.status_code == 200
    assert {o.number for o in response.context["found"].orders} == {first.number, second.number}
    assert response.context["found"].kind == "short_code"


def test_a_phone_finds_the_callers_orders_masked_and_the_search_is_audited(client, c):
    orders = {waiting(c).number, waiting(c, summary="再次来电").number}
    waiting(c, phone="13800000000")
    client.force_login(c.agent)
    for typed in (PHONE, "139-1234-5678", "+86 139 1234 5678"):
        response = find(client, typed)
        page = response.content.decode()
        assert response.status_code == 200, typed
        assert {o.number for o in response.context["found"].orders} == orders, typed
        assert "139****5678" in page and PHONE not in page
    entry = AuditEntry.objects.filter(action="orders_searched", actor=c.agent).latest("pk")
    assert entry.caller == "139****5678" and entry.details["found"] == 2


def test_a_phone_held_with_the_country_code_is_found_too(c):
    order = waiting(c, phone="+8613912345678")
    assert search.find(c.agent, PHONE).orders == [order]
    assert "+8613912345678" in search.phone_variants(PHONE)


def test_a_case_number_is_normalised_and_shows_the_case_and_its_orders_audited(client, c):
    order = waiting(c, case=c.case)
    typed = c.case.number.replace("（", "(").replace("）", ")")  # half-width brackets, as people type
    client.force_login(c.agent)
    response = find(client, typed)
    page = response.content.decode()
    assert response.status_code == 200 and response.context["found"].kind == "case"
    assert 'data-testid="search-case"' in page and c.case.number in page and c.case.judge_name in page
    assert [o.number for o in response.context["found"].orders] == [order.number]
    entry = AuditEntry.objects.get(action="view_case", actor=c.agent)
    assert entry.subject_id == str(c.case.pk) and entry.details["via"] == "search"
    assert set(entry.details["shown"]) == {"number", "court", "cause", "stage", "judge"}


def test_a_judge_sees_the_case_exists_but_not_orders_they_do_not_handle(client, c):
    order = waiting(c, case=c.case)
    client.force_login(c.judge)
    response = find(client, c.case.number)
    assert response.context["case"]["number"] == c.case.number
    assert response.context["found"].orders == []
    assert find(client, order.number).status_code == 200  # not redirected: the judge may not read it
    assert find(client, order.number).context["found"].orders == []


def test_another_courts_orders_and_cases_are_not_found(client, c):
    other = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    stranger = StaffFactory(court=other, role="agent", username="other_agent")
    theirs = waiting(c, court=other, agent=stranger)
    their_case = CaseFactory(court=other)
    client.force_login(c.agent)
    for query in (theirs.number, theirs.short_code, PHONE):
        response = find(client, query)
        assert response.status_code == 200, query
        assert response.context["found"].orders == [], query
        assert reverse("order-detail", args=[theirs.number]) not in response.content.decode(), query
    response = find(client, their_case.number)
    assert response.context["case"] is None and 'data-testid="search-none"' in response.content.decode()
    assert not AuditEntry.objects.filter(action="view_case").exists()


def test_a_malformed_case_number_is_explained(client, c):
    client.force_login(c.agent)
    response = find(client, "民初123号")
    assert response.status_code == 200 and response.context["found"].error
    assert 'data-testid="search-error"' in response.content.decode()


def test_an_empty_search_shows_the_box_and_nothing_else(client, c):
    client.force_login(c.agent)
    response = find(client, "")
    assert response.status_code == 200 and 'data-testid="search-orders"' not in response.content.decode()
