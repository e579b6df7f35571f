"""The stage functions the Prefect tasks call: each joins one edge (HTTP or database) to the pure parsers."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from alerts.render import new_message_id, render_alerts
from alerts.send import deliver
from alerts.types import SilentFeed
from flows.fetch import FetchResult, fetch, make_client
from parsers.article import article_day, extract_article
from parsers.claims import code_claims
from parsers.feeds import parse_feed
from parsers.lexicon import Lexicon
from parsers.types import ArticleText, Claim, FeedItem
from stancewatch.errors import DeliveryError, ExtractionError, FeedError, FetchError, StancewatchError
from stancewatch.feedlist import FeedConfig
from stancewatch.settings import Settings
from storage import alerts as alert_store
from storage import articles as article_store
from storage import hosts as host_store
from storage import positions as position_store
from storage.db import make_engine, session_scope
from storage.models import Article, Feed

# A feed summary shorter than this says too little to code when the page yielded no text.
MIN_SUMMARY_CHARS = 80
HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass(frozen=True)
class FeedOutcome:
    """What polling one feed did."""

    name: str
    status: int | None
    new_entries: int
    error: str | None = None
    skipped: str | None = None  # why the feed was not fetched this run


@dataclass(frozen=True)
class PageJob:
    """An article to fetch and code: what the feed told us about it."""

    article_id: int
    url: str
    summary: str
    title: str
    lang: str | None
    published: datetime | None = None


@dataclass(frozen=True)
class Analysed:
    """A page's text and claims, or why there are none."""

    article_id: int
    text: ArticleText | None
    claims: tuple[Claim, ...] = ()
    error: str | None = None
    final: bool = False  # an error that will not go away on retry


@dataclass
class BatchSummary:
    """Counts for one batch of articles, added up over the run."""

    coded: int = 0
    failed: int = 0
    duplicates: int = 0
    claims: int = 0
    new_positions: int = 0
    shifts: int = 0
    leased: int = 0  # articles the batch took on; 0 when nothing was pending
    errors: list[str] = field(default_factory=list)

    def add(self, other: BatchSummary) -> None:
        self.leased += other.leased
        self.coded += other.coded
        self.failed += other.failed
        self.duplicates += other.duplicates
        self.claims += other.claims
        self.new_positions += other.new_positions
        self.shifts += other.shifts
        self.errors += other.errors


def fetch_feed_body(feed: Feed | FeedConfig, etag: str | None, modified: str | None, settings: Settings) -> FetchResult:
    """GET one feed with its stored validators; FetchError on failure."""
    with make_client(settings) as client:
        return fetch(client, str(feed.url), settings, max_bytes=settings.max_feed_bytes, etag=etag, last_modified=modified)


# Retries within a run wait a few seconds; a server asking for more is left alone until later runs.
FEED_RETRY_DELAYS = (1.0, 5.0)
MAX_RETRY_WAIT_SECONDS = 10


def transient(exc: BaseException) -> bool:
    """Timeouts, connection errors and 5xx may pass; a 404 or a refused address will not change."""
    if not isinstance(exc, FetchError):
        return False
    if exc.retry_after is not None and exc.retry_after > MAX_RETRY_WAIT_SECONDS:
        return False  # the server asked for a longer rest: the feed backs off until a later run
    return "timed out" in exc.reason or "HTTP 5" in exc.reason or "Error" in exc.reason


def fetch_feeds(
    feeds: Sequence[tuple[FeedConfig, FeedState]], settings: Settings, delays: Sequence[float] = FEED_RETRY_DELAYS
) -> list[FetchResult | BaseException]:
    """GET every feed with its validators, concurrently and at most ``host_concurrency`` per host.

    One task for all feeds: a task run per feed would cost more in orchestration than the request.
    A transient failure is retried after ``delays``; the result is the response or the last error.
    """
    limits = _host_limits([str(c.url) for c, _s in feeds], settings)
    with make_client(settings) as client:

        def one(item: tuple[FeedConfig, FeedState]) -> FetchResult | BaseException:
            config, state = item
            url = str(config.url)
            for wait in (*delays, None):
                try:
                    with limits[_host(url)]:
                        return fetch(client, url, settings, max_bytes=settings.max_feed_bytes,
                                     etag=state.etag, last_modified=state.last_modified)
                except Exception as exc:  # recorded on the feed; the other feeds go on
                    if wait is None or not transient(exc):
                        return exc
                    time.sleep(max(wait, exc.retry_after or 0) if isinstance(exc, FetchError) else wait)
            raise AssertionError("unreachable")

        with ThreadPoolExecutor(max_workers=settings.fetch_threads) as pool:
            return list(pool.map(one, feeds))


def _host_limits(urls: Sequence[str], settings: Settings) -> dict[str, threading.BoundedSemaphore]:
    """A semaphore per host, made before any thread starts so no two threads make one host's."""
    return {host: threading.BoundedSemaphore(settings.host_concurrency) for host in {_host(u) for u in urls}}


