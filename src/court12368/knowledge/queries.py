"""Answering a question: refuse substantive ones, else the best procedural articles."""

from dataclasses import dataclass, field

from court12368.knowledge.refusal import REFUSAL, substantive_reason
from court12368.knowledge.search import Hit, current_index


@dataclass
class Answer:
    query: str
    substantive: str | None = None  # the kind of substantive question, if it is one
    refusal: str | None = None
    hits: list[Hit] = field(default_factory=list)


def answer(query: str, limit: int = 5) -> Answer:
    query = query.strip()
    reason = substantive_reason(query)
    if reason:
        return Answer(query, reason, REFUSAL)
    return Answer(query, hits=current_index().search(query, limit) if query else [])
