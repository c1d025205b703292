"""The voice menu without telephony: events in, actions out."""

import pytest

from court12368.ivr.machine import Ask, Hangup, Machine, Record, Say, Transfer
from court12368.ivr.menu import standard_menu

ARTICLES = {
    "filing-conditions": ("起诉需要什么条件？", "起诉要有明确的被告和具体的诉讼请求。"),
    "costs-property-case-fee": ("诉讼费怎么算？", "财产案件按争议金额分段累计交纳。"),
}
PASSWORD = "2026010501"


def lookup(password):
    return "您查询的案件目前审理中。" if password == PASSWORD else "!您输入的信息与记录不符。"


def machine(open_now=True):
    return Machine(standard_menu(ARTICLES), "朝阳区人民法院", open_now, lookup)


def texts(actions):
    return [a.text for a in actions if isinstance(a, Say | Ask)]


def test_welcome_then_the_menu_with_agent_in_working_hours():
    actions = machine().start()
    assert isinstance(actions[0], Say) and "朝阳区人民法院" in actions[0].text
    menu = actions[1]
    assert isinstance(menu, Ask) and menu.max_digits == 1
    assert "案件信息查询请按一" in menu.text and "人工服务请按零" in menu.text and "留言" not in menu.text


def test_after_hours_the_menu_offers_voicemail_not_an_agent():
    m = machine(open_now=False)
    menu = m.start()[1].text
    assert "留言请按九" in menu and "人工服务" not in menu
    assert texts(m.digits("0"))[0] == "输入有误。"


def test_case_query_by_password():
    m = machine()
    m.start()
    prompt = m.digits("1")
    assert isinstance(prompt[0], Ask) and prompt[0].terminator == "#" and prompt[0].max_digits == 16
    answer = m.digits(PASSWORD + "#")
    assert texts(answer)[0] == "您查询的案件目前审理中。" and isinstance(answer[1], Ask)
    assert m.log == ["案件信息查询", "案件查询"]


def test_three_wrong_passwords_end_the_call():
    m = machine()
    m.start()
    m.digits("1")
    for _ in range(2):
        again = m.digits("111111#")
        assert texts(again)[0] == "您输入的信息与记录不符。" and again[1].terminator == "#"
    last = m.digits("111111#")
    assert isinstance(last[-1], Hangup) and m.digits("1") == []


def test_guides_read_short_answers_and_hash_goes_back():
    m = machine()
    m.start()
    submenu = m.digits("2")
    assert "起诉需要什么条件？请按一" in submenu[0].text and "返回上一级请按井号键" in submenu[0].text
    answer = m.digits("1")
    assert texts(answer)[0] == "起诉要有明确的被告和具体的诉讼请求。"
    back = m.digits("#")
    assert "案件信息查询请按一" in back[0].text


def test_star_repeats_and_a_wrong_key_is_said_so():
    m = machine()
    first = m.start()[1]
    assert m.digits("*") == [first]
    wrong = m.digits("5")  # 庭审程序: no article of it in this small knowledge base, but the item exists
    assert isinstance(wrong[0], Ask)
    assert texts(m.digits("#"))  # back at the top


def test_agent_transfer_in_working_hours():
    m = machine()
    m.start()
    actions = m.digits("0")
    assert isinstance(actions[-1], Transfer) and "转接人工服务" in actions[0].text


def test_voicemail_after_hours():
    m = machine(open_now=False)
    m.start()
    actions = m.digits("9")
    assert isinstance(actions[-1], Record) and actions[-1].terminator == "#"
    done = m.recorded("/recordings/vm-1.wav")
    assert isinstance(done[-1], Hangup) and "下一个工作日" in done[0].text


@pytest.mark.parametrize("mode", ["menu", "password"])
def test_silence_is_asked_twice_more_then_goodbye(mode):
    m = machine()
    m.start()
    if mode == "password":
        m.digits("1")
    assert isinstance(m.timeout()[0], Ask)
    assert isinstance(m.timeout()[0], Ask)
    assert isinstance(m.timeout()[-1], Hangup)
