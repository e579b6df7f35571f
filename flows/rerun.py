"""Re-code stored articles with the current lexicons (no re-fetch) and raise only alerts not raised before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from sqlalchemy import select

from flows.monitor import select_feeds
from flows.stages import BatchSummary, alert_policy, freeze_loaded_objects
from flows.tasks import alert
from parsers.claims import code_claims
from parsers.lexicon import Lexicon, load_lexicon
from stancewatch.settings import Settings
from storage import positions as position_store
from storage.db import make_engine, session_scope
from storage.models import Article, Feed


@dataclass(frozen=True)
class RerunSummary:
    """What a re-run changed."""

    articles: int
    new_claims: int
    new_positions: int
    shifts: int
    older: int = 0  # older reports: alerted, the positions stay


def stored_article_ids(settings: Settings, since: date, until: date | None, feed: str | None) -> list[int]:
    """Coded articles published in [since, until], oldest first, optionally from one feed."""
    start = datetime.combine(since, datetime.min.time())
    query = select(Article.id).where(Article.status == "coded", Article.published >= start)
    if until is not None:
        query = query.where(Article.published < datetime.combine(until + timedelta(days=1), datetime.min.time()))
    if feed is not None:
        query = query.join(Feed).where(Feed.name == feed)
    with session_scope(make_engine(settings.db_url())) as session:
        return list(session.scalars(query.order_by(Article.published, Article.id)))


def recode(article_ids: list[int], lexicon: Lexicon, settings: Settings) -> BatchSummary:
    """Code stored texts again; store the claims they did not have, and diff only those."""
    engine = make_engine(settings.db_url())
    policy = alert_policy(lexicon, settings)
    summary = BatchSummary()
    for article_id in article_ids:
        with session_scope(engine) as session:
            article = session.get(Article, article_id)
            if article is None or not article.text:
                continue
            day = article.published.date() if article.published else None
            found = code_claims(article.text, article.lang or "de", lexicon, day)
            fresh = position_store.record_claims(session, article, found, lexicon.fingerprint)
            summary.count(len(fresh), position_store.apply_claims(session, article, fresh, policy))
    return summary


@task(name="recode", cache_policy=NO_CACHE)
def recode_task(article_ids: list[int], lexicon: Lexicon, settings: Settings) -> BatchSummary:
    return recode(article_ids, lexicon, settings)


@flow(name="rerun-articles", flow_run_name="rerun-{since}")
def rerun(since: date, until: date | None = None, feed: str | None = None) -> RerunSummary:
    """Re-code the stored articles of a period (after a lexicon change) and alert on what is new."""
    freeze_loaded_objects()
    logger = get_run_logger()
    settings = Settings()
    lexicon = load_lexicon(settings.lexicon_dirs())
    if feed is not None:
        select_feeds(settings, feed, None)  # an unknown name fails with the list of known ones
    ids = stored_article_ids(settings, since, until, feed)
    logger.info("%d stored articles to re-code with lexicon %s", len(ids), lexicon.fingerprint)
    total = BatchSummary()
    for start in range(0, len(ids), settings.batch_size):
        total.add(recode_task(ids[start : start + settings.batch_size], lexicon, settings))
        logger.info("re-coded %d of %d", min(start + settings.batch_size, len(ids)), len(ids))
    delivery = alert(lexicon, settings)
    logger.info("%d new claims, %d new positions, %d shifts, %d older reports; %d alerts emailed",
                total.claims, total.new_positions, total.shifts, total.older, delivery.alerts)
    return RerunSummary(total.coded, total.claims, total.new_positions, total.shifts, total.older)
