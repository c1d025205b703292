"""Public procedural answers for the portal, apps and the voice menu. No login."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from court12368.core.errors import ErrorOut
from court12368.knowledge.models import Article
from court12368.knowledge.queries import answer

router = Router(tags=["knowledge"])


class HitOut(Schema):
    slug: str
    title: str
    snippet: str
    short: str
    basis: list[str]
    score: float


class SearchOut(Schema):
    query: str
    substantive: bool = Field(description="the question is, or holds, a substantive legal question")
    reason: str | None = Field(description="outcome, amount, guilt, merit or legal_opinion")
    refusal: str | None = Field(description="the standard reply to the substantive part")
    mixed: bool = Field(description="substantive, with a procedural part: results answer that part")
    unanswered: bool = Field(description="procedural, but no article answers it: ask an agent (12368)")
    results: list[HitOut]


class ArticleOut(Schema):
    slug: str
    topic: str
    title: str
    body: str
    short: str
    basis: list[str]
    version: int


@router.get("/search", response={200: SearchOut, 422: ErrorOut}, summary="Search procedural answers")
def search(request, q: str = Query(..., max_length=200), limit: int = Query(5, ge=1, le=20)):
    """Substantive legal questions get the standard refusal instead of articles."""
    result = answer(q, limit=limit)
    return {
        "query": result.query,
        "substantive": result.substantive is not None,
        "reason": result.substantive,
        "refusal": result.refusal,
        "mixed": result.mixed,
        "unanswered": result.unanswered,
        "results": [
            {
                "slug": h.article.slug,
                "title": h.article.title,
                "snippet": h.snippet,
                "short": h.article.short,
                "basis": h.article.basis,
                "score": round(h.score, 3),
            }
            for h in result.hits
        ],
    }


@router.get("/articles/{slug}", response={200: ArticleOut, 404: ErrorOut}, summary="One article")
def article(request, slug: str):
    return get_object_or_404(Article, slug=slug, is_published=True)
