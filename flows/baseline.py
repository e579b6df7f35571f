"""Load the stored positions from seed articles: code them, keep their claims, alerting nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from flows.stages import alert_policy
from parsers import neardup
from parsers.article import read_article_file
from parsers.claims import code_claims
from parsers.lexicon import Lexicon
from parsers.types import ArticleText
from stancewatch.errors import ArticleFileError
from stancewatch.settings import Settings
from storage import articles as article_store
from storage import positions as position_store
from storage import rows as row_store
from storage import wire as wire_store
from storage.db import make_engine, session_scope
from storage.models import Article


@dataclass(frozen=True)
class BaselineSummary:
    """What loading the baseline did."""

    articles: int
    skipped: int
    claims: int
    positions: int


def article_files(folder: Path) -> list[Path]:
    """The article files (*.txt) of a folder; ArticleFileError when there are none."""
    if not folder.is_dir():
        raise ArticleFileError(str(folder), "not a folder")
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise ArticleFileError(str(folder), "holds no article files (*.txt)")
    return files


def read_articles(paths: Sequence[Path]) -> list[ArticleText]:
    """Parse every file first, so one bad file stops the load before anything is stored."""
    return [read_article_file(p.read_text(encoding="utf-8"), str(p)) for p in paths]


def load_baseline(folder: Path, lexicon: Lexicon, settings: Settings) -> BaselineSummary:
    """Code the seed articles in date order and set the positions they establish (no alerts)."""
    texts = sorted(read_articles(article_files(folder)), key=lambda t: (t.date or "", t.url))
    engine = make_engine(settings.db_url())
    policy = alert_policy(lexicon, settings)
    loaded = skipped = claims = 0
    for text in texts:
        with session_scope(engine) as session:
            if session.scalar(select(Article.id).where(Article.url == text.url)) is not None:
                skipped += 1
                continue
            article = Article(
                url=text.url,
                entry_key=text.url,
                title=text.title,
                published=datetime.fromisoformat(text.date) if text.date else None,
                lang=text.lang,
                status="pending",
                attempts=0,
                created_at=row_store.utcnow(),
            )
            session.add(article)
            session.flush()
            if article_store.store_text(session, article, text) is not None:
                skipped += 1  # the same text under another name is already in the baseline
                continue
            wire_store.assign_wire_group(session, article, neardup.packed_signature(text.text))
            found = code_claims(text.text, text.lang, lexicon, article.published.date() if article.published else None)
            records = position_store.record_claims(session, article, found, lexicon.fingerprint)
            position_store.apply_claims(session, article, records, policy, raise_alerts=False, origin="baseline")
            loaded += 1
            claims += len(found)
    with session_scope(engine) as session:
        positions = len(position_store.current_positions(session))
    return BaselineSummary(loaded, skipped, claims, positions)
