"""Issue 20, items 2, 4 and 7: limits on guessing service passwords that an attacker cannot rotate
away, keys that never shut out everyone behind a shared gateway or address, an atomic count, no case
enumeration, and the same court reach for case lookups as everywhere else."""

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.urls import reverse

from court12368.api import services as clients
from court12368.cases import services
from court12368.core.models import AuditEntry
from court12368.demo.factories import CaseFactory, CourtFactory, PartyFactory
from court12368.ivr import services as voice
from court12368.notifications.models import Notification, SmsSettings
from court12368.sms import inbound

pytestmark = pytest.mark.django_db
GATEWAY = "10.0.0.5"  # Kannel's address: every incoming SMS comes from it


def wrong(n: int) -> str:
    return f"{n:010d}"


def sms(text: str, phone: str, n=[0]) -> str:  # noqa: B006 - a counter for unique gateway ids
    n[0] += 1
    inbound.receive(gateway_id=f"gw-{n[0]}", phone=phone, to_number="1068012368", text=text, ip=GATEWAY)
    return Notification.objects.filter(phone=phone).latest("pk").body


@pytest.fixture
def sms_line(court):
    SmsSettings.objects.create(court=court, inbound_number="1068012368")
    return court


# ---- item 2: password-only guessing on the voice line and SMS -------------------------------------
def test_voice_line_guessing_from_rotating_numbers_meets_the_court_line_limit(court, case, party, password):
    """The attack test's 120 guesses through the voice menu, each from a new caller number, then the
    right password: it must not work, and the line says what to do instead."""
    for n in range(120):
        assert voice.case_status(court, wrong(n), caller_number=f"1390000{n:04d}").startswith("!")
    answer = voice.case_status(court, password, caller_number="13912345678")
    assert answer.startswith("!") and "人工" in answer
    compared = AuditEntry.objects.filter(action="verify_failed", channel="ivr").count()
    assert compared == settings.VERIFY_PASSWORD_ONLY_PER_HOUR
    # Another court's line and the same court's case-number channels are untouched.
    assert services.verify_identity(channel="web", case_number=case.number, password=password).party == party


def test_voice_line_guessing_the_day_budget_outlasts_the_hour(court, case, party, password, settings):
    settings.VERIFY_PASSWORD_ONLY_PER_HOUR = 10
    settings.VERIFY_PASSWORD_ONLY_PER_DAY = 25
    start = dt.datetime(2026, 12, 7, 1, tzinfo=dt.UTC)
    guesses = 0
    for hour in range(5):
        with time_machine.travel(start + dt.timedelta(hours=hour, minutes=1), tick=False):
            for n in range(12):
                voice.case_status(court, wrong(hour * 100 + n), caller_number=f"1370000{hour}{n:03d}")
            guesses = AuditEntry.objects.filter(action="verify_failed").count()
    assert guesses == 25  # 10 + 10 + 5, then nothing for the rest of the day
    with time_machine.travel(start + dt.timedelta(hours=25, minutes=2), tick=False):
        assert not voice.case_status(court, password, caller_number="13700009999").startswith("!")


def test_voice_line_guessing_each_wrong_password_counts_against_itself(court, case, party):
    for n in range(8):
        with pytest.raises(services.VerificationFailed):
            services.verify_identity(
                channel="ivr", password="1234567890", court=court, caller_number=f"1{n:010d}"
            )
    # Compared five times, then refused without comparing; worded like any mismatch.
    assert AuditEntry.objects.filter(action="verify_failed").count() == 5
    assert set(AuditEntry.objects.filter(action="verify_locked").values_list("details__key", flat=True)) == {
        "guess"
    }


# ---- item 4: keys on shared middlemen shut everybody out -------------------------------------------
def test_sms_gateway_address_is_no_lockout_key(sms_line, case, party, password):
    """Five wrong CX from five phones once locked SMS queries for every party (the key was Kannel's
    address)."""
    for n in range(5):
        assert "不符" in sms(f"CX {wrong(n)}", phone=f"1350000000{n}")
    assert "民初100号" in sms(f"CX {password}", phone="13912345678")
    other = PartyFactory(case=CaseFactory(court=sms_line), phone="13311112222")
    assert (
        services.verify_identity(
            channel="sms",
            password=services.issue_password(other),
            court=sms_line,
            caller_number="13600000000",
            ip=GATEWAY,
        ).party
        == other
    )


