"""The shipped articles: complete, unique, and citing articles that exist in the statute texts."""

import re
from pathlib import Path

import pytest

from court12368.knowledge.models import Article, Topic
from court12368.knowledge.queries import answer
from court12368.knowledge.search import invalidate
from court12368.knowledge.seed import seed_rows

LAWS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "laws"
FILES = {
    "民事诉讼法": "民事诉讼法(2023).md",
    "刑事诉讼法": "刑事诉讼法(2018).md",
    "行政诉讼法": "行政诉讼法(2017).md",
    "民诉解释": "最高人民法院关于适用《民事诉讼法》的解释(2022-04-02).md",
    "行诉解释": "最高人民法院关于适用《行政诉讼法》的解释(2018-02-06).md",
    "刑诉解释": "最高人民法院关于适用《刑事诉讼法》的解释(2021-01-26).md",
    "诉讼费用交纳办法": "诉讼费用交纳办法(2006-12-19).md",
    "登记立案规定": "最高人民法院关于人民法院登记立案若干问题的规定(2015-04-15).md",
    "信访工作条例": "信访工作条例(2022-02-25).md",
    "执行规定": "最高人民法院关于人民法院执行工作若干问题的规定（试行）(2020-12-29).md",
    "审判流程公开规定": "最高人民法院关于人民法院通过互联网公开审判流程信息的规定(2018-03-04).md",
}
CITATION = re.compile(r"^(?P<law>.+?)(?P<article>第[零一二三四五六七八九十百千]+条)$")
ROWS = seed_rows()
DIGITS = dict(zip("零一二三四五六七八九", range(10), strict=True))


def chinese_number(text: str) -> int:
    """一百七十一 → 171 (enough for article numbers)."""
    total, current = 0, 0
    for char in text:
        if char in DIGITS:
            current = DIGITS[char]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[char]
            total += (current or 1) * unit
            current = 0
    return total + current


def heading_exists(text: str, article: str) -> bool:
    """``第十六条`` at the start of a line, or ``16.`` where a rule numbers its articles in digits."""
    number = chinese_number(article[1:-1])
    return bool(re.search(rf"(^|\n)\s*({article}|{number}[.．、])", text))


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("十", "十五", "一百七十一", "二百零六", "四十四")] == [
        10,
        15,
        171,
        206,
        44,
    ]


def test_at_least_80_articles_with_everything_filled_in():
    assert len(ROWS) >= 80
    assert len({r["slug"] for r in ROWS}) == len(ROWS)
    for row in ROWS:
        assert row["topic"] in Topic.values, row["slug"]
        assert row["title"] and row["body"] and row["basis"], row["slug"]
        assert len(row["short"]) <= 120, row["slug"]
        assert not re.search(r"[A-Za-z]{4,}", row["body"]), row["slug"]  # written in Chinese for callers


def test_every_topic_the_issue_names_is_covered():
    topics = {r["topic"] for r in ROWS}
    assert set(Topic.values) <= topics


@pytest.mark.skipif(not LAWS.exists(), reason="../shared/reference/laws is not beside this checkout")
def test_every_citation_names_an_article_that_exists():
    texts = {law: (LAWS / name).read_text(encoding="utf-8") for law, name in FILES.items()}
    missing = []
    for row in ROWS:
        for citation in row["basis"]:
            match = CITATION.match(citation)
            if match is None or match["law"] == "民法典":
                assert match is not None, citation
                continue
            text = texts.get(match["law"])
            if text is None or not heading_exists(text, match["article"]):
                missing.append(f"{row['slug']}: {citation}")
    assert not missing


@pytest.mark.django_db
def test_the_migration_loaded_them():
    assert Article.objects.count() == len(ROWS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("判决书送达以后几天内可以上诉", "appeal"),
        ("法院判了对方一直不给钱怎么办", "enforcement"),
        ("我想打官司需要什么条件", "filing"),
        ("诉讼费交不起怎么办", "fee_relief"),
        ("离婚去哪个法院起诉", "jurisdiction"),
        ("怎么查我的案子进度", "case_info"),
    ],
)
def test_plain_questions_find_an_article_of_the_right_topic(question, topic):
    invalidate()
    hits = answer(question).hits
    assert hits and topic in {h.article.topic for h in hits[:3]}, [h.article.title for h in hits[:3]]
