"""The stage functions the Prefect tasks call: each joins one edge (HTTP or database) to the pure parsers."""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from alerts import plots
from alerts.links import AlertLinks, links_for
from alerts.policy import AlertPolicy
from alerts.render import new_message_id, render_alerts
from alerts.send import deliver
from alerts.types import AlertView, HistoryView, SilentFeed
from flows import pool
from flows.analyse import Analysed, PageJob
from flows.fetch import FetchResult, fetch, make_client
from parsers.article import text_hash
from parsers.feeds import parse_feed
from parsers.lexicon import Lexicon
from parsers.types import FeedItem
from stancewatch.errors import DeliveryError, FeedError, FetchError, StancewatchError
from stancewatch.feedlist import FeedConfig
from stancewatch.settings import Settings
from storage import alerts as alert_store
from storage import articles as article_store
from storage import feeds as feed_store
from storage import hosts as host_store
from storage import positions as position_store
from storage import reporting, review
from storage import rows as row_store
from storage import wire as wire_store
from storage.db import make_engine, session_scope
from storage.models import Article, Feed

log = logging.getLogger(__name__)

T = TypeVar("T")


@functools.cache
def freeze_loaded_objects() -> None:
    """Keep what this process has loaded by its first flow run out of the garbage collector's full passes.

    Prefect, SQLAlchemy, pydantic, httpx and the lexicon leave several hundred thousand long-lived
    objects, and every full collection walked them all: ~1 s of the flow process's 4–5 s of CPU in a
    run over 1,000 articles (benchmarks.pipeline, ``flow_gc_seconds``), for no object ever freed.
    Done once per process (a served deployment's later runs find them frozen already); what is
    garbage at that moment stays, a one-off of at most one collection's worth.
    """
    gc.freeze()


