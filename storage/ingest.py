"""Articles into the store: their texts, their claims and the moves those claims make, one path for
every way an article comes in.

The monitor stores a batch of fetched and coded pages (``store_analysed``), the baseline load the
seed files (``load_seed``), a rerun the stored texts coded again (``recode_stored``). All three
store claims and diff them against the positions through ``diff_article``. Each function takes the
session first; the caller (flows/) owns the transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from alerts.policy import AlertPolicy
from parsers.article import text_hash
from parsers.types import Analysed, ArticleText, Claim
from storage import articles as article_store
from storage import positions as position_store
from storage import wire as wire_store
from storage.models import Article, Feed
from storage.rows import utcnow

log = logging.getLogger(__name__)


@dataclass
class BatchSummary:
    """Counts for one batch of articles, added up over the run."""

    coded: int = 0
    failed: int = 0
    duplicates: int = 0
    claims: int = 0
    new_positions: int = 0
    shifts: int = 0
    older: int = 0  # claims older than the position they contradict: alerted, the position stays
    leased: int = 0  # articles the batch took on; 0 when nothing was pending
    versions: int = 0  # articles fetched again whose text had changed
    unchanged: int = 0  # articles fetched again with the same text
    errors: list[str] = field(default_factory=list)

    def add(self, other: BatchSummary) -> None:
        self.leased += other.leased
        self.versions += other.versions
        self.unchanged += other.unchanged
        self.coded += other.coded
        self.failed += other.failed
        self.duplicates += other.duplicates
        self.claims += other.claims
        self.new_positions += other.new_positions
        self.shifts += other.shifts
        self.older += other.older
        self.errors += other.errors

    def count(self, claims: int, diff: position_store.DiffSummary) -> None:
        """One more article coded, with its newly stored claims and what they did to the positions."""
        self.coded += 1
        self.claims += claims
        self.new_positions += diff.new
        self.shifts += diff.shifts
        self.older += diff.older


def diff_article(
    session: Session,
    article: Article,
    records: list[position_store.StoredClaim],
    policy: AlertPolicy,
    summary: BatchSummary,
    pairs: position_store.PairStore | None = None,
    raise_alerts: bool = True,
    origin: str = "monitor",
) -> None:
    """Move the positions by one article's newly stored claims, raising alerts (not for the baseline)."""
    summary.count(len(records), position_store.apply_claims(session, article, records, policy, raise_alerts=raise_alerts,
                                                            origin=origin, pairs=pairs))


def store_analysed(
    session: Session,
    results: Sequence[Analysed],
    fingerprint: str,
    policy: AlertPolicy,
    owner: str,
    retry: timedelta,
    isolate: bool = False,
) -> BatchSummary:
    """Store a batch's texts and claims and diff them, oldest article first.

    ``isolate``: a savepoint per article, so that an article whose data raises fails alone (with its
    reason on it) and the others are kept; without, the batch goes in as one. A failed page is tried
    again after ``retry``. Articles whose lease ``owner`` no longer holds are left to the run that took
    them over.
    """
    summary = BatchSummary()
    ids = [r.article_id for r in results]
    articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
    touched = [(c.actor, c.issue) for r in results if r.text is not None for c in r.claims]
    texts = [(r.text_hash or text_hash(r.text.text), r.minhash) for r in results if r.text is not None]

    def lookups() -> tuple[position_store.PairStore, wire_store.TextIndex]:
        return position_store.PairStore(session, touched), wire_store.TextIndex(session, texts)

    pairs, index = lookups()
    # what the batch reads back it keeps in memory, so rows are written once at the end, not flushed
    # before every query
    with session.no_autoflush:
        mine = [(articles[r.article_id], r) for r in results
                if r.article_id in articles and article_store.holds_lease(articles[r.article_id], owner)]
        if not isolate:
            # texts first, then every claim of the batch in one INSERT, then the diff in article order
            prepared = [(a, _store_text(session, a, r, fingerprint, index, summary, retry)) for a, r in mine]
            pairs.expect(position_store.reported_from(a) for a, rows in prepared if rows)
            records = iter(position_store.insert_claims(session, [row for _, rows in prepared for row in rows or ()]))
            for article, rows in prepared:
                if rows is not None:
                    diff_article(session, article, [next(records) for _ in rows], policy, summary, pairs)
        else:
            for article, result in mine:
                one = BatchSummary()  # counted once its savepoint is written
                try:
                    with session.begin_nested():
                        rows = _store_text(session, article, result, fingerprint, index, one, retry)
                        if rows is not None:
                            diff_article(session, article, position_store.insert_claims(session, rows), policy, one,
                                         pairs)
                        pairs.write()
                        index.write()
                    summary.add(one)
                except (OperationalError, InterfaceError):
                    raise
                except Exception as exc:  # noqa: BLE001 (this article's data: recorded on it, the batch goes on)
                    session.expire_all()
                    pairs, index = lookups()  # what the rolled-back savepoint left
                    session.refresh(article)
                    article_store.mark_failed(session, article, f"storing failed: {type(exc).__name__}: {exc}",
                                              retry_after=retry)
                    summary.failed += 1
                    summary.errors.append(f"{article.url}: {exc}")
    pairs.write()
    index.write()
    return summary