@dataclass(frozen=True)
class FeedState:
    """A feed row as the flow needs it: id, validators, and until when it rests after failures."""

    id: int
    etag: str | None
    last_modified: str | None
    resting_until: datetime | None


def register_feeds(configs: Sequence[FeedConfig], settings: Settings) -> list[FeedState]:
    """Create or update the feed rows, in one transaction; return their states in ``configs`` order."""
    with session_scope(make_engine(settings.db_url())) as session:
        now = article_store.utcnow()
        states = []
        for config in configs:
            feed = article_store.upsert_feed(session, config.name, str(config.url), config.lang)
            resting = feed.next_attempt_at if feed.next_attempt_at and feed.next_attempt_at > now else None
            states.append(FeedState(feed.id, feed.etag, feed.last_modified, resting))
        return states


def store_feed_results(
    polled: Sequence[tuple[FeedConfig, FeedState, FetchResult | BaseException]],
    lexicon: Lexicon,
    settings: Settings,
    since: datetime | None = None,
) -> list[FeedOutcome]:
    """Parse fetched feeds and store their new entries and validators: one transaction, a savepoint per feed."""
    with session_scope(make_engine(settings.db_url())) as session:
        outcomes = []
        for config, state, result in polled:
            with session.begin_nested():
                outcomes.append(_store_feed_result(session, state.id, result, config.relevance_filter, lexicon,
                                                   settings, since))
        return outcomes


def _store_feed_result(
    session: Session,
    feed_id: int,
    result: FetchResult | BaseException,
    relevance_filter: bool,
    lexicon: Lexicon,
    settings: Settings,
    since: datetime | None,
) -> FeedOutcome:
    feed = session.get(Feed, feed_id)
    assert feed is not None
    if isinstance(result, BaseException):
        reason = str(result) if isinstance(result, StancewatchError) else f"{type(result).__name__}: {result}"
        retry_after = result.retry_after if isinstance(result, FetchError) else None
        article_store.record_feed_failure(session, feed, reason, settings.interval(), retry_after)
        return FeedOutcome(feed.name, None, 0, reason)
    if result.not_modified:
        article_store.record_feed_success(session, feed, 304, None, None)
        return FeedOutcome(feed.name, 304, 0)
    try:
        items = parse_feed(result.body, feed.url)
    except FeedError as exc:
        article_store.record_feed_failure(session, feed, str(exc), settings.interval())
        return FeedOutcome(feed.name, result.status, 0, str(exc))

    def keep(item: FeedItem) -> bool:
        return not relevance_filter or lexicon.is_relevant(f"{item.title}\n{item.summary}")

    added = article_store.add_entries(session, feed, items, keep, since)
    article_store.record_feed_success(session, feed, result.status, result.etag, result.last_modified, len(added))
    return FeedOutcome(feed.name, result.status, len(added))


def claim_jobs(
    settings: Settings, owner: str, feed_ids: Sequence[int] | None = None, url: str | None = None
) -> list[PageJob]:
    """Lease the next batch of pending articles to this run (one URL, some feeds, or all)."""
    lease = timedelta(minutes=settings.lease_minutes)
    with session_scope(make_engine(settings.db_url())) as session:
        article_ids = [article_store.add_url(session, url).id] if url is not None else None
        rows = article_store.claim_pending(session, owner, lease, settings.batch_size, feed_ids, article_ids)
        return [PageJob(a.id, a.url, a.summary or "", a.title or "", a.lang, a.published) for a in rows]


def fetch_pages(jobs: Sequence[PageJob], settings: Settings) -> list[tuple[PageJob, FetchResult | str]]:
    """Fetch a batch of pages concurrently, politely per host; a failed page gives its reason instead."""
    engine = make_engine(settings.db_url())
    interval = timedelta(seconds=settings.host_interval_seconds)
    limits = _host_limits([job.url for job in jobs], settings)

    with make_client(settings) as client:

        def one(job: PageJob) -> tuple[PageJob, FetchResult | str]:
            host = _host(job.url)
            with limits[host]:
                if interval:
                    with session_scope(engine) as session:
                        wait = host_store.reserve_slot(session, host, interval)
                    time.sleep(wait)
                try:
                    return job, fetch(client, job.url, settings, max_bytes=settings.max_page_bytes)
                except FetchError as exc:
                    return job, str(exc)

        with ThreadPoolExecutor(max_workers=settings.fetch_threads) as pool:
            return list(pool.map(one, jobs))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def analyse_page(job: PageJob, page: FetchResult | str, lexicon: Lexicon) -> Analysed:
    """Extract and code one fetched page, falling back to the feed summary when the page has no text."""
    error: str
    if isinstance(page, str):
        error = page
    elif page.content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        error = f"{job.url}: not an HTML page ({page.content_type})"
    else:
        try:
            text = extract_article(page.body, job.url, job.lang)
            return Analysed(job.article_id, text, tuple(code_claims(text.text, text.lang, lexicon, _day(job, text))))
        except ExtractionError as exc:
            error = str(exc)
    summary = " ".join(job.summary.split())
    if len(summary) >= MIN_SUMMARY_CHARS and not isinstance(page, str):
        lang = job.lang or "de"
        text = ArticleText(url=job.url, text=f"{job.title}\n{summary}", title=job.title, lang=lang, source="feed-summary")
        return Analysed(job.article_id, text, tuple(code_claims(text.text, lang, lexicon, _day(job, text))), error=error)
    return Analysed(job.article_id, None, (), error=error, final=not isinstance(page, str))


