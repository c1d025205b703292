"""Who may reach which route: every route of the platform, for every kind of user. A route added without a
rule in RULES fails `test_every_route_has_a_rule`; a rule that no longer holds fails the matrix.

"Allowed" means the request got past the access checks (a page, a redirect elsewhere, or a complaint about
the empty input); "denied" means a redirect to the login, 401, 403, or 404 for an object out of scope.
POST-only routes are tried with an empty POST.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from court12368.api import services as clients
from court12368.api.models import Scope
from court12368.core import access
from court12368.courts.models import DepartmentKind, Role, Staff
from court12368.demo.factories import StaffFactory
from court12368.workorders.models import SubKind
from tests.reports.conftest import call

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "agent", "judge_a", "judge_b", "head", "leader", "admin", "outsider")

EVERYONE = frozenset(ROLES)
STAFF = EVERYONE - {"anonymous"}
NOBODY = frozenset()  # API routes behind a client token: no browser session opens them
AGENTS = frozenset({"agent"})
LEDGER = frozenset({"agent", "head", "leader", "admin", "outsider"})  # outsider: their own court's
STATISTICS = frozenset({"head", "leader", "admin", "outsider"})
LEADERS = frozenset({"leader", "admin", "outsider"})
ORDER_READERS = frozenset({"agent", "judge_a", "head", "leader", "admin"})  # judge_a handles the order
HANDLING = frozenset({"judge_a", "head"})  # acknowledge, reply, transfer, return
FOLLOW_UP = frozenset({"agent", "admin"})  # dispatch, resolve, inform the caller, call back
COURT_READERS = frozenset({"agent", "head", "leader", "admin"})  # this court's circulars

RULES = {
    "login": EVERYONE, "logout": EVERYONE, "set_language": EVERYONE, "home": STAFF,
    "second-factor-setup": STAFF, "second-factor-verify": STAFF,
    # The API: public tools and data, a session's own identity, and client-token routes.
    "api-v1:openapi-json": EVERYONE, "api-v1:openapi-view": EVERYONE, "api-v1:health": EVERYONE,
    "api-v1:ready": EVERYONE, "metrics": NOBODY,  # metrics: Prometheus' bearer token, no session
    "api-v1:me": STAFF, "api-v1:list_courts": EVERYONE, "api-v1:get_court": EVERYONE,
    "api-v1:case_number": EVERYONE, "api-v1:court_code": EVERYONE, "api-v1:fee": EVERYONE,
    "api-v1:deadline": EVERYONE, "api-v1:classify": EVERYONE, "api-v1:search": EVERYONE,
    "api-v1:article": EVERYONE, "api-v1:slots": EVERYONE, "api-v1:services": EVERYONE,
    "api-v1:sync_cases": NOBODY, "api-v1:query": NOBODY, "api-v1:book": NOBODY, "api-v1:cancel": NOBODY,
    "api-v1:create_request": NOBODY, "api-v1:updates": NOBODY, "api-v1:get_request": NOBODY,
    "api-v1:rate": NOBODY, "api-v1:api-root": NOBODY,
    # Staff pages.
    "case-lookup": STAFF, "knowledge-search": STAFF, "calculators": STAFF, "appointments": STAFF,
    "order-inbox": STAFF, "order-callbacks": STAFF, "order-search": STAFF,
    "console": AGENTS, "caller-history": AGENTS, "call-suggestion": AGENTS, "send-address": AGENTS,
    "console-verify": AGENTS,
    "sms-inbox": AGENTS, "sms-handle": AGENTS, "call-queue": AGENTS, "queue-answer": AGENTS,
    "queue-transfer": AGENTS,
    "order-detail": ORDER_READERS, "order-attachment": ORDER_READERS, "order-recording": ORDER_READERS,
    "order-caller-number": HANDLING | FOLLOW_UP,  # those who call the caller back; leaders see it masked
    "order-notices": STAFF, "order-notices-all-read": STAFF,
    "order-notice-read": frozenset({"judge_a"}),  # one's own notice only: the world's is judge_a's
    "order-acknowledge": HANDLING, "order-reply": HANDLING, "order-transfer": HANDLING,
    "order-return": HANDLING,
    "order-dispatch": FOLLOW_UP, "order-resolve": FOLLOW_UP, "order-inform": FOLLOW_UP,
    "order-confirm-type": FOLLOW_UP,
    "order-callback": FOLLOW_UP, "order-forward": FOLLOW_UP,
    "order-petition": HANDLING | FOLLOW_UP,  # the handler decides, the line records a review request
    # Oversight.
    "ledger": LEDGER, "ledger-export": LEDGER, "hotspots": LEDGER, "circulars": LEDGER,
    "ledger-export-status": AGENTS, "ledger-export-download": AGENTS,  # the agent asked for it
    "circular-detail": COURT_READERS, "circular-download": COURT_READERS,
    "kpis": STATISTICS, "kpis-json": STATISTICS, "assessment": STATISTICS,
    "dashboard": LEADERS, "dashboard-red-board": LEADERS, "dashboard-json": LEADERS,
    "circular-generate": LEADERS,
    "duty-roster": frozenset({"admin"}),  # and the head of the litigation service centre (not in the matrix)
    # Gateways: their own shared secrets, checked before anything else.
    "kannel-dlr": EVERYONE,  # every report is signed per message; a bad one is refused with 400/403
    "kannel-inbound": NOBODY,
    "wechat-callback": NOBODY,  # the official account's token signs every call; no session opens it
    # The public portal (tracking and rating need the order's number and the caller's phone).
    "portal": EVERYONE, "portal-track": EVERYONE, "portal-faq": EVERYONE, "portal-calculators": EVERYONE,
    "portal-court": EVERYONE, "portal-case": EVERYONE, "portal-submit": EVERYONE,
    "portal-appointments": EVERYONE, "portal-cancel": EVERYONE, "portal-rate": NOBODY,
}  # fmt: skip
# Staff routes that show only the user's own things or no court data at all, so need no access rule.
OWN_ONLY = frozenset({"home", "second-factor-setup", "second-factor-verify", "api-v1:me", "knowledge-search",
                      "calculators",
                      "order-notices", "order-notices-all-read", "order-notice-read"})  # fmt: skip
ADMIN_PAGES = ("admin:index", "admin:core_auditentry_changelist", "admin:courts_staff_changelist")


def routes():
    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
                )
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, prefix + str(pattern.pattern), pattern.pattern

    return list(walk(get_resolver().url_patterns))


def url_for(name, pattern, objects):
    keys = getattr(pattern, "converters", None) or pattern.regex.groupindex
    return reverse(
        name, kwargs={key: objects[key].get(name, 0) if key == "pk" else objects[key] for key in keys}
    )


def allowed(client, url) -> bool:
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    if response.status_code in (401, 403, 404):
        return False
    return not (response.status_code == 302 and "/login/" in response["Location"] and "logout" not in url)


def test_every_route_has_a_rule():
    named = {name for name, path, _ in routes() if not path.startswith("admin/")}
    assert None not in named, "every route needs a name"
    assert named - RULES.keys() == set(), "add these routes to RULES"
    assert RULES.keys() - named == set(), "these rules name no route"
    for name, path, _ in routes():
        if path.startswith("admin/"):
            assert name.startswith("admin:"), f"{path} is under admin/ but not the admin site's"


def test_the_matrix(client, world):
    _c, people, objects = world
    wrong = []
    for name, path, pattern in routes():
        if path.startswith("admin/"):
            continue
        url = url_for(name, pattern, objects)
        for role in ROLES:
            client.logout()
            if people[role] is not None:
                client.force_login(people[role])
            if allowed(client, url) != (role in RULES[name]):
                wrong.append(f"{name} {role}: {'allowed' if role not in RULES[name] else 'denied'}")
    assert wrong == []


def test_only_administrators_reach_the_configuration(client, world):
    _c, people, _objects = world
    for name in ADMIN_PAGES:
        for role in ROLES:
            client.logout()
            if people[role] is not None:
                client.force_login(people[role])
            response = client.get(reverse(name))
            assert (response.status_code == 200) == (role == "admin"), (name, role, response.status_code)


def test_a_court_administrator_is_no_superuser_and_holds_only_the_roles_permissions(world):
    """Finding 15: every court administrator was a superuser, kept to their courts only by the admin's
    scoping, so any permission check added later let them through."""
    court_admin = world[1]["admin"]
    assert court_admin.is_staff and court_admin.is_superuser is False
    assert court_admin.has_perm("courts.change_staff") and court_admin.has_module_perms("courts")
    outside = ["hotline.view_call", "hotline.change_call", "auth.change_group", "auth.view_permission",
               "workorders.change_workorder", "courts.delete_court", "core.change_auditentry",
               "axes.view_accessattempt", "reports.view_circular"]  # fmt: skip
    assert [perm for perm in outside if court_admin.has_perm(perm)] == []
    # The call queue (hotline.queuedcall) is theirs to read, the calls and the cases are not.
    assert not court_admin.has_module_perms("cases") and not court_admin.has_module_perms("auth")


@pytest.mark.urls("tests.security.throwaway_admin_urls")
def test_a_page_registered_later_is_refused_to_court_administrators(client, world):
    """Finding 15: an admin page with none of our scoping (as a library or a later change adds one) opens
    to the platform administrator only."""
    _c, people, _objects = world
    url = reverse("throwaway:hotline_call_changelist")
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        assert not allowed(client, url), role
    client.force_login(Staff.objects.create_superuser("root", password="Root-12368-pass"))
    assert client.get(url).status_code == 200


# Finding 16: who may open a report of violations of law and discipline (违法违纪举报) and a complaint about
# judge_a (the judge of the case both are about); everyone else in the matrix is refused both.
CONFIDENTIAL = {
    "report": {"agent", "discipline_head", "leader"},  # the agent who logged it, the centre, the leaders
    "complaint": {"agent", "other_agent", "head", "leader", "admin"},  # never judge_a
}


def test_discipline_reports_and_complaints_about_a_judge(client, world):
    """Finding 16: reports of violations were read by every agent and leader of the court, and a
    complaint could reach the judge it is about. Checked on the order page, the inbox, the ledger (its
    exports read the same rows), the console's screen-pop and the work orders in 系统配置."""
    c, people, _objects = world
    people = {**people, "discipline_head": c.head[DepartmentKind.DISCIPLINE],
              "other_agent": StaffFactory(court=c.court, role=Role.AGENT, username="agent2")}  # fmt: skip
    orders = {
        "report": call(c, "举报承办法官收受当事人财物，有转账记录", "complaint", SubKind.VIOLATION),
        "complaint": call(c, "承办法官开庭时态度粗暴", "complaint", SubKind.CONDUCT),
    }
    assert orders["report"].department.kind == DepartmentKind.DISCIPLINE
    assert orders["complaint"].handler == people["head"] != c.judge == c.case.judge == people["judge_a"]
    wrong = []
    for name, order in orders.items():
        for role, person in people.items():
            if person is None:
                continue
            client.force_login(person)
            expected = role in CONFIDENTIAL[name]
            if allowed(client, reverse("order-detail", args=[order.number])) != expected:
                wrong.append(f"{name} page {role}")
            pages = [reverse("order-inbox")] + ([reverse("ledger")] if person.reads_ledger else [])
            if person.role == Role.AGENT:  # the screen-pop of the caller's earlier calls
                pages.append(reverse("caller-history") + f"?caller_number={order.caller_phone}")
            if person.is_staff:
                pages.append(reverse("admin:workorders_workorder_changelist"))
            listed = [url for url in pages if order.number in client.get(url).content.decode()]
            if not expected and listed:
                wrong.append(f"{name} listed to {role} in {listed}")
            if expected and person.reads_ledger and reverse("ledger") not in listed:
                wrong.append(f"{name} missing from {role}'s ledger")
    assert wrong == []


