"""Training the substantive-question detector from any corpus (``court12368 train-substantive``).

A court may retrain on the questions its own line receives, or on any public corpus whose licence suits it:
the substantive side is consultation questions (people asking for a legal opinion), the procedural side the
questions written for this project (``data/procedural.jsonl`` and the procedural requests). Consultation
corpora hold some procedural questions too ("网上立案得多久能审查通过"): those reviewed by hand are listed by
digest in ``data/reviewed_procedural.txt`` (SHA-256 of the question without white space), so that the
repository keeps the decision and none of the text. docs/classifier.md records the corpus, licence and split
of the shipped weights.
"""

import csv
import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from court12368.knowledge import substantive

DATA = Path(__file__).parent / "data"
WRITTEN_PROCEDURAL = [DATA / "procedural.jsonl", DATA / "requests.jsonl", DATA / "requests_more.jsonl"]
REVIEWED = DATA / "reviewed_procedural.txt"
ARTICLES = sorted((Path(__file__).parent / "articles").glob("*.json"))
# Where a question sits in the records of the corpora people use, the first that is present wins.
TEXT_KEYS = ("text", "query", "instruction", "question", "question: subject", "input")
# A question kept as a subject line and its body (forum corpora) is read as both: the subject alone is
# often a topic ("交通事故"), not the question.
SUBJECT_AND_BODY = (("title", "body"), ("question: subject", "question: body"))
SEED = 12368
DEV_SHARE = 0.15


class CorpusError(ValueError):
    pass


def digest(text: str) -> str:
    return hashlib.sha256(substantive.normalise(text).encode("utf-8")).hexdigest()


def _records(path: Path) -> list:
    raw = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".csv":
        return list(csv.DictReader(raw.splitlines()))
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in raw.splitlines() if line.strip()]
    data = json.loads(raw)
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [])
    return data


def questions_in(path: Path) -> list[tuple[str, bool | None]]:
    """The questions of a corpus file (JSON, JSON lines or CSV) with the label the file gives, if any
    (a "substantive" field). A record may be a list of turns (the first is the question)."""
    try:
        records = _records(path)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise CorpusError(f"{path}: {error}") from error
    found, seen = [], set()
    for record in records:
        if isinstance(record, list):
            record = record[0] if record else {}
        if not isinstance(record, dict):
            continue
        text = next(
            (record[k] for k in TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), ""
        )
        for subject, body in SUBJECT_AND_BODY:
            if isinstance(record.get(subject), str) and isinstance(record.get(body), str):
                text = f"{record[subject].strip()}。{record[body].strip()}"
        if text.strip() and text.strip() not in seen:
            seen.add(text.strip())
            label = record.get("substantive")
            found.append((text.strip(), label if isinstance(label, bool) else None))
    if not found:
        raise CorpusError(f"{path}: no questions found (looked for the fields {', '.join(TEXT_KEYS)})")
    return found


def article_questions() -> list[str]:
    """The knowledge articles' titles and the ways people ask them: procedural by construction."""
    texts = []
    for path in ARTICLES:
        for article in json.loads(path.read_text(encoding="utf-8")):
            texts += [article["title"], *article.get("questions", [])]
    return texts


@dataclass
class Corpus:
    substantive: list[str] = field(default_factory=list)
    procedural: list[str] = field(default_factory=list)
    reviewed: int = 0  # consultation questions moved to the procedural side by the review


def gather(substantive_files, procedural_files, reviewed: set[str]) -> Corpus:
    """Both sides, each question once. A labelled record keeps its own label; a reviewed digest makes a
    consultation question procedural; a question on both sides counts as procedural."""
    corpus, seen = Corpus(), {}
    for path in procedural_files:
        for text, label in questions_in(Path(path)):
            seen.setdefault(substantive.normalise(text), bool(label))
    for text in article_questions():
        seen.setdefault(substantive.normalise(text), False)
    for path in substantive_files:
        for text, label in questions_in(Path(path)):
            key = substantive.normalise(text)
            if key in seen:
                continue
            if digest(text) in reviewed:
                corpus.reviewed += 1
                seen[key] = False
            else:
                seen[key] = True if label is None else label
    for text, is_substantive in seen.items():
        (corpus.substantive if is_substantive else corpus.procedural).append(text)
    return corpus


def read_reviewed(path: Path = REVIEWED) -> set[str]:
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


def split(corpus: Corpus, dev_share: float = DEV_SHARE):
    """A fixed, stratified development split (the threshold is chosen on it, never on a test set)."""
    rng = random.Random(SEED)
    train, dev = [], []
    for label, texts in ((1, sorted(corpus.substantive)), (0, sorted(corpus.procedural))):
        rng.shuffle(texts)
        cut = round(len(texts) * dev_share)
        dev += [(t, label) for t in texts[:cut]]
        train += [(t, label) for t in texts[cut:]]
    return train, dev


def rates(probabilities, labels, threshold: float) -> dict:
    p, y = np.asarray(probabilities), np.asarray(labels)
    return {
        "substantive_recognised": float(((p >= threshold) & (y == 1)).sum() / max((y == 1).sum(), 1)),
        "procedural_kept": float(((p < threshold) & (y == 0)).sum() / max((y == 0).sum(), 1)),
    }


def choose_threshold(probabilities, labels) -> float:
    """The threshold that makes the worse of the two rates best (ties: the higher, the fewer refusals)."""
    best = (-1.0, 0.5)
    for threshold in np.arange(0.05, 0.96, 0.01):
        r = rates(probabilities, labels, threshold)
        best = max(best, (min(r.values()), round(float(threshold), 2)))
    return best[1]


def train(corpus: Corpus, *, c: float = 4.0) -> tuple[substantive.Detector, dict]:
    if len(corpus.substantive) < 20 or len(corpus.procedural) < 20:
        raise CorpusError("need at least 20 questions on each side to train")
    training, dev = split(corpus)
    features = substantive.vectorizer()
    x = features.fit_transform([t for t, _ in training])
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    model.fit(x, [y for _, y in training])
    terms = [None] * len(features.vocabulary_)
    for term, index in features.vocabulary_.items():
        terms[index] = term
    about = {
        "substantive": len(corpus.substantive),
        "procedural": len(corpus.procedural),
        "reviewed_as_procedural": corpus.reviewed,
        "training": len(training),
        "development": len(dev),
        "ngrams": list(substantive.NGRAMS),
        "features": len(terms),
        "C": c,
    }
    detector = substantive.Detector(
        substantive.vectorizer({t: i for i, t in enumerate(terms)}),
        model.coef_[0].astype(np.float64),
        float(model.intercept_[0]),
        0.5,
        about,
    )
    detector.features.idf_ = features.idf_
    probabilities = detector.probabilities([t for t, _ in dev])
    detector.threshold = choose_threshold(probabilities, [y for _, y in dev])
    about["threshold"] = detector.threshold
    about["development_rates"] = rates(probabilities, [y for _, y in dev], detector.threshold)
    return detector, about


def write(detector: substantive.Detector, path: Path) -> None:
    vocabulary = detector.features.vocabulary
    substantive.save(
        path,
        sorted(vocabulary, key=vocabulary.get),
        detector.features.idf_,
        detector.coef,
        detector.intercept,
        detector.threshold,
        detector.about,
    )
