"""The voice line of a served platform, called as a softphone on the same machine would call it."""

import asyncio
import sqlite3
import time

import pytest

from tests.ivr.sipphone import Phone
from tests.loops import run_on_own_thread

pytestmark = pytest.mark.browser


def rows(served, sql):
    if served.database_url:
        import psycopg

        with psycopg.connect(served.database_url) as conn:
            return conn.execute(sql).fetchall()
    db = sqlite3.connect(served.data_dir / "court12368.sqlite3")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_a_softphone_calls_the_served_line_keys_a_demo_password_and_hears_the_status(served):
    line = next(x for x in served.text.splitlines() if "（2026）京0105民初1号" in x)
    password = line.split()[-1]
    assert f"sip:12368@127.0.0.1:{served.sip_port}" in served.text  # serve tells people where to dial

    async def call():
        phone = Phone(("127.0.0.1", served.sip_port), user="13900001111")
        await phone.open()
        try:
            assert await phone.dial() == 200
            for key in "1" + password + "#":  # typed ahead during the welcome
                phone.key(key)
                await asyncio.sleep(0.1)
            sent = time.monotonic()
            await asyncio.sleep(25)  # the welcome, then the status
            heard_after = sum(1 for at in phone.voice_at if at > sent) * 0.02
            await phone.hang_up()
            return heard_after
        finally:
            phone.close()

    heard_after = run_on_own_thread(call())
    assert heard_after > 8  # a status of several sentences, not a short refusal
    for _ in range(50):
        found = rows(served, "SELECT content FROM hotline_call WHERE caller_number = '13900001111'")
        if found:
            break
        time.sleep(0.1)
    assert found and "案件查询" in found[0][0]
    assert served.text.count(password) == 1  # printed once as a demo login; the keyed one reaches no log
