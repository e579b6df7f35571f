"""The stage functions the Prefect tasks call: each joins one edge (HTTP or database) to the pure parsers."""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar
from urllib.parse import urlsplit

from sqlalchemy.exc import InterfaceError, OperationalError

from alerts.policy import policy_for
from core.errors import FetchError, StancewatchError
from core.feedlist import FeedConfig
from core.settings import Settings
from flows import pool
from flows.analyse import PageJob
from flows.fetch import FetchResult, fetch, make_client
from parsers.feeds import parse_feed
from parsers.lexicon import Lexicon
from parsers.types import Analysed, FeedItem
from storage import articles as article_store
from storage import feeds as feed_store
from storage import hosts as host_store
from storage import ingest
from storage import rows as row_store
from storage.db import make_engine, session_scope
from storage.feeds import FeedOutcome, Polled
from storage.ingest import BatchSummary

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
    """Store what polling the feeds brought (new entries and validators, or the failure), in one
    transaction with a savepoint per feed (``storage.feeds.store_polled``)."""
    with session_scope(make_engine(settings.db_url())) as session:
        return feed_store.store_polled(session, [_polled(config, state, result, lexicon) for config, state, result in polled],
                                       settings.interval(), since)


def _polled(config: FeedConfig, state: FeedState, result: FetchResult | BaseException, lexicon: Lexicon) -> Polled:
    """A fetch's outcome as the store records it; the body is parsed only if the store asks."""
    if isinstance(result, BaseException):
        reason = str(result) if isinstance(result, StancewatchError) else f"{type(result).__name__}: {result}"
        retry_after = result.retry_after if isinstance(result, FetchError) else None
        return Polled(state.id, config.name, error=reason, retry_after=retry_after)
    if result.not_modified:
        return Polled(state.id, config.name, status=304)
    relevance_filter = config.relevance_filter

    def keep(item: FeedItem) -> bool:
        return not relevance_filter or lexicon.is_relevant(f"{item.title}\n{item.summary}")

    read_as = hashlib.sha256(result.body + f"\0{lexicon.fingerprint}\0{relevance_filter}".encode()).hexdigest()
    return Polled(state.id, config.name, result.status, result.etag, result.last_modified, read_as=read_as,
                  read=functools.partial(read_feed, result), keep=keep)


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


def process_batch(
    lexicon: Lexicon, settings: Settings, owner: str, order: StoreOrder, feed_ids: Sequence[int] | None,
    url: str | None,
) -> BatchSummary:
    """One batch from lease to diff: lease it (in ``order``), fetch its pages, extract and code them in
    the worker processes, then, after the run's earlier batches, store and diff them."""
    place, jobs = order.lease(lambda: claim_jobs(settings, owner, feed_ids, url))
    try:
        if not jobs:
            return BatchSummary()
        pages = fetch_pages(jobs, settings)
        results = pool.analyse_parallel(pages, lexicon, settings)
        order.wait(place)
        summary = store_batch(results, lexicon, settings, owner)
        summary.leased = len(jobs)
        return summary
    finally:
        order.done(place)  # stored or failed: the next batch may store (a retry leases a new place)


def store_batch(results: Sequence[Analysed], lexicon: Lexicon, settings: Settings, owner: str) -> BatchSummary:
    """Store texts and claims and diff them, oldest article first, in one transaction for the batch.

    Should one article's data raise an unexpected error, the batch is stored again with a savepoint
    per article, so that only that article fails (with its reason) and the others are kept.
    """
    _after_earlier_runs(results, settings, owner)
    policy = policy_for(lexicon, settings)
    # a failed page waits as long as a lease before it is tried again: not again in this run
    retry = timedelta(minutes=settings.lease_minutes)
    engine = make_engine(settings.db_url())
    try:
        with session_scope(engine) as session:
            return ingest.store_analysed(session, results, lexicon.fingerprint, policy, owner, retry)
    except (OperationalError, InterfaceError):
        raise  # the database itself: the task retries the batch
    except Exception as exc:  # noqa: BLE001 (any other failure: each article again on its own, below)
        log.warning("storing a batch failed (%s: %s); storing it again article by article", type(exc).__name__, exc)
        with session_scope(engine) as session:
            return ingest.store_analysed(session, results, lexicon.fingerprint, policy, owner, retry, isolate=True)


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


def any_pending(settings: Settings) -> bool:
    """Are articles waiting from an earlier run (so this one will code some whatever the feeds bring)?"""
    with session_scope(make_engine(settings.db_url())) as session:
        return article_store.any_pending(session)