class StoreOrder:
    """Lets one run's batches store one after the other in the order they leased their articles
    (oldest first), however their fetching and extraction finish.

    Several batches are in flight at once, and the diff compares each claim with the stored position
    by publication time: had a later batch moved a position first, an earlier article's claim would
    find itself older than the position and count as an older report, so a catch-up run's alerts would depend
    on which batch happened to finish first. Leasing and storing wait their turn; fetching and coding
    overlap as before.
    """

    def __init__(self, wait_seconds: float) -> None:
        self._leasing = threading.Lock()
        self._places = 0  # places in the order handed out
        self._done: set[int] = set()  # places at or above ``_next`` that are done already
        self._next = 0  # every place below has stored or given up
        self._changed = threading.Condition()
        self._wait_seconds = wait_seconds  # an earlier batch this slow is stuck: its lease is running out

    def lease(self, claim: Callable[[], T]) -> tuple[int, T]:
        """``claim()`` (the batch's lease), one batch at a time, and the batch's place in the order; the
        caller must call ``done(place)`` when the batch has stored or failed."""
        with self._leasing:
            place = self._places
            self._places += 1
            try:
                return place, claim()
            except BaseException:
                self.done(place)
                raise

    def wait(self, place: int) -> None:
        """Until every batch with an earlier place is done."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._next >= place, timeout=self._wait_seconds):
                log.warning("a batch stores before an earlier one, which has not finished in %.0f s",
                            self._wait_seconds)

    def done(self, place: int) -> None:
        """The batch at ``place`` has stored, failed or found nothing to do: the next one may store."""
        with self._changed:
            self._done.add(place)
            while self._next in self._done:
                self._done.remove(self._next)
                self._next += 1
            self._changed.notify_all()


@dataclass(frozen=True)
class FeedOutcome:
    """What polling one feed did."""

    name: str
    status: int | None
    new_entries: int
    error: str | None = None
    skipped: str | None = None  # why the feed was not fetched this run


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


# Retries within a run wait a few seconds; a server asking for more is left alone until later runs.
FEED_RETRY_DELAYS = (1.0, 5.0)
MAX_RETRY_WAIT_SECONDS = 10


def transient(exc: BaseException) -> bool:
    """Timeouts, connection errors and 5xx may pass; a 404 or a refused address will not change."""
    if not isinstance(exc, FetchError):
        return False
    if exc.retry_after is not None and exc.retry_after > MAX_RETRY_WAIT_SECONDS:
        return False  # the server asked for a longer rest: the feed backs off until a later run
    return exc.retryable


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
                except Exception as exc:  # noqa: BLE001 (recorded on the feed; the other feeds go on)
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
        now = row_store.utcnow()
        feeds = feed_store.upsert_feeds(session, [(c.name, str(c.url), c.lang) for c in configs])
        return [FeedState(feed.id, feed.etag, feed.last_modified,
                          feed.next_attempt_at if feed.next_attempt_at and feed.next_attempt_at > now else None)
                for feed in feeds]


def store_feed_results(
    polled: Sequence[tuple[FeedConfig, FeedState, FetchResult | BaseException]],
    lexicon: Lexicon,
    settings: Settings,
    since: datetime | None = None,
) -> list[FeedOutcome]:
    """Parse fetched feeds and store their new entries and validators: one transaction, a savepoint per feed."""
    with session_scope(make_engine(settings.db_url())) as session:
        feeds = {f.id: f for ids in row_store.chunked([s.id for _c, s, _r in polled])
                 for f in session.scalars(select(Feed).where(Feed.id.in_(ids)))}  # one query, not one per feed
        outcomes = []
        for config, state, result in polled:
            try:
                with session.begin_nested():
                    outcomes.append(_store_feed_result(session, feeds[state.id], result, config.relevance_filter,
                                                       lexicon, settings, since))
            except (OperationalError, InterfaceError):
                raise  # the database itself: the run fails and the next one polls again
            except Exception as exc:  # noqa: BLE001 (this feed's data: recorded on the feed, the other feeds are kept)
                reason = f"storing failed: {type(exc).__name__}: {exc}"
                feed = session.get(Feed, state.id)
                assert feed is not None
                feed_store.record_feed_failure(session, feed, reason, settings.interval())
                outcomes.append(FeedOutcome(config.name, None, 0, reason))
        return outcomes


def _store_feed_result(
    session: Session,
    feed: Feed,
    result: FetchResult | BaseException,
    relevance_filter: bool,
    lexicon: Lexicon,
    settings: Settings,
    since: datetime | None,
) -> FeedOutcome:
    if isinstance(result, BaseException):
        reason = str(result) if isinstance(result, StancewatchError) else f"{type(result).__name__}: {result}"
        retry_after = result.retry_after if isinstance(result, FetchError) else None
        feed_store.record_feed_failure(session, feed, reason, settings.interval(), retry_after)
        return FeedOutcome(feed.name, None, 0, reason)
    if result.not_modified:
        feed_store.record_feed_success(session, feed, 304, None, None)
        return FeedOutcome(feed.name, 304, 0)
    read_as = hashlib.sha256(result.body + f"\0{lexicon.fingerprint}\0{relevance_filter}".encode()).hexdigest()
    if since is None and feed.body_hash == read_as:  # nothing changed since the last read: no new entry
        feed_store.record_feed_success(session, feed, result.status, result.etag, result.last_modified)
        return FeedOutcome(feed.name, result.status, 0)
    try:
        items = read_feed(result)
    except FeedError as exc:
        feed_store.record_feed_failure(session, feed, str(exc), settings.interval())
        return FeedOutcome(feed.name, result.status, 0, str(exc))

    def keep(item: FeedItem) -> bool:
        return not relevance_filter or lexicon.is_relevant(f"{item.title}\n{item.summary}")

    added = article_store.add_entries(session, feed, items, keep, since)
    feed_store.record_feed_success(session, feed, result.status, result.etag, result.last_modified, len(added))
    feed.body_hash = read_as
    return FeedOutcome(feed.name, result.status, len(added))


def read_feed(result: FetchResult) -> list[FeedItem]:
    """A fetched feed's items, parsed with the response's Content-Type and Content-Location."""
    headers = {"content-type": result.content_type, "content-location": result.content_location or ""}
    return parse_feed(result.body, result.url, {k: v for k, v in headers.items() if v})


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
                except Exception as exc:  # noqa: BLE001 (one page's failure is that page's, never the batch's)
                    return job, f"{job.url}: {type(exc).__name__}: {exc}"

        with ThreadPoolExecutor(max_workers=settings.fetch_threads) as pool:
            return list(pool.map(one, jobs))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def store_batch(results: Sequence[Analysed], lexicon: Lexicon, settings: Settings, owner: str) -> BatchSummary:
    """Store texts and claims and diff them, oldest article first, in one transaction for the batch.

    Should one article's data raise an unexpected error, the batch is stored again with a savepoint
    per article, so that only that article fails (with its reason) and the others are kept.
    """
    _after_earlier_runs(results, settings, owner)
    try:
        return _store(results, lexicon, settings, owner, isolate=False)
    except (OperationalError, InterfaceError):
        raise  # the database itself: the task retries the batch
    except Exception as exc:  # noqa: BLE001 (any other failure: each article again on its own, below)
        log.warning("storing a batch failed (%s: %s); storing it again article by article", type(exc).__name__, exc)
        return _store(results, lexicon, settings, owner, isolate=True)


# How often a batch looks again whether another run's earlier batch has stored.
EARLIER_RUN_POLL_SECONDS = 0.2


def _after_earlier_runs(results: Sequence[Analysed], settings: Settings, owner: str) -> None:
    """Wait while another run holds articles that lease (and so store) before this batch's: runs
    that overlap then diff their claims in publication order, as one run would, so they raise the
    same alerts (a claim stored before an earlier one would make that one an older report). A run
    that died stops holding them when its lease runs out, and the wait ends then at the latest."""
    ids = [r.article_id for r in results]
    deadline = time.monotonic() + settings.lease_minutes * 60
    engine = make_engine(settings.db_url())
    while time.monotonic() < deadline:
        with session_scope(engine) as session:
            if not article_store.earlier_leased_elsewhere(session, owner, ids):
                return
        time.sleep(EARLIER_RUN_POLL_SECONDS)
    log.warning("another run's earlier batch has not stored within its lease; this batch stores now")


def _store(results: Sequence[Analysed], lexicon: Lexicon, settings: Settings, owner: str, isolate: bool) -> BatchSummary:
    policy = alert_policy(lexicon, settings)
    summary = BatchSummary()
    # a failed page waits as long as a lease before it is tried again: not again in this run
    retry = timedelta(minutes=settings.lease_minutes)
    with session_scope(make_engine(settings.db_url())) as session:
        ids = [r.article_id for r in results]
        articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
        touched = [(c.actor, c.issue) for r in results if r.text is not None for c in r.claims]
        texts = [(r.text_hash or text_hash(r.text.text), r.minhash) for r in results if r.text is not None]

        def lookups() -> tuple[position_store.PairStore, wire_store.TextIndex]:
            return position_store.PairStore(session, touched), wire_store.TextIndex(session, texts)

        pairs, index = lookups()
        # what the batch reads back it keeps in memory, so rows are written once at the end, not
        # flushed before every query
        with session.no_autoflush:
            # an article whose lease ran out has been taken over by another run: not ours to store
            mine = [(articles[r.article_id], r) for r in results
                    if r.article_id in articles and article_store.holds_lease(articles[r.article_id], owner)]
            if not isolate:
                # texts first, then every claim of the batch in one INSERT, then the diff in article order
                prepared = [(a, _prepare(session, a, r, lexicon, index, summary, retry)) for a, r in mine]
                pairs.expect(position_store.reported_from(a) for a, rows in prepared if rows)
                records = iter(position_store.insert_claims(session, [row for _, rows in prepared for row in rows or ()]))
                for article, rows in prepared:
                    if rows is not None:
                        _diff(session, article, [next(records) for _ in rows], policy, pairs, summary)
            else:
                for article, result in mine:
                    one = BatchSummary()  # counted once its savepoint is written
                    try:
                        with session.begin_nested():
                            rows = _prepare(session, article, result, lexicon, index, one, retry)
                            if rows is not None:
                                _diff(session, article, position_store.insert_claims(session, rows), policy, pairs, one)
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


def _prepare(
    session: Session,
    article: Article,
    result: Analysed,
    lexicon: Lexicon,
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
    return position_store.claim_rows(session, article, result.claims, lexicon.fingerprint)


def _diff(
    session: Session,
    article: Article,
    records: list[position_store.StoredClaim],
    policy: AlertPolicy,
    pairs: position_store.PairStore,
    summary: BatchSummary,
) -> None:
    """Move the positions by one article's newly stored claims, raising alerts."""
    summary.count(len(records), position_store.apply_claims(session, article, records, policy, pairs=pairs))


