import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from court12368.courts.models import Role
from court12368.notifications import templating
from court12368.notifications.models import SmsEvent, SmsSettings, SmsTemplate

pytestmark = pytest.mark.django_db


def test_built_in_text_with_the_courts_short_name_as_signature(court):
    text = templating.render(court, SmsEvent.RESULT, order_number="2026112300000001", text="已联系法官")
    assert text == "【朝阳区人民法院】您反映的事项（编号2026112300000001）已办理：已联系法官"


def test_a_courts_own_template_and_signature_win(court):
    SmsSettings.objects.create(court=court, signature="朝阳法院")
    SmsTemplate.objects.create(
        court=court, event=SmsEvent.RESULT, body="{signature}{order_number}办结：{text}"
    )
    assert templating.render(court, SmsEvent.RESULT, order_number="N1", text="好") == "【朝阳法院】N1办结：好"


def test_other_courts_keep_the_built_in_text(court):
    from court12368.demo.factories import CourtFactory

    other = CourtFactory(code="京0108", name="北京市海淀区人民法院", short_name="海淀区人民法院")
    SmsTemplate.objects.create(court=court, event=SmsEvent.RESULT, body="{signature}改过的")
    assert "已办理" in templating.render(other, SmsEvent.RESULT, order_number="N", text="t")


def test_dates_are_written_the_chinese_way(court):
    import datetime as dt
    from zoneinfo import ZoneInfo

    due = dt.datetime(2026, 11, 26, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert "11月26日09:30" in templating.render(court, SmsEvent.WARN, order_number="N", reply_due=due)


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("{signature}{case_number}", "{case_number}"),  # a variable of another event
        ("{signature}{oder_number}", "{oder_number}"),  # a typo
        ("{signature}工单{order_number", "{"),
        ("   ", ""),
    ],
)
def test_bad_templates_are_refused_in_chinese_with_the_allowed_variables(court, body, complaint):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        SmsTemplate(court=court, event=SmsEvent.RESULT, body=body).full_clean()
    message = " ".join(error.value.messages)
    assert complaint in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)  # Chinese, for the administrator


def test_every_built_in_text_passes_its_own_check():
    for event, body in templating.DEFAULTS.items():
        templating.check_template(event, body)
    assert set(templating.DEFAULTS) == set(SmsEvent.values) == set(templating.VARIABLES)


def test_administrators_edit_templates_in_the_admin_and_a_typo_is_shown(client, court, make_staff):
    admin = make_staff(role=Role.ADMINISTRATOR, username="root")
    client.force_login(admin)
    url = "/admin/notifications/smstemplate/add/"
    response = client.post(url, {"court": court.pk, "event": "dispatch", "body": "{signature}{oops}"})
    assert response.status_code == 200 and "{oops}" in response.content.decode()
    assert not SmsTemplate.objects.exists()
    body = "{signature}工单{order_number}请于{reply_due}前回复"
    response = client.post(url, {"court": court.pk, "event": "dispatch", "body": body})
    assert response.status_code == 302
    assert SmsTemplate.objects.get().body == body
