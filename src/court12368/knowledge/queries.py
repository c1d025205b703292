"""Answering a question: refuse substantive ones, else the procedural articles that fit it well.

A question may be both ("怎么起诉，能赢吗"): the procedural clauses get their articles and the rest the
standard refusal. A procedural question no article fits well gets no article, not the nearest unrelated
one (search.MIN_SCORE): the agent or the caller is told there is no ready answer.
"""

import re
from dataclasses import dataclass, field

from court12368.knowledge import substantive
from court12368.knowledge.refusal import LEGAL_OPINION, REFUSAL, patterned_reason, substantive_reason
from court12368.knowledge.search import Hit, Index, current_index

CLAUSES = re.compile(r"[，,。？?！!；;\s]+")
# A clause of a substantive question answered as procedural must be clearly so, not merely not caught:
# "我老公出轨了，我该怎么办" must not find an article for its first half.
CLEARLY_PROCEDURAL = 0.3
# A clause on its own is substantive only when it is a question and the detector is this sure (fixed at
# 0.8 before measuring; short clauses lack the context the whole question's threshold was chosen with).
ASKS = re.compile(r"(吗|会不会|能不能|是不是|算不算|合不合|有没有|多少|几[个年天次月]|谁)")
SURE_CLAUSE = 0.8


@dataclass
class Answer:
    query: str
    substantive: str | None = None  # the kind of substantive question, if it is (or holds) one
    refusal: str | None = None
    hits: list[Hit] = field(default_factory=list)

    @property
    def mixed(self) -> bool:
        """A substantive question with a procedural part that has its answer."""
        return bool(self.refusal and self.hits)

    @property
    def unanswered(self) -> bool:
        """A procedural question no article fits: say so and offer an agent."""
        return bool(self.query and not self.refusal and not self.hits)


def clauses(query: str) -> list[str]:
    return [c for c in CLAUSES.split(query) if len(c) >= 4]


def clause_reason(clause: str) -> str | None:
    """A clause asks a substantive question on its own: a pattern says so, or it is a question ("能赢吗",
    "算不算工伤") the detector is sure of. A bare "该怎么办" is not judged alone: only its context says
    whether it asks for the court's steps or for advice, and the whole question was judged with it."""
    if reason := patterned_reason(clause):
        return reason
    detector = substantive.current()
    if detector is not None and ASKS.search(clause) and detector.probability(clause) >= SURE_CLAUSE:
        return LEGAL_OPINION
    return None


def question_reason(query: str) -> str | None:
    """What makes the question substantive: the whole, or one of its clauses ("怎么起诉，能赢吗")."""
    if reason := substantive_reason(query):
        return reason
    parts = clauses(query)
    if len(parts) > 1:
        return next((reason for part in parts if (reason := clause_reason(part))), None)
    return None


def procedural_part(query: str) -> str:
    """The clauses of a substantive question that ask only about procedure ("" when none does)."""
    detector = substantive.current()
    clauses_asked = [c for c in clauses(query) if substantive_reason(c) is None]
    if detector is not None:
        clauses_asked = [c for c in clauses_asked if detector.probability(c) < CLEARLY_PROCEDURAL]
    return "，".join(clauses_asked)


def answer(query: str, limit: int = 5, *, index: Index | None = None) -> Answer:
    """``index``: the published articles' (by default), or another set's (evaluation.py)."""
    query = query.strip()
    if not query:
        return Answer(query)
    index = index or current_index()
    reason = question_reason(query)
    if reason is None:
        return Answer(query, hits=index.search(query, limit))
    procedural = procedural_part(query)
    return Answer(query, reason, REFUSAL, index.search(procedural, limit) if procedural else [])