@pytest.fixture
def consulted(monkeypatch):
    """The access actions asked for while the fixture is in use (every rule wrapped to note its name)."""
    asked = []

    def noting(action, decide):
        def rule(principal):
            asked.append(action)
            return decide(principal)

        return rule

    for action, decide in list(access._RULES.items()):
        monkeypatch.setitem(access._RULES, action, noting(action, decide))
    return asked


def test_every_guarded_route_asks_the_one_door(client, world, consulted):
    """Every staff route that shows or changes court data decides through core.access.restrict, for
    every kind of staff member: a view that checks roles by itself, or forgets to, fails here."""
    _c, people, objects = world
    silent = []
    for name, path, pattern in routes():
        if path.startswith("admin/") or RULES[name] in (EVERYONE, NOBODY) or name in OWN_ONLY:
            continue
        url = url_for(name, pattern, objects)
        for role in STAFF:
            client.force_login(people[role])
            consulted.clear()
            allowed(client, url)
            if not consulted:
                silent.append(f"{name} {role}")
    assert silent == []


# The case query needs the party's own proof (password, or ID and phone), whichever court: no court scope.
CLIENT_ROUTES_WITHOUT_SCOPE = frozenset({"api-v1:query", "api-v1:api-root"})


def test_every_client_route_asks_the_one_door(client, world, consulted):
    """Each API route behind a client token decides the client's reach through core.access."""
    c, _people, objects = world
    _client, token = clients.create_client(name="app", court=c.court, scopes=list(Scope.values))
    number, phone = objects["number"], "13600000000"
    request = {"court_code": c.court.code, "service_code": "contact_judge", "description": "请法官回电话"}
    booking = {"slot_id": 1, "name": "周", "phone": phone, "matter": "立案"}
    case = {"number": "（2026）京0105民初9号", "court_code": c.court.code, "stage": "filed", "parties": []}
    calls = {
        "api-v1:create_request": ("post", "/requests", {**request, "name": "钱", "phone": phone}),
        "api-v1:updates": ("get", "/requests/updates", None),
        "api-v1:get_request": ("get", f"/requests/{number}", None),
        "api-v1:rate": ("post", f"/requests/{number}/rating", {"phone": phone, "satisfaction": "satisfied"}),
        "api-v1:book": ("post", "/appointments", booking),
        "api-v1:cancel": ("post", "/appointments/ABCDEF/cancel", {"phone": phone}),
        "api-v1:sync_cases": ("post", "/sync/cases", [case]),
    }  # fmt: skip
    token_routes = {n for n, rule in RULES.items() if n.startswith("api-v1:") and rule == NOBODY}
    assert token_routes - CLIENT_ROUTES_WITHOUT_SCOPE == calls.keys(), "a new client route needs a call here"
    silent = []
    for name, (method, path, body) in calls.items():
        consulted.clear()
        send = getattr(client, method)
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        response = (
            send(f"/api/v1{path}", body, content_type="application/json", **extra)
            if body
            else send(f"/api/v1{path}", **extra)
        )
        assert response.status_code < 500, (name, response.status_code)
        if not any(action.startswith("api.") for action in consulted):
            silent.append(name)
    assert silent == []
