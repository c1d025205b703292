"""The ledger sorts by any column, keeps its filters in a compact bar, says so when nothing matches, and its
export link keeps the filters and the sort (issue 23, "Find anything")."""

import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.reports.forms import LEDGER_COLUMNS
from court12368.reports.queries import SORTS
from court12368.workorders.models import Light, OrderState, WorkOrder
from tests.reports.conftest import at, call

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(c):
    """Three orders of different kinds, days, lights and states, created in this order."""
    consult = call(c, "2 询问诉讼费", "consultation", now=at(3))
    complaint = call(c, "1 法官态度差", "complaint", "conduct", now=at(5))
    petition = call(c, "3 不服判决", "petition", now=at(7))
    WorkOrder.objects.filter(pk=consult.pk).update(light=Light.RED, state=OrderState.CLOSED)
    WorkOrder.objects.filter(pk=complaint.pk).update(light=Light.YELLOW)
    return {"consult": consult, "complaint": complaint, "petition": petition}


def listed(client, **query):
    response = client.get(reverse("ledger"), query)
    assert response.status_code == 200, query
    return [o.number for o in response.context["page"]]


def test_every_column_sorts_both_ways(client, c, orders):
    assert [key for key, _label in LEDGER_COLUMNS] == list(SORTS)
    client.force_login(c.president)
    everything = set(listed(client))
    for key in SORTS:
        up, down = listed(client, sort=key), listed(client, sort=f"-{key}")
        assert set(up) == set(down) == everything, key


def test_the_sort_orders_as_people_read_the_column(client, c, orders):
    client.force_login(c.president)
    by_name = {o.pk: name for name, o in orders.items()}
    numbers = {o.number: by_name[o.pk] for o in orders.values()}

    def names(**query):
        return [numbers[n] for n in listed(client, **query)]

    assert names() == ["petition", "complaint", "consult"]  # newest first, as before
    assert names(sort="created") == ["consult", "complaint", "petition"]
    assert names(sort="content") == ["complaint", "consult", "petition"]  # 1 2 3
    assert names(sort="-content") == ["petition", "consult", "complaint"]
    assert names(sort="light") == ["petition", "complaint", "consult"]  # green, yellow, red
    assert names(sort="-light") == ["consult", "complaint", "petition"]
    assert names(sort="kind") == ["consult", "petition", "complaint"]  # the types' own order
    assert names(sort="state")[-1] == "consult"  # closed is the lifecycle's last state
    assert names(sort="number") == sorted(names(), key=lambda n: orders[n].number)
    assert names(sort="nonsense") == names()  # an unknown key: the default order, no error


def test_the_headers_link_the_sort_and_keep_the_filters(client, c, orders):
    client.force_login(c.president)
    response = client.get(reverse("ledger"), {"kind": "complaint", "sort": "content", "page": "1"})
    headers = {h["key"]: h for h in response.context["headers"]}
    assert headers["content"]["direction"] == "ascending"
    assert parse_qs(headers["content"]["query"]) == {"kind": ["complaint"], "sort": ["-content"]}
    assert parse_qs(headers["created"]["query"]) == {"kind": ["complaint"], "sort": ["created"]}
    page = response.content.decode()
    assert 'aria-sort="ascending"' in page and 'data-sort="light"' in page
    assert '<input type="hidden" name="sort" value="content"' in page  # filtering again keeps the sort


def test_the_export_link_keeps_the_filters_and_the_sort(client, c, orders):
    client.force_login(c.agent)
    response = client.get(reverse("ledger"), {"kind": "consultation", "sort": "-number"})
    link = response.content.decode().split('data-testid="ledger-export"')[0].rsplit('href="', 1)[1]
    url = urlsplit(link.split('"')[0].replace("&amp;", "&"))
    assert url.path == reverse("ledger-export")
    assert parse_qs(url.query) == {"kind": ["consultation"], "sort": ["-number"]}
    response = client.get(reverse("ledger-export"), {"sort": "-number"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    exported = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert exported == sorted((o.number for o in orders.values()), reverse=True)
    # The sort is no filter: the audit log and the workbook's summary describe the filters only.
    entry = AuditEntry.objects.filter(action="reports.ledger_exported").latest("pk")
    assert entry.details["filters"] == {}


def test_an_empty_result_says_so_and_still_offers_the_export(client, c, orders):
    client.force_login(c.president)
    response = client.get(reverse("ledger"), {"q": "没有这样的内容"})
    page = response.content.decode()
    assert "没有符合条件的工单" in page and "没有符合条件的工单。" not in page
    assert 'data-testid="ledger-export"' in page


def test_the_first_row_of_filters_shows_and_the_rest_fold_until_one_is_set(client, c, orders):
    client.force_login(c.president)
    form = client.get(reverse("ledger")).context["form"]
    first = [f.name for f in form.first_row()]
    folded = [f.name for f in form.more_filters()]
    assert first == ["q", "start", "end", "department", "kind"]
    assert set(first) | set(folded) | {"sort"} == set(form.fields) and "sort" not in folded
    page = client.get(reverse("ledger")).content.decode()
    assert '<details class="more-filters" data-testid="more-filters">' in page  # closed
    for name, value in (("state", "dispatched"), ("overdue", "on"), ("handler", str(c.agent.pk))):
        page = client.get(reverse("ledger"), {name: value}).content.decode()
        assert 'data-testid="more-filters" open>' in page, name
    page = client.get(reverse("ledger"), {"kind": "complaint"}).content.decode()
    assert 'data-testid="more-filters" open>' not in page  # a first-row filter is in plain sight
