"""A court's administrator sets up the official account in 系统配置; the secrets are written, never shown."""

import pytest

from court12368.core.models import AuditEntry
from court12368.courts.models import Role
from court12368.wechat import services
from court12368.wechat.models import WechatAccount, WechatMessage
from court12368.workorders.models import WorkOrder
from tests.wechat.conftest import AES_KEY, APP_ID, OPENID, TOKEN

pytestmark = pytest.mark.django_db
ADD = "/admin/wechat/wechataccount/add/"
LIST = "/admin/wechat/wechataccount/"


@pytest.fixture
def administrator(client, make_staff):
    admin = make_staff(role=Role.ADMINISTRATOR, username="cfg.wechat", is_staff=True)
    client.force_login(admin)
    return admin


def form(court, **changes):
    return {"court": court.pk, "app_id": APP_ID, "token": TOKEN, "encoding_aes_key": AES_KEY,
            "mode": "safe", "active": "on", **changes}  # fmt: skip


def test_the_administrator_enters_appid_token_and_key_and_they_are_never_shown(client, court, administrator):
    assert client.post(ADD, form(court, app_id="wx12")).status_code == 200  # not an AppID
    assert client.post(ADD, form(court, encoding_aes_key="", mode="safe")).status_code == 200  # safe needs it
    assert not WechatAccount.objects.exists()
    assert client.post(ADD, form(court)).status_code == 302
    account = WechatAccount.objects.get()
    assert (account.court, account.app_id, account.token, account.encoding_aes_key) == (
        court,
        APP_ID,
        TOKEN,
        AES_KEY,
    )
    listing = client.get(LIST).content.decode()
    assert APP_ID in listing and f"/wechat/{APP_ID}/" in listing
    assert AES_KEY not in listing and TOKEN not in listing
    page = client.get(f"{LIST}{account.pk}/change/").content.decode()
    assert AES_KEY not in page and TOKEN not in page
    # Saved again with the secrets left empty: they stay.
    assert client.post(f"{LIST}{account.pk}/change/", form(court, token="", encoding_aes_key="",
                                                           active="")).status_code == 302  # fmt: skip
    account.refresh_from_db()
    assert (account.token, account.encoding_aes_key, account.active) == (TOKEN, AES_KEY, False)
    logged = " ".join(str(e.details) for e in AuditEntry.objects.filter(channel="admin"))
    assert "config.added" in set(AuditEntry.objects.values_list("action", flat=True))
    assert AES_KEY not in logged and TOKEN not in logged


def test_another_courts_administrator_does_not_see_the_account(client, court, make_staff, plain_account):
    from court12368.demo.factories import CourtFactory

    other = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    outsider = make_staff(role=Role.ADMINISTRATOR, username="cfg.other", court=other, is_staff=True)
    client.force_login(outsider)
    assert APP_ID not in client.get(LIST).content.decode()


def test_a_retry_that_raced_the_first_try_gets_its_answer(plain_account, monkeypatch):
    """Two deliveries of one MsgId at once: the second meets the first's row at the unique constraint."""
    incoming = services.Incoming(account="gh_1", openid=OPENID, created="1700000000", msg_type="text",
                                 content="请转人工处理", msg_id="42")  # fmt: skip
    first = services.receive(plain_account, incoming)
    real = services._taken
    calls = []

    def taken_after_the_first_look(*args):
        calls.append(1)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(services, "_taken", taken_after_the_first_look)
    again = services.receive(plain_account, incoming)
    assert again.pk == first.pk and again.reply == first.reply
    assert WechatMessage.objects.count() == 1 and WorkOrder.objects.count() == 1


def test_old_messages_lose_the_openid_the_text_and_the_answer(wechat, settings):
    import datetime as dt

    from django.utils import timezone

    from court12368 import retention

    wechat.say(OPENID, "帮助")
    settings.KEEP_PERSONAL_DAYS = 30
    done = retention.purge(timezone.now() + dt.timedelta(days=31))
    message = WechatMessage.objects.get()
    assert done.wechat == 1 and "*" in message.openid and OPENID not in message.openid
    assert (message.text, message.reply) == ("", "")
