"""Reviews: which articles are due for review, oldest first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from mskb.content.article import Article


@dataclass(frozen=True)
class Review:
    path: str
    title: str
    next_review: date
    reviewed_by: str


def reviews_due(articles: Iterable[Article], today: date, *, within_days: int = 0) -> list[Review]:
    """Articles whose ``next_review`` is before ``today`` (plus ``within_days``), oldest first."""
    due = [Review(a.path, a.meta.title, a.meta.next_review, a.meta.reviewed_by)
           for a in articles if (a.meta.next_review - today).days < within_days]
    return sorted(due, key=lambda review: (review.next_review, review.path))
