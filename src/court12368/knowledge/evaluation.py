"""Measuring the question handling on held-out sets: written or collected apart from the training data.

``court12368 classify-eval --heldout DIR`` reads DIR's files (the repository's are in
tests/knowledge/heldout/, written separately from knowledge/data/): procedural.jsonl and substantive.jsonl
({"text"}), mixed.jsonl ({"text", "procedural_part"}), requests.jsonl ({"text", "type", "sub_kind"}); and
``--consultations FILE`` any corpus of real public consultation questions (training.questions_in reads it).
"""

import json
from collections import Counter
from pathlib import Path

from court12368.knowledge import classifier
from court12368.knowledge.models import Article
from court12368.knowledge.queries import answer
from court12368.knowledge.refusal import substantive_reason
from court12368.knowledge.search import Index
from court12368.knowledge.seed import seed_rows


def rows_of(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def share(flags) -> float:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else float("nan")


def substantive_rates(procedural: list[str], substantive: list[str]) -> dict:
    return {
        "procedural_kept": share(substantive_reason(t) is None for t in procedural),
        "substantive_recognised": share(substantive_reason(t) is not None for t in substantive),
    }


def request_types(model: classifier.Classifier, rows: list[dict]) -> dict:
    guesses = [(row, model.suggest(row["text"])) for row in rows]
    confident = [(row, guess) for row, guess in guesses if guess.confident]
    return {
        "requests": len(rows),
        "type_accuracy": share(guess.type == row["type"] for row, guess in guesses),
        "label_accuracy": share(
            (guess.type, guess.sub_kind) == (row["type"], row.get("sub_kind", "")) for row, guess in guesses
        ),
        "confident_share": share(guess.confident for _, guess in guesses),
        "confident_accuracy": share(guess.type == row["type"] for row, guess in confident),
        "confusion": Counter((row["type"], guess.type) for row, guess in guesses),
    }


def shipped_index() -> Index:
    """The articles shipped with the platform, as a fresh installation publishes them (no database)."""
    return Index([Article(**row) for row in seed_rows()])


def answers(procedural: list[str], substantive: list[str], mixed: list[str]) -> dict:
    """What the knowledge search over the shipped articles gives each kind of question."""
    index = shipped_index()
    procedural_answers = [answer(t, index=index) for t in procedural]
    substantive_answers = [answer(t, index=index) for t in substantive]
    mixed_answers = [answer(t, index=index) for t in mixed]
    return {
        "procedural_with_article": share(bool(a.hits) for a in procedural_answers),
        "procedural_unanswered": share(a.unanswered for a in procedural_answers),
        "substantive_refused_without_article": share(
            bool(a.refusal) and not a.hits for a in substantive_answers
        ),
        "mixed_refused": share(bool(a.refusal) for a in mixed_answers),
        "mixed_with_procedural_article": share(a.mixed for a in mixed_answers),
    }


def report(heldout: Path, consultations: list[list[str]] = ()) -> dict:
    procedural = [r["text"] for r in rows_of(heldout / "procedural.jsonl")]
    substantive = [r["text"] for r in rows_of(heldout / "substantive.jsonl")]
    mixed = [r["text"] for r in rows_of(heldout / "mixed.jsonl")]
    result = {
        "substantive": substantive_rates(procedural, substantive),
        "types": request_types(
            classifier.Classifier(classifier.load_rows()), rows_of(heldout / "requests.jsonl")
        ),
        "answers": answers(procedural, substantive, mixed),
    }
    for index, questions in enumerate(consultations):
        result[f"consultations_{index + 1}"] = {
            "questions": len(questions),
            "substantive_recognised": share(substantive_reason(q) is not None for q in questions),
        }
    return result
