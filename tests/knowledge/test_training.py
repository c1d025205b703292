"""Retraining the substantive-question detector from a court's own corpus (court12368 train-substantive)."""

import json

import pytest
from django.core.management import CommandError, call_command

from court12368.knowledge import substantive, training

OPINIONS = ["我这个{}的官司能不能赢", "{}的事对方要赔我多少钱", "{}这种情况合法吗", "{}是谁的责任"]
STEPS = ["{}的案子去哪个法院立案", "{}起诉要交哪些材料", "{}的判决书多久能拿到", "{}开庭时间怎么查"]
TOPICS = ["借款", "离婚", "工伤", "租房", "交通事故", "合同", "继承", "物业", "劳动", "装修"]


def corpus(tmp_path, name, templates, label=None):
    path = tmp_path / name
    rows = [{"text": t.format(topic)} for t in templates for topic in TOPICS]
    if label is not None:
        rows = [{**row, "substantive": label} for row in rows]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_a_court_trains_on_its_own_corpus(tmp_path, capsys):
    out = tmp_path / "model.npz"
    opinions = corpus(tmp_path, "opinions.jsonl", OPINIONS)
    steps = corpus(tmp_path, "steps.jsonl", STEPS, label=False)
    reviewed = tmp_path / "reviewed.txt"
    reviewed.write_text(training.digest("我这个借款的官司能不能赢") + "\n")  # a reviewer's call, by digest
    call_command(
        "train_substantive",
        "--substantive", str(opinions),
        "--procedural", str(steps),
        "--reviewed", str(reviewed),
        "--out", str(out),
    )  # fmt: skip
    assert "threshold" in capsys.readouterr().out
    detector = substantive.load(out)
    assert detector.about["reviewed_as_procedural"] == 1 and 0.05 <= detector.threshold <= 0.95
    assert detector.probability("装修的事对方要赔我多少钱") > detector.probability("装修的案子去哪个法院立案")


def test_corpora_as_people_keep_them(tmp_path):
    """lawyer-llama's lists of turns, objects with "query", and CSV with a question column."""
    turns = tmp_path / "advice.json"
    turns.write_text(
        json.dumps([[{"instruction": "能赔多少", "output": "…"}]], ensure_ascii=False), encoding="utf-8"
    )
    queries = tmp_path / "counsel.json"
    queries.write_text(json.dumps([{"query": "算不算工伤"}], ensure_ascii=False), encoding="utf-8")
    table = tmp_path / "qa.csv"
    table.write_text(
        "question: subject,question: body,answer\n离婚,他出轨了要离婚吗,…\n离婚,他出轨了要离婚吗,…\n",
        encoding="utf-8",
    )  # one row per answer: the question once
    assert training.questions_in(turns) == [("能赔多少", None)]
    assert training.questions_in(queries) == [("算不算工伤", None)]
    assert training.questions_in(table) == [("离婚。他出轨了要离婚吗", None)]


def test_a_corpus_that_is_not_one_is_refused_in_chinese(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    with pytest.raises(CommandError, match="训练数据有误"):
        call_command("train_substantive", "--substantive", str(empty), "--out", str(tmp_path / "m.npz"))
    assert not (tmp_path / "m.npz").exists()


def test_the_shipped_weights_load_without_pickle():
    detector = substantive.load()
    assert detector is not None and detector.about["substantive"] > 5000
    assert 0.5 <= detector.threshold <= 0.9 and len(detector.features.vocabulary) == len(detector.coef)
