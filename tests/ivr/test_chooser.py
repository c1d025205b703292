"""Issue 25, item 1: a number that says no court reaches a first menu where the caller picks it, by area
then court, keys typed ahead, the caller's own area code choosing the area."""

import asyncio

import pytest

from court12368.hotline.models import Call
from court12368.ivr import services
from court12368.ivr.chooser import PAGE, Choice, Chooser, caller_area
from court12368.ivr.machine import Ask, Hangup
from tests.ivr.bridging import until
from tests.ivr.test_sip import call

CHOICES = [
    Choice(1, "北京市朝阳区人民法院", "010"),
    Choice(2, "北京市海淀区人民法院", "010"),
    Choice(3, "河南省洛阳市中级人民法院", "0379"),
    Choice(4, "浙江省义乌市人民法院", "0579"),
]


def test_area_then_court():
    chooser = Chooser(CHOICES, caller="13912345678")  # a mobile: no area code to go by
    welcome, ask = chooser.start()
    assert "区号零一零的法院请按1" in ask.text and "区号零五七九的法院请按3" in ask.text
    [ask] = chooser.digits("1")
    assert "北京市朝阳区人民法院请按1，北京市海淀区人民法院请按2" in ask.text and "返回请按星号键" in ask.text
    assert chooser.digits("2") == [] and chooser.chosen == 2


def test_the_callers_area_code_chooses_the_area():
    assert caller_area("057985551234", ["010", "0379", "0579"]) == "0579"
    assert caller_area("+8657985551234", ["010", "0579"]) == "0579"
    chooser = Chooser(CHOICES, caller="01065551234")
    _welcome, ask = chooser.start()
    assert ask.text.startswith("请选择法院：北京市朝阳区人民法院请按1")
    [ask] = chooser.digits("*")  # another area after all
    assert ask.text.startswith("请选择法院所在地区")


def test_wrong_keys_silence_and_pages():
    chooser = Chooser([Choice(n, f"第{n}法院", "010") for n in range(1, 12)])
    _welcome, ask = chooser.start()
    assert "更多请按9" in ask.text and f"第{PAGE + 1}法院" not in ask.text
    invalid, again = chooser.digits("0")
    assert invalid.key == "invalid" and isinstance(again, Ask)
    [ask] = chooser.digits("9")
    assert ask.text.startswith(f"请选择法院：第{PAGE + 1}法院请按1")
    assert chooser.digits("2") == [] and chooser.chosen == PAGE + 2
    quiet = Chooser(CHOICES)
    quiet.start()
    assert isinstance(quiet.timeout()[0], Ask) and isinstance(quiet.timeout()[0], Ask)
    assert isinstance(quiet.timeout()[-1], Hangup)


@pytest.mark.django_db
def test_an_unknown_number_of_a_line_for_many_courts_says_no_court(courts, settings):
    settings.IVR_COURT = ""
    assert services.court_for_line("12368") is None
    assert [c.name for c in services.court_choices()][0] == "北京市朝阳区人民法院"  # 010 first
    settings.IVR_COURT = "京0105"
    assert services.court_for_line("12368").code == "京0105"  # a court's own line keeps its default


@pytest.mark.django_db(transaction=True)
def test_a_caller_picks_the_court_with_keys_typed_ahead(line, courts, settings):
    settings.IVR_COURT = ""
    engine, voice = line
    yiwu = courts["057985212368"]

    async def script(phone, server):
        assert await phone.dial("sip:12368@127.0.0.1") == 200
        await until(lambda: any(text.startswith("请选择法院所在地区") for text in engine.said))
        phone.key("3")  # 0579, the third area …
        phone.key("1")  # … and its first court, keyed without waiting for the second prompt
        await until(lambda: any(yiwu.name in text for text in engine.said if text.startswith("您好，这里是")))
        await asyncio.sleep(0.3)
        await phone.hang_up()

    call(voice, script)
    assert Call.objects.get().court == yiwu


@pytest.mark.django_db(transaction=True)
def test_over_fastagi_a_number_for_many_courts_lets_the_caller_pick_one(tmp_path, courts, settings):
    from tests.ivr.test_agi import keys, ok, run_call

    settings.IVR_COURT = ""
    yiwu = courts["057985212368"]
    gone = lambda line: "200 result=-1"  # noqa: E731 - the caller hangs up at the court's menu
    answers = [ok, ok, keys("3"), keys("1"), ok, gone]
    commands, said = run_call(tmp_path, None, answers, dialled="12368")
    assert [c.split()[0] for c in commands] == ["ANSWER", "STREAM", "GET", "GET", "STREAM", "GET"]
    assert any(text.startswith("请选择法院所在地区") for text in said)
    assert any(text.startswith("您好，这里是" + yiwu.name) for text in said)
    assert Call.objects.get().court == yiwu
