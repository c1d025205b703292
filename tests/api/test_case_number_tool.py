import pytest


@pytest.mark.django_db
def test_valid_case_number(client):
    body = client.get("/api/v1/tools/case-number", {"q": "(2019) 沪0115民初61975号"}).json()
    assert body == {
        "valid": True,
        "normalized": "（2019）沪0115民初61975号",
        "year": 2019,
        "court_code": "沪0115",
        "special_code": None,
        "type_code": "民初",
        "number": 61975,
        "number_end": None,
        "suffix": None,
        "legacy": False,
        "error": None,
    }


@pytest.mark.django_db
def test_invalid_case_number_is_200_with_a_chinese_reason(client):
    response = client.get("/api/v1/tools/case-number", {"q": "（2019）沪0115民初号"})
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False and body["normalized"] is None
    assert body["error"] and any("\u4e00" <= ch <= "\u9fff" for ch in body["error"])


@pytest.mark.django_db
def test_missing_query_is_a_422_in_the_error_shape(client):
    response = client.get("/api/v1/tools/case-number")
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "q"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "level", "verified", "name"),
    [
        ("京73", "intermediate", True, "北京知识产权法院"),
        ("京0105", "basic", True, "北京市朝阳区人民法院"),
        ("豫0302", "basic", False, None),
    ],
)
def test_court_code_tool(client, code, level, verified, name):
    body = client.get("/api/v1/tools/court-code", {"q": code}).json()
    assert (body["valid"], body["level"], body["verified"], body["name"]) == (True, level, verified, name)


@pytest.mark.django_db
def test_court_code_tool_explains_bad_codes(client):
    body = client.get("/api/v1/tools/court-code", {"q": "XX01"}).json()
    assert body["valid"] is False and "无法识别法院代字" in body["error"]
