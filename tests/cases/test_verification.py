import datetime as dt

import pytest
import time_machine

from court12368.cases import services
from court12368.cases.models import ServicePassword
from court12368.core.models import AuditEntry
from court12368.demo.factories import CaseFactory, CourtFactory, PartyFactory
from tests.cases.conftest import ID_NUMBER

pytestmark = pytest.mark.django_db


def verify(**kwargs):
    kwargs.setdefault("channel", "console")
    return services.verify_identity(**kwargs)


def test_passwords_are_random_digits_stored_only_as_a_keyed_hash(party, password):
    assert password.isdigit() and len(password) == services.PASSWORD_DIGITS
    stored = ServicePassword.objects.get(party=party)
    assert password not in stored.digest
    assert stored.digest == services.password_digest(password)
    assert services.issue_password(party) != password  # a new one replaces it
    assert ServicePassword.objects.filter(party=party).count() == 1


def test_case_number_and_password(case, party, password):
    verified = verify(case_number="(2026)京0105民初100号", password=password)  # half-width brackets
    assert (verified.case, verified.party, verified.method) == (case, party, "case_and_password")


def test_password_alone_for_the_voice_menu_within_the_court_called(court, case, party, password):
    assert verify(password=password, court=court, channel="ivr").party == party
    with pytest.raises(services.VerificationFailed):
        verify(password=password, court=CourtFactory(), channel="ivr")


def test_id_number_and_reserved_phone(case, party):
    assert verify(id_number=ID_NUMBER.lower(), phone="13912345678").party == party
    with pytest.raises(services.VerificationFailed):
        verify(id_number=ID_NUMBER, phone="13900000000")


def test_a_password_of_another_case_does_not_open_this_one(case, party):
    other = PartyFactory(case=CaseFactory(court=case.court))
    other_password = services.issue_password(other)
    with pytest.raises(services.VerificationFailed) as failed:
        verify(case_number=case.number, password=other_password)
    assert failed.value.message.startswith("信息与记录不符，请核对后重试。")


def test_five_failures_lock_the_case_even_for_the_right_password(case, party, password):
    for n in range(services.MAX_FAILURES):
        with pytest.raises(services.VerificationFailed) as failed:
            verify(case_number=case.number, password=f"99999{n:05d}", caller_number=f"1380000000{n}")
        assert not failed.value.locked
    with pytest.raises(services.VerificationFailed) as failed:
        verify(case_number=case.number, password=password, caller_number="13911112222")
    # Refused, but worded like any mismatch: a locked case must not tell a stranger that it exists.
    assert not failed.value.locked and failed.value.message == services.mismatch_message()
    assert AuditEntry.objects.filter(action="verify_locked").count() == 1
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1, minutes=1)):
        assert verify(case_number=case.number, password=password).party == party


def test_failures_from_one_caller_number_lock_that_number_across_cases(court, case, party, password):
    for _ in range(services.MAX_FAILURES):
        other = CaseFactory(court=court)
        with pytest.raises(services.VerificationFailed):
            verify(case_number=other.number, password="1234567890", caller_number="13700001111")
    with pytest.raises(services.VerificationFailed) as failed:
        verify(case_number=case.number, password=password, caller_number="13700001111")
    assert failed.value.locked
    # Another caller is not affected.
    assert verify(case_number=case.number, password=password, caller_number="13600001111").party == party


def test_failures_from_one_ip_lock_that_ip(case, party, password):
    for _ in range(services.MAX_FAILURES):
        with pytest.raises(services.VerificationFailed):
            verify(password="1111111111", ip="10.1.2.3", channel="web")
    with pytest.raises(services.VerificationFailed) as failed:
        verify(case_number=case.number, password=password, ip="10.1.2.3", channel="web")
    assert failed.value.locked


def test_every_attempt_is_audited_without_secrets(case, party, password):
    verify(case_number=case.number, password=password, caller_number="13812345678")
    with pytest.raises(services.VerificationFailed):
        verify(case_number=case.number, password="0000000000", caller_number="13812345678")
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "caller", "subject_id"))
    assert entries == [
        ("verify_ok", "138****5678", str(case.pk)),
        ("verify_failed", "138****5678", str(case.pk)),
    ]
    dump = str(list(AuditEntry.objects.values()))
    assert password not in dump and "0000000000" not in dump and "13812345678" not in dump


def test_showing_a_case_is_audited_with_what_was_shown(case, party):
    view = services.show_case(case, audience="party", channel="ivr", caller_number="13812345678")
    assert view["number"] == case.number
    assert view["judge"] == "王法官"
    assert view["next_hearing"] is None or "at" in view["next_hearing"]
    # Staff-only fields stay out of the public view; the fees are the party's to know (issue 22, item 14).
    assert "clerk" not in view and "judge_phone" not in view and "time_limit_changes" not in view
    assert set(view["fees"]) == {"charged", "paid", "refunded"}
    entry = AuditEntry.objects.get(action="view_case")
    assert entry.details["audience"] == "party" and "judge" in entry.details["shown"]
    staff_view = services.show_case(case, audience="staff", channel="console")
    assert staff_view["parties"][0]["id"] == "1101**********1234"
    assert staff_view["parties"][0]["phone"] == "139****5678"


def test_two_thousand_guesses_from_two_thousand_numbers_and_addresses_are_stopped(case, party, password):
    """A botnet: every guess comes from a new caller number and a new address, so only the per-case
    lock stands between it and the password. It does: after five failures nothing gets through, the right
    password included, and no guess is even compared with the stored hash."""
    compared = []
    real_match = services._match

    def counting(*args):
        compared.append(args)
        return real_match(*args)

    rejected, locked = 0, 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "_match", counting)
        for n in range(2_000):
            guess = password if n == 1_000 else f"{n:010d}"  # the right one, half way through
            try:
                verify(
                    case_number=case.number, password=guess, caller_number=f"13{n:09d}",
                    ip=f"10.{n // 65536}.{n // 256 % 256}.{n % 256}", channel="web",
                )  # fmt: skip
            except services.VerificationFailed as failure:
                rejected += 1
                locked += failure.locked
    assert rejected == 2_000  # the right password too: it came after the lock
    assert locked == 0  # each refusal reads as a mismatch: nothing says the case exists
    assert len(compared) <= services.MAX_FAILURES
