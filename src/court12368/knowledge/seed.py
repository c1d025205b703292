"""The curated articles shipped with the platform (``articles/*.json``), loaded into an empty table."""

import json
from pathlib import Path

ARTICLES_DIR = Path(__file__).parent / "articles"
FIELDS = ("slug", "topic", "title", "questions", "body", "short", "basis")


def seed_rows() -> list[dict]:
    rows = []
    for path in sorted(ARTICLES_DIR.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            rows.append({field: item[field] for field in FIELDS})
    return rows


def load(article_model, version_model) -> int:
    """Insert the shipped articles that are not there yet; an administrator's edits are never overwritten."""
    present = set(article_model.objects.values_list("slug", flat=True))
    created = 0
    for row in seed_rows():
        if row["slug"] in present:
            continue
        article = article_model.objects.create(**row)
        version_model.objects.create(
            article=article,
            version=1,
            title=row["title"],
            body=row["body"],
            short=row["short"],
            basis=row["basis"],
        )
        created += 1
    return created
