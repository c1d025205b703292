"""The learned half of recognising substantive legal questions (the other half: the patterns in refusal.py).

A character n-gram TF-IDF and logistic regression, trained by ``court12368 train-substantive`` (training.py)
on real public consultation questions against procedural questions written for this project; docs/
classifier.md says which corpus, which licence and which split. Only the weights ship
(``data/substantive.npz``: the n-grams, their IDF, one coefficient each, the intercept and the threshold
chosen on the development split), never the questions, and the file is read without pickle.
"""

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

MODEL = Path(__file__).parent / "data" / "substantive.npz"
NGRAMS = (1, 3)
SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """What the model reads: the question without white space (people type it anywhere)."""
    return SPACE.sub("", text)


def vectorizer(vocabulary=None) -> TfidfVectorizer:
    """The features, the same at training and at use."""
    return TfidfVectorizer(
        analyzer="char",
        ngram_range=NGRAMS,
        sublinear_tf=True,
        min_df=1 if vocabulary is not None else 2,
        vocabulary=vocabulary,
        dtype=np.float32,
    )


@dataclass
class Detector:
    features: TfidfVectorizer
    coef: np.ndarray
    intercept: float
    threshold: float
    about: dict

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """How likely each text asks for a legal opinion on the merits (0..1)."""
        scores = self.features.transform([normalise(t) for t in texts]) @ self.coef + self.intercept
        return 1 / (1 + np.exp(-scores))

    def probability(self, text: str) -> float:
        return float(self.probabilities([text])[0])

    def is_substantive(self, text: str) -> bool:
        return bool(normalise(text)) and self.probability(text) >= self.threshold


def save(path: Path, terms: list[str], idf, coef, intercept: float, threshold: float, about: dict) -> None:
    np.savez_compressed(
        path,
        terms=np.array(terms, dtype=str),
        idf=np.asarray(idf, dtype=np.float32),
        coef=np.asarray(coef, dtype=np.float32),
        intercept=np.float64(intercept),
        threshold=np.float64(threshold),
        about=np.array(json.dumps(about, ensure_ascii=False)),
    )


def load(path: Path = MODEL) -> Detector | None:
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        terms = [str(t) for t in data["terms"]]
        features = vectorizer({term: i for i, term in enumerate(terms)})
        features.idf_ = data["idf"].astype(np.float64)
        return Detector(
            features,
            data["coef"].astype(np.float64),
            float(data["intercept"]),
            float(data["threshold"]),
            json.loads(str(data["about"])),
        )


_lock = threading.Lock()
_detector: tuple[Detector | None] | None = None


def current() -> Detector | None:
    """The shipped detector, read once per process (None where the file is missing: patterns only)."""
    global _detector
    with _lock:
        if _detector is None:
            _detector = (load(),)
        return _detector[0]
