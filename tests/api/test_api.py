import pytest

from court12368.courts.models import CourtLevel, Role
from court12368.demo.factories import CourtFactory

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "details"}


@pytest.fixture
def hierarchy(db):
    high = CourtFactory(code="京", name="北京市高级人民法院", level=CourtLevel.HIGH)
    third = CourtFactory(
        code="京03", name="北京市第三中级人民法院", level=CourtLevel.INTERMEDIATE, parent=high
    )
    CourtFactory(code="京0105", name="北京市朝阳区人民法院", level=CourtLevel.BASIC, parent=third)
    CourtFactory(code="京0112", name="北京市通州区人民法院", level=CourtLevel.BASIC, parent=third)
    return third


def test_health(client):
    assert client.get("/api/v1/health").json() == {"status": "ok", "version": "0.1.0"}


def test_courts_filter_by_level_and_parent(client, hierarchy):
    basic = client.get("/api/v1/courts", {"level": "basic"}).json()
    assert basic["count"] == 2 and [c["code"] for c in basic["items"]] == ["京0105", "京0112"]
    page = client.get("/api/v1/courts", {"level": "basic", "limit": 1, "offset": 1}).json()
    assert (page["count"], [c["code"] for c in page["items"]]) == (2, ["京0112"])
    children = client.get("/api/v1/courts", {"parent": "京03"}).json()["items"]
    assert {c["parent_code"] for c in children} == {"京03"}
    one = client.get("/api/v1/courts/京0105").json()
    assert one["hotline"] == "010-12368"
    assert one["name"] == "北京市朝阳区人民法院"


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/courts/京9999", 404, "not_found"),
        ("get", "/api/v1/courts?level=county", 422, "invalid_input"),
        ("get", "/api/v1/no-such-route", 404, "not_found"),
        ("post", "/api/v1/health", 405, "method_not_allowed"),
        ("get", "/api/v1/me", 401, "not_authenticated"),
    ],
)
def test_every_client_error_has_the_same_shape(client, hierarchy, method, path, status, code):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == code
    assert body["message"]


def test_validation_errors_name_the_field_in_chinese_by_default(client):
    body = client.get("/api/v1/courts?level=county").json()
    assert body["message"] == "部分输入内容不符合要求。"
    assert body["details"][0]["field"] == "level"


def test_english_errors_on_request(client):
    body = client.get("/api/v1/nothing", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["message"] == "Nothing was found here."


def test_me_for_a_signed_in_staff_member(client, make_staff):
    client.force_login(make_staff(role=Role.JUDGE, username="judge7"))
    body = client.get("/api/v1/me").json()
    assert body == {
        "username": "judge7",
        "full_name": body["full_name"],
        "role": "judge",
        "court_code": "京0105",
    }


def test_openapi_declares_the_error_responses(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["version"] == "1"
    court = spec["paths"]["/api/v1/courts/{code}"]["get"]["responses"]
    assert {"200", "404", "422"} <= set(court)
    schema_ref = court["404"]["content"]["application/json"]["schema"]["$ref"]
    error_schema = spec["components"]["schemas"][schema_ref.rsplit("/", 1)[1]]
    assert set(error_schema["properties"]) == ERROR_KEYS
    assert "401" in spec["paths"]["/api/v1/me"]["get"]["responses"]


def test_api_docs_load_nothing_from_the_internet(client):
    body = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in body
    assert "cdn." not in body and "https://" not in body


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "limit=178680134276002488675991552"])
def test_out_of_range_pages_are_refused_not_crashed(client, query):
    response = client.get(f"/api/v1/courts?{query}")
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"
