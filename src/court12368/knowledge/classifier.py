"""Suggesting the work-order type and sub-kind from what the caller said.

Transparent by design: a few keyword rules catch the unmistakable cases (and say which rule fired), a
TF-IDF + logistic-regression model over jieba words and character n-grams handles the rest, trained on the
labelled set in ``data/requests.jsonl`` (written for this project; see ``data/README.md``) plus the
corrections agents make in the console. The agent always confirms; a suggestion is never an order.
"""

import json
import random
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

from court12368.knowledge.refusal import substantive_reason
from court12368.knowledge.search import tokens

DATA = Path(__file__).parent / "data" / "requests.jsonl"
MORE_DATA = Path(__file__).parent / "data" / "requests_more.jsonl"
SEED = 12368
# Below this the console says "请人工判断" beside the guess: chosen on the training set's own held-out
# fifth (``split``), where the types guessed at or above it were right 96% of the time (88% over all).
CONFIDENT = 0.45

# (label "type/sub_kind", pattern): checked in order; the first match wins and is reported.
RULES = [
    # Threats of self-harm or violence, and people in danger, reach the urgent route whatever else they say.
    (
        "other/urgent",
        r"(跳楼|跳下去|喝药|农药|自杀|轻生|不想活|活不下去|同归于尽|拼命|杀了(他|她|你|法官)|砍(死|了)"
        r"|炸(了|掉)|点火|烧了|快来人|救命|围住.{0,6}打)",
    ),
    (
        "complaint/violation",
        r"(受贿|行贿|收(了)?.{0,4}(红包|礼金|礼品|钱)|吃请|请(他|法官)吃饭|丢(失|了)卷宗|卷宗(丢|不见)|隐匿证据|藏(了)?证据)",
    ),
    (
        "complaint/filing",
        r"(不给(我)?立案|拒绝立案|不予立案.{0,6}(投诉|不合理)|立案.{0,8}(拖|推|态度)|窗口.{0,8}(态度|拒收|不收))",
    ),
    ("complaint/enforcement", r"(执行.{0,10}(投诉|不作为|没(有)?(动静|进展)|拖着)|投诉.{0,10}执行)"),
    (
        "contact_judge/repeat_contact",
        r"(法官|书记员).{0,10}(打不通|联系不上|找不到|没人接|不接电话)|(联系不上|找不到|打不通).{0,8}(法官|书记员)",
    ),
    ("other/appointment_video_petition", r"预约.{0,6}视频.{0,4}信访|视频信访.{0,6}预约"),
    # No rule for 信访/申诉: asking how to lodge one is a consultation, lodging one a petition; the model,
    # trained on both, tells them apart where a keyword could not.
]
_RULES = [(label, re.compile(pattern)) for label, pattern in RULES]


@dataclass
class Suggestion:
    type: str
    sub_kind: str
    confidence: float
    substantive: bool
    method: str  # "rule:<label>" or "model"

    @property
    def confident(self) -> bool:
        """Sure enough to offer as the type; below it the agent is asked to judge (请人工判断)."""
        return self.confidence >= CONFIDENT

    def as_dict(self) -> dict:
        return {
            "type": self.type,
            "sub_kind": self.sub_kind,
            "confidence": round(self.confidence, 3),
            "confident": self.confident,
            "substantive": self.substantive,
            "method": self.method,
        }


def label_of(row: dict) -> str:
    return f"{row['type']}/{row.get('sub_kind') or ''}"


def load_rows(*paths: Path) -> list[dict]:
    """The labelled requests (by default both shipped sets)."""
    rows = []
    for path in paths or (DATA, MORE_DATA):
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            rows += [json.loads(line) for line in lines if line.strip()]
    return rows


def split(rows: list[dict], held_out: float = 0.2) -> tuple[list[dict], list[dict]]:
    """A fixed, stratified split: the same held-out part on every machine."""
    by_label: dict[str, list[dict]] = {}
    for row in rows:
        by_label.setdefault(label_of(row), []).append(row)
    train, test = [], []
    rng = random.Random(SEED)
    for label in sorted(by_label):
        group = sorted(by_label[label], key=lambda r: r["text"])
        rng.shuffle(group)
        cut = max(1, round(len(group) * held_out)) if len(group) > 2 else 0
        test += group[:cut]
        train += group[cut:]
    return train, test


def _word_tokens(text: str) -> list[str]:
    return tokens(text)


class Classifier:
    def __init__(self, rows: list[dict]):
        self.labels = sorted({label_of(r) for r in rows})
        features = FeatureUnion(
            [
                ("words", TfidfVectorizer(tokenizer=_word_tokens, token_pattern=None, lowercase=False)),
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)),
            ]
        )
        self.model = make_pipeline(
            features, LogisticRegression(max_iter=2000, C=8.0, class_weight="balanced")
        )
        self.model.fit([r["text"] for r in rows], [label_of(r) for r in rows])

    def suggest(self, text: str) -> Suggestion:
        substantive = substantive_reason(text) is not None
        for label, pattern in _RULES:
            if pattern.search(text):
                kind, sub_kind = label.split("/")
                return Suggestion(kind, sub_kind, 0.95, substantive, f"rule:{label}")
        probabilities = self.model.predict_proba([text])[0]
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        kind, sub_kind = self.model.classes_[best].split("/")
        if substantive and (kind == "consultation" or probabilities[best] < CONFIDENT):
            # Asking for a legal opinion is a consultation (answered with the standard reply), unless the
            # caller plainly wants something else done (a complaint that also asks "is this legal?").
            return Suggestion("consultation", "", 0.9, True, "rule:substantive")
        return Suggestion(kind, sub_kind, float(probabilities[best]), substantive, "model")


def evaluate(rows: list[dict]) -> dict:
    """Train on the fixed training part, report accuracy and the confusion on the held-out part."""
    train, test = split(rows)
    classifier = Classifier(train)
    confusion: Counter = Counter()
    type_hits = label_hits = 0
    for row in test:
        guess = classifier.suggest(row["text"])
        truth = label_of(row)
        confusion[(truth, f"{guess.type}/{guess.sub_kind}")] += 1
        type_hits += guess.type == row["type"]
        label_hits += f"{guess.type}/{guess.sub_kind}" == truth
    n = len(test) or 1
    return {
        "train": len(train),
        "test": len(test),
        "type_accuracy": type_hits / n,
        "label_accuracy": label_hits / n,
        "confusion": confusion,
    }


_lock = threading.Lock()
_classifier: Classifier | None = None


def current() -> Classifier:
    """The classifier trained on the shipped set plus agents' corrections (built once per process)."""
    global _classifier
    with _lock:
        if _classifier is None:
            from court12368.knowledge.models import Correction

            rows = load_rows() + [
                {"text": c.text, "type": c.chosen_type, "sub_kind": c.chosen_sub_kind}
                for c in Correction.objects.all()
            ]
            _classifier = Classifier(rows)
        return _classifier


def forget() -> None:
    global _classifier
    with _lock:
        _classifier = None
