"""Load the stored positions from seed articles: code them, keep their claims, alerting nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alerts.policy import policy_for
from core.errors import ArticleFileError
from core.settings import Settings
from parsers import neardup
from parsers.article import read_article_file, text_hash
from parsers.claims import code_claims
from parsers.lexicon import Lexicon
from parsers.types import Analysed, ArticleText
from storage import ingest
from storage import positions as position_store
from storage.db import make_engine, session_scope
from storage.ingest import BatchSummary


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
    policy = policy_for(lexicon, settings)
    summary = BatchSummary()
    loaded = skipped = 0
    for text in texts:

        def analysed(article_id: int, text: ArticleText = text) -> Analysed:
            day = datetime.fromisoformat(text.date).date() if text.date else None
            return Analysed(article_id, text, tuple(code_claims(text.text, text.lang, lexicon, day)),
                            minhash=neardup.packed_signature(text.text), text_hash=text_hash(text.text))

        with session_scope(engine) as session:
            if ingest.load_seed(session, text, analysed, lexicon.fingerprint, policy, summary):
                loaded += 1
            else:
                skipped += 1  # in the store already, or the same text under another name
    with session_scope(engine) as session:
        positions = len(position_store.current_positions(session))
    return BaselineSummary(loaded, skipped, summary.claims, positions)
