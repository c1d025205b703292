import pytest
from django.urls import reverse

from court12368.courts.models import Role

pytestmark = pytest.mark.django_db

ROLE_TITLES = {
    Role.AGENT: "座席工作台",
    Role.DUTY_JUDGE: "值班法官工作台",
    Role.JUDGE: "我的工单",
    Role.CLERK: "我的工单",
    Role.DEPARTMENT_HEAD: "部门概览",
    Role.LEADER: "院领导看板",
    Role.ADMINISTRATOR: "系统管理",
}


def test_anonymous_visitors_are_sent_to_the_chinese_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"])
    assert "工作人员登录" in page.content.decode()
    assert page["Content-Language"] == "zh-hans"


def test_wrong_password_gives_a_chinese_error(client, make_staff):
    make_staff(username="agent1", password_hash=None, password="right-password-1")
    response = client.post(reverse("login"), {"username": "agent1", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("role", "title"), ROLE_TITLES.items())
def test_each_role_lands_on_its_own_workspace(client, make_staff, role, title):
    make_staff(role=role, username="someone", password_hash=None, password="right-password-1")
    response = client.post(
        reverse("login"), {"username": "someone", "password": "right-password-1"}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-testid="workspace-title">{title}</h1>' in body
    assert "北京市朝阳区人民法院" in body
    assert "010-12368" in body


def test_english_is_available(client, make_staff):
    client.force_login(make_staff(role=Role.AGENT))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert "Agent console" in body
    assert "座席工作台" not in body


def test_only_administrators_see_the_missing_holiday_table_warning(client, make_staff, settings):
    from court12368.courts.models import HolidayYear

    HolidayYear.objects.filter(year__gte=2027).delete()
    agent = make_staff(role=Role.AGENT, username="a")
    admin = make_staff(role=Role.ADMINISTRATOR, username="b")
    client.force_login(agent)
    assert 'data-testid="holiday-warning"' not in client.get("/").content.decode()
    client.force_login(admin)
    home = client.get("/").content.decode()
    assert 'data-testid="holiday-warning"' in home
    assert "节假日安排尚未录入" in home
    # ... and on the configuration screens too.
    admin_page = client.get(reverse("admin:courts_court_changelist")).content.decode()
    assert 'data-testid="holiday-warning"' in admin_page


def test_non_administrators_cannot_open_the_configuration_screens(client, make_staff):
    client.force_login(make_staff(role=Role.LEADER))
    response = client.get(reverse("admin:courts_court_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_logout_ends_the_session(client, make_staff):
    client.force_login(make_staff())
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_admin_screens_are_in_chinese(admin_client):
    body = admin_client.get(reverse("admin:index")).content.decode()
    assert "12368诉讼服务平台 — 系统配置" in body
    assert "节假日安排" in body


def test_pages_stay_chinese_for_an_english_browser_until_english_is_chosen(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "工作人员登录" in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert "Staff sign-in" in client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