def _store_text(
    session: Session,
    article: Article,
    result: Analysed,
    fingerprint: str,
    index: wire_store.TextIndex,
    summary: BatchSummary,
    retry_after: timedelta | None = None,
) -> list[dict[str, Any]] | None:
    """Store one article's text (or failure; tried again after ``retry_after``); the rows of its claims
    to insert, or None when there is nothing to diff (a failure, a duplicate, an unchanged text)."""
    article_store.release(article)
    if result.text is None and article.coded_at is not None:
        article.status, article.error = "coded", result.error  # fetched again and failed: the stored text stands
        summary.failed += 1
        return None
    if result.text is None:
        article_store.mark_failed(session, article, result.error or "unknown error", final=result.final,
                                  retry_after=retry_after)
        summary.failed += 1
        summary.errors.append(result.error or article.url)
        return None
    article.error = result.error  # e.g. why the summary was used
    if article.coded_at is not None:  # fetched again: a new version, or the same text
        if not article_store.store_version(session, article, result.text, result.text_hash):
            summary.unchanged += 1
            return None
        summary.versions += 1
    elif article_store.store_text(session, article, result.text, index, result.text_hash) is not None:
        summary.duplicates += 1
        return None
    wire_store.assign_wire_group(session, article, result.minhash, index)
    return position_store.claim_rows(session, article, result.claims, fingerprint)


def load_seed(
    session: Session, text: ArticleText, analysed: Callable[[int], Analysed], fingerprint: str, policy: AlertPolicy,
    summary: BatchSummary,
) -> bool:
    """Store one seed article and let its claims set the positions, alerting nothing; False when it
    is in the store already (by its URL, or the same text under another name).

    ``analysed(article_id)``: the text coded, for the new article's id.
    """
    if session.scalar(select(Article.id).where(Article.url == text.url)) is not None:
        return False
    article = Article(url=text.url, entry_key=text.url, title=text.title,
                      published=datetime.fromisoformat(text.date) if text.date else None, lang=text.lang,
                      status="pending", attempts=0, created_at=utcnow())
    session.add(article)
    session.flush()
    result = analysed(article.id)
    index = wire_store.TextIndex(session, [(result.text_hash or text_hash(text.text), result.minhash)])
    rows = _store_text(session, article, result, fingerprint, index, summary)
    index.write()
    if rows is None:
        return False
    diff_article(session, article, position_store.insert_claims(session, rows), policy, summary,
                 raise_alerts=False, origin="baseline")
    return True


def recode_stored(
    session: Session, article_id: int, code: Callable[[Article], Sequence[Claim]], fingerprint: str,
    policy: AlertPolicy, summary: BatchSummary,
) -> None:
    """Code a stored text again (``code``); store the claims it did not have before and diff only those."""
    article = session.get(Article, article_id)
    if article is None or not article.text:
        return
    fresh = position_store.record_claims(session, article, code(article), fingerprint)
    diff_article(session, article, fresh, policy, summary)


def stored_article_ids(session: Session, since: datetime, before: datetime | None, feed: str | None = None) -> list[int]:
    """Coded articles published in [since, before), oldest first, optionally from one feed (by name)."""
    query = select(Article.id).where(Article.status == "coded", Article.published >= since)
    if before is not None:
        query = query.where(Article.published < before)
    if feed is not None:
        query = query.join(Feed).where(Feed.name == feed)
    return list(session.scalars(query.order_by(Article.published, Article.id)))