def alert_policy(lexicon: Lexicon, settings: Settings) -> AlertPolicy:
    """Severities from the lexicon's issues, overridden per issue or actor in the settings."""
    overrides = settings.severity_overrides
    issues = {issue_id: overrides.get(issue_id, issue.severity) for issue_id, issue in lexicon.issues.items()}
    actors = {actor_id: overrides[actor_id] for actor_id in lexicon.actors if actor_id in overrides}
    return AlertPolicy(issues, actors, frozenset(settings.instant_severities))


def any_pending(settings: Settings) -> bool:
    """Are articles waiting from an earlier run (so this one will code some whatever the feeds bring)?"""
    with session_scope(make_engine(settings.db_url())) as session:
        return article_store.any_pending(session)


@dataclass(frozen=True)
class DeliveryOutcome:
    """What the alert step did: alerts and silent feeds reported, emails sent, and where they went or why not."""

    alerts: int = 0
    silent_feeds: int = 0
    where: str | None = None
    error: str | None = None
    emails: int = 0
    backlog: alert_store.Backlog = field(default_factory=lambda: alert_store.Backlog())  # left undelivered

    def __add__(self, other: DeliveryOutcome) -> DeliveryOutcome:
        return DeliveryOutcome(self.alerts + other.alerts, self.silent_feeds + other.silent_feeds,
                               other.where or self.where, other.error or self.error, self.emails + other.emails)


