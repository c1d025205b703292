"""core.access: the one door every list, detail, export and API endpoint goes through."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from court12368.api import services as clients
from court12368.core import access
from court12368.courts.models import Role
from court12368.demo.factories import CourtFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_an_undeclared_action_is_an_error_not_a_yes(court):
    agent = StaffFactory(court=court, role=Role.AGENT)
    with pytest.raises(LookupError):
        access.restrict(agent, "order.raed")


def test_anonymous_visitors_are_refused_before_any_rule():
    for action in access.actions():
        with pytest.raises(PermissionDenied):
            access.restrict(AnonymousUser(), action)
        assert not access.permits(None, action)


def test_staff_actions_are_not_open_to_api_clients_nor_the_reverse(court):
    client, _token = clients.create_client(name="app", court=court, scopes=["requests"])
    leader = StaffFactory(court=court, role=Role.LEADER)
    for action in access.actions():
        by_client, by_leader = access.permits(client, action), access.permits(leader, action)
        assert by_client == action.startswith("api."), action
        if action.startswith("api."):
            assert not by_leader, action


def test_out_of_scope_reads_as_absent(court, make_staff):
    other = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    theirs = StaffFactory(court=other, role=Role.LEADER)
    ours = make_staff(Role.LEADER)
    assert access.get_or_404(ours, "court.lead", pk=court.pk) == court
    with pytest.raises(Http404):
        access.get_or_404(theirs, "court.lead", pk=court.pk)


def test_a_high_courts_client_reaches_every_court_below_it():
    high = CourtFactory(code="京", name="北京市高级人民法院", level="high")
    middle = CourtFactory(code="京01", name="北京市第一中级人民法院", level="intermediate", parent=high)
    basic = CourtFactory(code="京0108", name="北京市海淀区人民法院", parent=middle)
    elsewhere = CourtFactory(code="沪", name="上海市高级人民法院", level="high")
    by_high, _t = clients.create_client(name="province", court=high, scopes=["cases:sync"])
    by_middle, _t = clients.create_client(name="city", court=middle, scopes=["cases:sync"])
    assert set(access.restrict(by_high, "api.court")) == {high, middle, basic}
    assert set(access.restrict(by_middle, "api.court")) == {middle, basic}
    assert elsewhere not in access.restrict(by_high, "api.court")
