"""Writes to the knowledge base: seeding and administrators' edits (each edit is a new version)."""

from django.db import transaction

from court12368.knowledge import seed
from court12368.knowledge.fees import FeeSettings
from court12368.knowledge.models import Article, ArticleVersion, Correction, FeeSchedule


def load_seed_articles() -> int:
    return seed.load(Article, ArticleVersion)


@transaction.atomic
def save_article(article: Article, *, by=None) -> Article:
    if article.pk:
        article.version = Article.objects.select_for_update().get(pk=article.pk).version + 1
    article.updated_by = by
    article.full_clean()
    article.save()
    ArticleVersion.objects.create(
        article=article,
        version=article.version,
        title=article.title,
        body=article.body,
        short=article.short,
        basis=article.basis,
        saved_by=by,
    )
    return article


def record_correction(
    *,
    text: str,
    suggested_type: str,
    suggested_sub_kind: str,
    chosen_type: str,
    chosen_sub_kind: str,
    by=None,
) -> Correction:
    """Keep what the agent chose for a suggested text; the next process start retrains with it."""
    return Correction.objects.create(
        text=text[:2000],
        suggested_type=suggested_type,
        suggested_sub_kind=suggested_sub_kind,
        chosen_type=chosen_type,
        chosen_sub_kind=chosen_sub_kind,
        by=by,
    )


def fee_settings_for(court) -> FeeSettings:
    """The court's provincial figures and rounding, or the regulation's lower bounds."""
    schedule = FeeSchedule.objects.filter(court=court).first() if court is not None else None
    if schedule is None:
        return FeeSettings()
    return FeeSettings(
        **{name: getattr(schedule, name) for name in FeeSchedule.RANGES},
        quantum=schedule.quantum.normalize(),  # 1.00 → 1: the stored field always has two places
        rounding=schedule.rounding,
    )