def test_registered_mobile_still_queries_while_strangers_have_locked_the_case_and_the_line(
    sms_line, case, party, password, settings
):
    settings.VERIFY_PASSWORD_ONLY_PER_HOUR = 5
    for n in range(5):  # strangers lock the case on the portal ...
        with pytest.raises(services.VerificationFailed):
            services.verify_identity(
                channel="web", case_number=case.number, password=wrong(n), ip=f"10.9.0.{n}"
            )
    for n in range(5):  # ... and exhaust the line's SMS budget
        sms(f"CX {wrong(n)}", phone=f"1350000001{n}")
    assert "暂停" in sms(f"CX {password}", phone="13700000001")  # the right password from a stranger
    assert "民初100号" in sms(f"CX {password}", phone="13912345678")  # from the party's registered mobile
    with pytest.raises(services.VerificationFailed):  # the portal stays locked for the case
        services.verify_identity(channel="web", case_number=case.number, password=password, ip="10.9.9.9")


def test_console_agents_behind_one_nat_address_do_not_lock_each_other(
    client, court, case, party, password, make_staff
):
    first, second = make_staff(username="agent.one"), make_staff(username="agent.two")
    nat = {"REMOTE_ADDR": "10.20.30.40"}
    client.force_login(first)
    for n in range(5):
        other = CaseFactory(court=court)
        form = {"method": "case_and_password", "case_number": other.number, "password": wrong(n)}
        assert (
            client.post(
                reverse("case-lookup"), {**form, "caller_number": f"1370000000{n}"}, **nat
            ).status_code
            == 403
        )
    client.force_login(second)
    form = {"method": "case_and_password", "case_number": case.number, "password": password}
    response = client.post(reverse("case-lookup"), form, **nat)
    assert response.status_code == 200 and "张三" in response.content.decode()


def test_console_one_agent_account_is_limited_whatever_the_callers(client, court, make_staff, settings):
    settings.VERIFY_STAFF_MAX_FAILURES = 3
    agent = make_staff(username="agent.busy")
    client.force_login(agent)
    statuses = []
    for n in range(5):
        form = {
            "method": "case_and_password",
            "case_number": CaseFactory(court=court).number,
            "password": wrong(n),
        }
        statuses.append(
            client.post(reverse("case-lookup"), {**form, "caller_number": f"1360000000{n}"}).status_code
        )
    assert statuses == [403] * 5
    assert AuditEntry.objects.filter(action="verify_failed").count() == 3
    assert "锁定" in client.post(reverse("case-lookup"), form).content.decode()


@pytest.fixture
def app_client(court):
    _client, token = clients.create_client(name="小程序", court=court, scopes=["cases:query"])
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "REMOTE_ADDR": "10.8.8.8"}


def query(client, headers, **body):
    return client.post("/api/v1/cases/query", body, content_type="application/json", **headers)


def test_api_one_end_users_mistakes_lock_that_user_not_the_app(
    client, app_client, court, case, party, password
):
    for n in range(5):
        other = CaseFactory(court=court)
        assert (
            query(
                client, app_client, case_number=other.number, password=wrong(n), end_user="openid-A"
            ).status_code
            == 403
        )
    assert (
        query(client, app_client, case_number=case.number, password=password, end_user="openid-A").status_code
        == 429
    )
    ok = query(client, app_client, case_number=case.number, password=password, end_user="openid-B")
    assert ok.status_code == 200 and ok.json()["number"] == case.number


def test_api_locked_case_reads_like_a_case_that_does_not_exist(client, app_client, court, case, password):
    for n in range(5):
        query(client, app_client, case_number=case.number, password=wrong(n), end_user=f"u{n}")
    locked = query(client, app_client, case_number=case.number, password=password, end_user="u9")
    absent = query(
        client, app_client, case_number="（2026）京0105民初99999号", password=password, end_user="u9"
    )
    assert locked.status_code == absent.status_code == 403
    assert locked.json() == absent.json()


