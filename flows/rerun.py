"""Re-code stored articles with the current lexicons (no re-fetch) and raise only alerts not raised before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from alerts.policy import policy_for
from core.settings import Settings
from flows.monitor import select_feeds
from flows.stages import freeze_loaded_objects
from flows.tasks import alert
from parsers.claims import code_claims
from parsers.lexicon import Lexicon, load_lexicon
from parsers.types import DEFAULT_LANG, Claim
from storage import ingest
from storage.db import make_engine, session_scope
from storage.ingest import BatchSummary
from storage.models import Article


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
    before = datetime.combine(until + timedelta(days=1), datetime.min.time()) if until is not None else None
    with session_scope(make_engine(settings.db_url())) as session:
        return ingest.stored_article_ids(session, start, before, feed)


def recode(article_ids: list[int], lexicon: Lexicon, settings: Settings) -> BatchSummary:
    """Code stored texts again; store the claims they did not have, and diff only those."""
    engine = make_engine(settings.db_url())
    policy = policy_for(lexicon, settings)
    summary = BatchSummary()

    def code(article: Article) -> list[Claim]:
        day = article.published.date() if article.published else None
        return code_claims(article.text or "", article.lang or DEFAULT_LANG, lexicon, day)

    for article_id in article_ids:  # one transaction an article: a long rerun keeps what it has done
        with session_scope(engine) as session:
            ingest.recode_stored(session, article_id, code, lexicon.fingerprint, policy, summary)
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