# Editors read the last few statements beside an alert; the full list is `positions history`.
HISTORY_IN_EMAIL = 5


def send_alerts(lexicon: Lexicon, settings: Settings) -> DeliveryOutcome:
    """Email high-severity alerts at once, one message each, then the digest of the rest (every run, or
    once a day) with the newly silent feeds. Each message's alerts are claimed just before it is sent,
    so a run that dies holds at most one message's worth; they are marked only once the server accepted
    the message."""
    engine = make_engine(settings.db_url())
    with session_scope(engine) as session:
        alert_store.expire_stale_sending(session)
    lease = timedelta(seconds=settings.smtp_timeout * 4 + 60)
    outcome, tried = DeliveryOutcome(), 0
    while True:  # one instant alert at a time, each in its own message, each tried once a run
        with session_scope(engine) as session:
            instant = alert_store.claim_for_delivery(session, lease, channel="instant", limit=1, after_id=tried)
        if not instant:
            break
        tried = instant[0]
        outcome += _deliver(engine, lexicon, settings, instant, digest=False)
    with session_scope(engine) as session:
        due_since = settings.digest_due_since(row_store.utcnow())
        digest = alert_store.claim_for_delivery(session, lease, channel="digest", created_before=due_since)
        silent = [f.id for f in feed_store.silent_feeds(session, settings.silent_after())]
    if digest or silent:
        outcome += _deliver(engine, lexicon, settings, digest, digest=True, silent_ids=silent)
    with session_scope(engine) as session:  # what still waits, so the run can say so
        outcome = replace(outcome, backlog=alert_store.delivery_backlog(session))
    return outcome


def _links(settings: Settings, alert_id: int) -> AlertLinks | None:
    """The web app's links for an alert's email, when the app's address is set (actions need its secret)."""
    if not settings.web_base_url:
        return None
    secret = settings.web_secret.get_secret_value() if settings.web_secret else None
    return links_for(settings.web_base_url, alert_id, secret)