@pytest.mark.django_db(transaction=True)
def test_concurrent_guesses_are_counted_atomically(court, case, party, password, monkeypatch):
    """24 guesses at once from 24 addresses: at most five may ever be compared (the attack test got 7)."""
    compared = []
    real_match = services._match

    def slow_match(*args):
        compared.append(args)
        time.sleep(0.05)  # widen the window between the count and the new attempt row
        return real_match(*args)

    monkeypatch.setattr(services, "_match", slow_match)
    start = threading.Barrier(24)

    def guess(n: int) -> None:
        try:
            start.wait()
            services.verify_identity(
                channel="web", case_number=case.number, password=wrong(n), ip=f"10.7.0.{n}"
            )
        except services.VerificationFailed:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(compared) == services.MAX_FAILURES


# ---- item 7: the console and the API answered for cases outside the asker's court ------------------
def test_console_case_lookup_of_another_courts_case_reads_as_absent(client, make_staff):
    haidian = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    other_case = CaseFactory(court=CourtFactory())
    other_password = services.issue_password(PartyFactory(case=other_case))
    client.force_login(make_staff(username="haidian.agent", court=haidian))
    form = {"method": "case_and_password", "case_number": other_case.number, "password": other_password}
    response = client.post(reverse("case-lookup"), form)
    assert response.status_code == 403 and response.context["view"] is None
    assert not AuditEntry.objects.filter(action="view_case").exists()


def test_api_case_query_outside_the_clients_courts_reads_as_absent(client, court):
    elsewhere = CaseFactory(court=CourtFactory())
    password = services.issue_password(PartyFactory(case=elsewhere))
    _c, token = clients.create_client(name="朝阳小程序", court=court, scopes=["cases:query"])
    response = query(
        client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}, case_number=elsewhere.number, password=password
    )
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="view_case").exists()


# ---- item 14: full-width digits typed with a Chinese input method ----------------------------------
def test_full_width_digits_in_service_passwords_are_the_same_digits(
    client, app_client, court, case, party, password
):
    wide = password.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    ok = query(client, app_client, case_number=case.number, password=wide)
    assert ok.status_code == 200
    page = client.post(
        reverse("portal-case", args=[court.code]),
        {"method": "case_and_password", "case_number": case.number, "password": wide, "agree": "on"},
    )
    assert page.status_code == 200 and case.number in page.content.decode()


# ---- found by the review of this change --------------------------------------------------------------
def test_a_forged_caller_id_on_the_voice_line_does_not_lock_the_partys_sms(sms_line, case, party, password):
    for n in range(6):  # the party's own mobile as the SIP caller id
        voice.case_status(sms_line, wrong(n), caller_number=party.phone)
    assert "民初100号" in sms(f"CX {password}", phone=party.phone)


def test_a_locked_case_leaves_the_same_traces_as_an_absent_one(client, app_client, court, case, password):
    for n in range(5):
        query(client, app_client, case_number=case.number, password=wrong(n), end_user=f"x{n}")
    absent = "（2026）京0105民初99999号"
    for number, user in ((case.number, "p1"), (absent, "p2")):
        answers = [
            query(client, app_client, case_number=number, password=password, end_user=user) for _ in range(6)
        ]
        assert [a.status_code for a in answers] == [403] * 5 + [429]  # the user's own key, either way
    for number, address in ((case.number, "10.6.0.1"), (absent, "10.6.0.2")):
        form = {"method": "case_and_password", "case_number": number, "password": password, "agree": "on"}
        client.post(reverse("portal-case", args=[court.code]), form, REMOTE_ADDR=address)
        page = client.get(reverse("portal-case", args=[court.code]), REMOTE_ADDR=address)
        assert page.context["question"] is not None  # the check question, after the lock as after a mismatch


def test_a_wrong_password_tried_at_another_court_does_not_lock_it_here(court, case, party, password):
    elsewhere = CourtFactory()
    for n in range(6):
        with pytest.raises(services.VerificationFailed):
            services.verify_identity(
                channel="ivr", password=password, court=elsewhere, caller_number=f"1{n:010d}"
            )
    assert services.verify_identity(channel="ivr", password=password, court=court).party == party