def _day(job: PageJob, text: ArticleText) -> date | None:
    """The article's publication day, for actor aliases valid only in a period (officials change)."""
    return job.published.date() if job.published is not None else article_day(text)


def analyse_batch(pages: Sequence[tuple[PageJob, FetchResult | str]], lexicon: Lexicon) -> list[Analysed]:
    """Extract and code a batch of fetched pages (pure CPU work)."""
    return [analyse_page(job, page, lexicon) for job, page in pages]


def store_batch(results: Sequence[Analysed], lexicon: Lexicon, settings: Settings, owner: str) -> BatchSummary:
    """Store texts and claims and diff them, one transaction per article, oldest article first."""
    engine = make_engine(settings.db_url())
    severity = severities(lexicon)
    summary = BatchSummary()
    for result in results:
        with session_scope(engine) as session:
            article = session.get(Article, result.article_id)
            if article is None or not article_store.holds_lease(article, owner):
                continue  # the lease ran out and another run took the article over
            article_store.release(article)
            if result.text is None:
                article_store.mark_failed(session, article, result.error or "unknown error", final=result.final)
                summary.failed += 1
                summary.errors.append(result.error or article.url)
                continue
            article.error = result.error  # e.g. why the summary was used
            if article_store.store_text(session, article, result.text) is not None:
                summary.duplicates += 1
                continue
            records = position_store.record_claims(session, article, result.claims, lexicon.fingerprint)
            diff = position_store.apply_claims(session, article, records, severity)
            summary.coded += 1
            summary.claims += len(result.claims)
            summary.new_positions += diff.new
            summary.shifts += diff.shifts
    return summary


def severities(lexicon: Lexicon) -> dict[str, str]:
    """The severity of each issue, as the watchlist sets it."""
    return {issue_id: issue.severity for issue_id, issue in lexicon.issues.items()}


def labels(lexicon: Lexicon) -> dict[str, str]:
    """Human labels of actor and issue ids."""
    out = {actor_id: actor.label for actor_id, actor in lexicon.actors.items()}
    out.update({issue_id: issue.label for issue_id, issue in lexicon.issues.items()})
    return out


@dataclass(frozen=True)
class DeliveryOutcome:
    """What the alert step did: alerts and silent feeds reported, and where the email went or why not."""

    alerts: int = 0
    silent_feeds: int = 0
    where: str | None = None
    error: str | None = None


def send_alerts(lexicon: Lexicon, settings: Settings) -> DeliveryOutcome:
    """Email the due alerts and newly silent feeds in one message; mark them only once the server accepted it."""
    engine = make_engine(settings.db_url())
    with session_scope(engine) as session:
        alert_store.expire_stale_sending(session)
    with session_scope(engine) as session:
        alerts = alert_store.claim_for_delivery(session, timedelta(seconds=settings.smtp_timeout * 4 + 60))
        silent = article_store.silent_feeds(session, settings.silent_after())
        if not alerts and not silent:
            return DeliveryOutcome()
        views = [alert_store.to_view(a, labels(lexicon)) for a in alerts]
        silent_views = [SilentFeed(f.name, f.url, f.last_new_entry_at) for f in silent]
        ids, feed_ids = [a.id for a in alerts], [f.id for f in silent]
        # recorded before sending: a retry after a failure sends the same Message-ID
        message_id = alert_store.claim_message_id(alerts, new_message_id())
    message = render_alerts(views, settings.mail_from, settings.recipients(), message_id, silent_views)
    try:
        where = deliver(message, settings)
    except DeliveryError as exc:
        with session_scope(engine) as session:
            retry = timedelta(minutes=settings.delivery_retry_minutes)
            alert_store.mark_delivery_failed(session, ids, str(exc), retry, ambiguous=exc.ambiguous)
        return DeliveryOutcome(error=str(exc))
    with session_scope(engine) as session:
        alert_store.mark_emailed(session, ids, message_id)
        article_store.mark_silent_reported(session, feed_ids)
    return DeliveryOutcome(len(ids), len(feed_ids), where)
