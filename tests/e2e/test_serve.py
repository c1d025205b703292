"""The README's first command, tried as a new user would: serve, sign in, stop, start again."""

import http.client
import json
import re
import signal
import sqlite3
import time
import urllib.parse
import urllib.request

import pytest

from tests.e2e.server import Server, database_for_server

pytestmark = pytest.mark.browser
PASSWORD = "court-demo-12368"


def test_first_start_loads_demo_data_and_prints_the_logins(served):
    assert "首次启动" in served.text
    for login in ["chaoyang.agent", "chaoyang.judge", "chaoyang.head", "chaoyang.leader", "chaoyang.admin"]:
        assert login in served.text
    assert PASSWORD in served.text
    with urllib.request.urlopen(served.url + "/api/v1/courts?level=basic") as response:
        codes = {c["code"] for c in json.load(response)["items"]}
    assert {"京0105", "京0108", "京0112", "京0107"} <= codes


def test_static_files_are_served_by_the_production_server(served):
    with urllib.request.urlopen(served.url + "/login/") as response:
        html = response.read().decode()
    css = html.split('href="/static/', 1)[1].split('"', 1)[0]
    assert css.startswith("court12368/site.") and css.endswith(".css")  # hashed by collectstatic
    with urllib.request.urlopen(f"{served.url}/static/{css}") as response:
        assert response.status == 200
        assert "max-age" in response.headers["Cache-Control"]


def test_each_response_closes_its_connection_so_requests_spread_over_the_processes(served):
    where = urllib.parse.urlparse(served.url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    connection.request("GET", "/api/v1/health")  # HTTP/1.1: keep-alive unless the server says otherwise
    response = connection.getresponse()
    response.read()
    assert response.status == 200 and response.getheader("Connection") == "close"
    connection.close()


def test_sqlite_data_dir_is_in_wal_mode(served):
    if served.database_url:
        pytest.skip("this leg serves from PostgreSQL")
    db = sqlite3.connect(served.data_dir / "court12368.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_agent_signs_in_through_the_real_login_page(served, page):
    page.goto(served.url + "/")
    assert page.url.startswith(served.url + "/login/")
    assert page.get_by_role("heading", name="工作人员登录").is_visible()
    page.get_by_label("用户名").fill("chaoyang.agent")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").inner_text().startswith("用户名或密码错误")

    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(served.url + "/")
    assert page.get_by_test_id("workspace-title").inner_text() == "座席工作台"
    assert "北京市朝阳区人民法院" in page.get_by_test_id("who").inner_text()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.screenshot(path=str(served.data_dir / "agent-home.png"), full_page=True)

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/login/")


def test_administrator_sees_the_missing_holiday_table_warning(served, page):
    page.goto(served.url + "/login/")
    page.get_by_label("用户名").fill("chaoyang.admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(served.url + "/")
    assert page.get_by_test_id("workspace-title").inner_text() == "系统管理"
    # The package's data ends with 2026, so 2027 is missing on every machine until entered.
    assert "2027" in page.get_by_test_id("holiday-warning").inner_text()
    page.get_by_role("link", name="法院与服务时间").click()
    page.get_by_role("link", name="京0105", exact=True).click()
    assert page.get_by_label("名称").input_value() == "北京市朝阳区人民法院"
    assert "2027" in page.get_by_test_id("holiday-warning").inner_text()
    page.screenshot(path=str(served.data_dir / "admin-court.png"), full_page=True)


@pytest.fixture
def own_database():
    """A database of its own (on the PostgreSQL leg): the shared served platform's has other walks' courts."""
    with database_for_server() as url:
        yield url


def test_ctrl_c_stops_everything_and_a_second_start_keeps_the_data(tmp_path, own_database):
    first = Server(tmp_path, own_database).start()
    assert first.processes()
    assert first.stop(signal.SIGINT) == 0
    assert first.processes() == []
    assert "已停止" in first.text

    again = Server(tmp_path, own_database).start()
    try:
        assert "首次启动" not in again.text  # demo data is loaded once, not twice
        assert "chaoyang.agent" in again.text
        with urllib.request.urlopen(again.url + "/api/v1/courts") as response:
            assert json.load(response)["count"] == 8
    finally:
        again.stop(signal.SIGTERM)
    assert again.processes() == []


def test_agent_verifies_a_caller_with_a_printed_demo_password(served, page):
    line = next(x for x in served.text.splitlines() if "（2026）京0105民初1号" in x)
    number, _party, password = line.split()
    page.goto(served.url + "/login/")
    page.get_by_label("用户名").fill("chaoyang.agent")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(served.url + "/")
    page.get_by_role("navigation").get_by_role("link", name="案件查询").click()
    page.get_by_label(re.compile(r"^案号[:：]?$")).fill(
        number.replace("（", "(").replace("）", ")")
    )  # half-width, as typed
    page.get_by_label(re.compile(r"^诉讼服务密码[:：]?$")).fill(password)
    page.get_by_label(re.compile(r"^来电号码[:：]?$")).fill("13912345678")
    page.get_by_role("button", name="核验并查询").click()
    view = page.get_by_test_id("case-view")
    assert number in view.inner_text()
    assert page.get_by_test_id("case-stage").inner_text()
    page.screenshot(path=str(served.data_dir / "case-view.png"), full_page=True)
    page.get_by_label(re.compile(r"^诉讼服务密码[:：]?$")).fill("0000000000")
    page.get_by_role("button", name="核验并查询").click()
    assert "信息与记录不符" in page.get_by_test_id("verify-error").inner_text()


def test_an_sms_through_the_gateway_endpoint_leaves_no_number_password_or_secret_in_the_logs(served):
    secret = (served.data_dir / "sms_inbound_secret").read_text().strip()
    query = urllib.parse.urlencode(
        {"secret": secret, "from": "13800138000", "to": "12368", "text": "CX 2026010501", "id": "e2e-1"}
    )
    with urllib.request.urlopen(f"{served.url}/sms/kannel/inbound/?{query}") as response:
        assert response.status == 202
    sql = "SELECT command, outcome FROM sms_inboundsms WHERE gateway_id = ?"
    rows = served.sql(sql, ("e2e-1",))
    assert rows == [("query", "case_status")]
    deadline = time.monotonic() + 10
    while "/sms/kannel/inbound/" not in served.text and time.monotonic() < deadline:
        time.sleep(0.1)
    logged = served.text
    [request_line] = [line for line in logged.splitlines() if "/sms/kannel/inbound/" in line]
    for private in ("13800138000", "2026010501", secret, "CX"):
        assert private not in request_line  # the access log has the request, not its query string
    assert "13800138000" not in logged and secret not in logged  # nor does any other log line