def _deliver(
    engine: Engine, lexicon: Lexicon, settings: Settings, alert_ids: Sequence[int], digest: bool,
    silent_ids: Sequence[int] = (),
) -> DeliveryOutcome:
    """Render and send one email for these claimed alerts; record the outcome on them."""
    with session_scope(engine) as session:
        alerts = alert_store.alerts_by_id(session, alert_ids)
        names = lexicon.labels()
        histories = review.recent_histories(session, [(a.actor, a.issue, a.claim_id) for a in alerts], HISTORY_IN_EMAIL)
        views = [alert_store.to_view(a, names, [_history_view(e) for e in history], _links(settings, a.id))
                 for a, history in zip(alerts, histories)]
        silent = [SilentFeed(f.name, f.url, f.last_new_entry_at) for f in feed_store.feeds_by_id(session, silent_ids)]
        # recorded before sending: a retry after a failure sends the same Message-ID
        message_id = alert_store.claim_message_id(alerts, new_message_id())
        timelines = _timelines(session, views, names, settings) if digest and views else {}
        # a digest says how many earlier alerts may not have arrived, so the editor checks them
        uncertain = alert_store.delivery_backlog(session).uncertain if digest else 0
    message = render_alerts(views, settings.mail_from, settings.recipients(), message_id, silent,
                            digest=digest, timelines=timelines, uncertain=uncertain)

    def handed_over() -> None:
        with session_scope(engine) as session:
            alert_store.mark_handing(session, alert_ids)

    try:
        where = deliver(message, settings, on_handover=handed_over)
    except DeliveryError as exc:
        with session_scope(engine) as session:
            retry = timedelta(minutes=settings.delivery_retry_minutes)
            alert_store.mark_delivery_failed(session, alert_ids, str(exc), retry, ambiguous=exc.ambiguous)
        kept = "it may have arrived, so it is not sent again by itself" if exc.ambiguous else "kept for a retry"
        return DeliveryOutcome(error=f"{exc} ({kept})")
    with session_scope(engine) as session:
        alert_store.mark_emailed(session, alert_ids, message_id)
        feed_store.mark_silent_reported(session, silent_ids)
    return DeliveryOutcome(len(alert_ids), len(silent_ids), where, emails=1)


def _history_view(entry: review.HistoryEntry) -> HistoryView:
    """One of the actor's last statements on the issue, as the email shows it."""
    return HistoryView(entry.published, entry.stance, wire_store.outlet(entry.source), entry.sentence)


def _timelines(
    session: Session, views: Sequence[AlertView], names: Mapping[str, str], settings: Settings
) -> dict[str, bytes]:
    """A timeline picture per issue of the digest's alerts: every actor's stance on it over the last
    ``TIMELINE_DAYS`` before the newest alert's article, with the stored positions, so an editor sees
    the move in its context (counted from the articles, not the clock, for a digest of older coverage).
    Drawn on the worker processes, side by side."""
    newest = max((v.new.published for v in views if v.new.published), default=row_store.utcnow())
    since = newest - timedelta(days=TIMELINE_DAYS)
    # most alerts first, then in the digest's order
    issues = [issue for issue, _count in Counter(v.issue for v in views).most_common(TIMELINES_IN_DIGEST)]
    points = reporting.daily_stances(session, issues, since)
    current = reporting.position_cells(session, issues)
    pictures = [functools.partial(plots.issue_timeline_png, names.get(issue, issue),
                                  [plots.Point(p.actor, p.stance, p.published, p.dismissed) for p in points[issue]],
                                  [plots.Current(c.actor, c.issue, c.stance, c.since, c.origin)
                                   for c in current if c.issue == issue],
                                  actor_labels=dict(names), width_px=EMAIL_PICTURE_PX,
                                  text_scale=EMAIL_TEXT_SCALE)
                for issue in issues]
    return dict(zip(issues, pool.run_each(pictures, settings)))


# The digest's timelines are shrunk to a phone's width (~310 px inside the email's margins): at 600 px
# and letters 1.6 times the report's, the smallest text there is ~11 px high.
EMAIL_PICTURE_PX = 600
EMAIL_TEXT_SCALE = 1.6

# Months of context in the digest's timelines: the negotiations' recent phase, not their whole history.
TIMELINE_DAYS = 180
# Pictures in one digest: each costs ~0.2 s to draw and ~120 KB to mail, and a catch-up digest over
# many issues would carry a dozen; the email names `stancewatch report --issue` for the others.
TIMELINES_IN_DIGEST = 5
