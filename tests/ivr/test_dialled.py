"""Issue 25, item 1 (in part): one line, many courts' numbers; the dialled number picks the court."""

import asyncio

import pytest

from court12368.courts.models import PublicNumber
from court12368.ivr import dialled, services
from tests.ivr.bridging import until
from tests.ivr.test_sip import call


def test_the_national_form_of_a_dialled_number(settings):
    settings.IVR_TRUNK_PREFIXES = ["17909"]
    assert dialled.national("0579-85212368") == "057985212368"
    assert dialled.national("+86 579 8521 2368") == "057985212368"
    assert dialled.national("0086-10-50105368") == "01050105368"
    assert dialled.national("17909057985212368") == "057985212368"  # the carrier's prefix is taken off
    assert dialled.national("+8613912345678") == "13912345678"  # a mobile keeps its own form
    assert dialled.national("12368") == "12368"


def test_each_court_is_found_by_its_own_numbers_and_a_shared_one_by_none(db, courts, settings):
    settings.IVR_COURT = ""
    for number, court in courts.items():
        assert dialled.court_for_number(number) == court
        assert services.court_for_line(number) == court
    assert dialled.court_for_number("85212368") == courts["057985212368"]  # dialled without the area code
    assert dialled.court_for_number("12368") is None  # every court's: no number says which
    PublicNumber.objects.create(court=courts["037963212368"], number="0379-85212368")
    assert dialled.court_for_number("85212368") is None  # two courts have it locally: not guessed


@pytest.mark.django_db(transaction=True)
def test_calls_to_three_numbers_reach_three_courts_menus(line, courts, settings):
    settings.IVR_COURT = ""
    engine, voice = line

    async def script(phone, server):
        for number in courts:
            assert await phone.dial(f"sip:{number}@127.0.0.1") == 200
            await until(lambda: any("请按" in text or "请选择" in text for text in engine.said))
            await asyncio.sleep(0.3)
            await phone.hang_up()
            await asyncio.sleep(0.3)

    call(voice, script)
    welcomes = [text for text in engine.said if text.startswith("您好，这里是")]
    for court in courts.values():
        assert any(court.name in text for text in welcomes), (court.name, welcomes)
    from court12368.hotline.models import Call

    assert {c.court for c in Call.objects.all()} == set(courts.values())


def test_serve_names_a_number_for_each_court_that_reaches_that_court(db, courts, settings):
    settings.IVR_COURT = ""
    listed = services.dialled_numbers()
    assert sorted(number for _name, number in listed) == sorted(courts)
    for name, number in listed:
        assert services.court_for_line(number).name == name
