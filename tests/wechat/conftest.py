import pytest
from django.test import Client

from court12368.wechat.models import WechatAccount
from tests.wechat.fake_wechat import FakeWechat

APP_ID = "wx5f3a2b1c0d9e8f70"
TOKEN = "court12368token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the console makes them
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


@pytest.fixture
def plain_account(court):
    return WechatAccount.objects.create(
        court=court, app_id=APP_ID, token=TOKEN, encoding_aes_key=AES_KEY, mode=WechatAccount.Mode.COMPATIBLE
    )


@pytest.fixture
def wechat(plain_account):
    """The platform posting plain-text messages (明文模式, or 兼容模式 without encrypt_type)."""
    return FakeWechat(Client(), app_id=APP_ID, token=TOKEN)


@pytest.fixture
def safe_wechat(court):
    WechatAccount.objects.create(
        court=court, app_id=APP_ID, token=TOKEN, encoding_aes_key=AES_KEY, mode=WechatAccount.Mode.SAFE
    )
    return FakeWechat(Client(), app_id=APP_ID, token=TOKEN, encoding_aes_key=AES_KEY, safe_mode=True)
