import pytest
from django.core.management import call_command
from django.urls import reverse

from court12368.knowledge import classifier
from court12368.knowledge.models import Correction

ROWS = classifier.load_rows()


def test_the_labelled_set_is_there_and_balanced():
    labels = {classifier.label_of(r) for r in ROWS}
    assert len(ROWS) >= 400
    assert {
        "case_query/",
        "consultation/",
        "contact_judge/repeat_contact",
        "petition/",
        "complaint/filing",
        "complaint/violation",
        "other/suggestion",
    } <= labels
    assert len({r["text"] for r in ROWS}) == len(ROWS)


def test_the_split_is_fixed_and_disjoint():
    train, test = classifier.split(ROWS)
    again_train, again_test = classifier.split(ROWS)
    assert [r["text"] for r in test] == [r["text"] for r in again_test]
    assert not {r["text"] for r in train} & {r["text"] for r in test}
    assert 0.15 < len(test) / len(ROWS) < 0.25


def test_held_out_accuracy_is_useful():
    report = classifier.evaluate(ROWS)
    assert report["type_accuracy"] >= 0.8, report["type_accuracy"]
    assert report["label_accuracy"] >= 0.7, report["label_accuracy"]


@pytest.fixture(scope="module")
def trained():
    return classifier.Classifier(ROWS)


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        ("承办法官收了对方的红包，我有转账记录", ("complaint", "violation"), "rule"),
        ("立案窗口不给我立案，态度还很差", ("complaint", "filing"), "rule"),
        ("法官电话一直打不通，打了好几天了", ("contact_judge", "repeat_contact"), "rule"),
        ("不给我说法我就从你们法院楼上跳下去", ("other", "urgent"), "rule"),
    ],
)
def test_rules_catch_the_unmistakable(trained, text, expected, method):
    suggestion = trained.suggest(text)
    assert (suggestion.type, suggestion.sub_kind) == expected
    assert suggestion.method.startswith(method) and suggestion.confidence > 0.9


def test_lodging_a_petition_and_asking_how_are_told_apart_by_the_model(trained):
    # No keyword rule: "申诉" is in both, and only one of them lodges a petition.
    assert trained.suggest("我要申诉，判决明显不公，我不服").type == "petition"
    assert trained.suggest("申诉状怎么写，交到哪个部门").type == "consultation"


def test_substantive_questions_are_flagged(trained):
    suggestion = trained.suggest("我这个借款官司能不能赢")
    assert suggestion.substantive and suggestion.type == "consultation"


def test_the_model_handles_the_rest(trained):
    suggestion = trained.suggest("请问我的案子什么时候开庭")
    assert suggestion.type == "case_query" and suggestion.method == "model"
    assert 0 < suggestion.confidence <= 1


def test_classify_eval_command_reports(capsys):
    call_command("classify_eval")
    out = capsys.readouterr().out
    assert "type accuracy" in out and "confusion" in out


@pytest.mark.django_db
def test_classify_api(client, court, luoyang):
    from court12368.workorders.lifecycle.policy import seed_routing_rules

    seed_routing_rules(court)
    from court12368.demo.factories import DepartmentFactory

    DepartmentFactory(court=court, kind="petition", name="信访办公室")
    body = client.post(
        "/api/v1/tools/classify",
        {"text": "我要信访，对判决不服", "court": "京0105"},
        content_type="application/json",
    ).json()
    assert body["type"] == "petition" and body["department"] and body["routed_by"].startswith("信访")
    assert (
        client.post("/api/v1/tools/classify", {"text": " "}, content_type="application/json").status_code
        == 422
    )
    missing = client.post(
        "/api/v1/tools/classify", {"text": "查案子", "court": "京9999"}, content_type="application/json"
    )
    assert missing.status_code == 404


@pytest.mark.django_db
def test_console_suggests_and_keeps_the_agents_choice(client, court, luoyang, make_staff):
    agent = make_staff(role="agent", username="a1")
    client.force_login(agent)
    partial = client.get(reverse("call-suggestion"), {"content": "我要申诉，判决明显不公"}).content.decode()
    assert 'data-value="petition/">信访申诉' in partial
    client.post(
        reverse("console"),
        {
            "channel": "phone",
            "kind": "complaint",
            "sub_kind": "conduct",
            "content": "我要申诉，判决明显不公",
            "suggested_kind": "petition",
            "suggested_sub_kind": "",
        },
    )
    correction = Correction.objects.get()
    assert (correction.suggested_type, correction.chosen_type, correction.chosen_sub_kind) == (
        "petition",
        "complaint",
        "conduct",
    )
    assert correction.by == agent
