"""The monitor flow: poll feeds → fetch pages → extract → code claims → diff positions → email alerts."""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date, datetime

from prefect import flow, get_run_logger
from prefect.futures import PrefectFuture

from core.errors import ConfigError
from core.feedlist import FeedConfig, load_feed_list
from core.settings import Settings
from flows import pool, stages, tasks
from parsers.lexicon import Lexicon, load_lexicon
from storage.alerts import Backlog
from storage.feeds import FeedOutcome
from storage.ingest import BatchSummary


@dataclass
class RunSummary:
    """What one monitor run did; the CLI prints it and picks the exit code from it."""

    feeds: list[FeedOutcome] = field(default_factory=list)
    articles: BatchSummary = field(default_factory=BatchSummary)
    emailed: int = 0
    emails: int = 0
    silent_feeds: int = 0
    delivered_to: str | None = None
    delivery_error: str | None = None
    backlog: Backlog = field(default_factory=Backlog)  # alerts left undelivered after the run

    @property
    def failures(self) -> int:
        return sum(1 for f in self.feeds if f.error) + self.articles.failed

    @property
    def attempts(self) -> int:
        return len(self.feeds) + self.articles.coded + self.articles.failed + self.articles.duplicates


def select_feeds(
    settings: Settings, feed: str | None, feed_url: str | None, group: int = 0, groups: int = 1
) -> list[FeedConfig]:
    """The feeds of this run: one by name, a one-off URL, or the configured ones (one group of them)."""
    if feed_url:
        from pydantic import ValidationError

        name = "adhoc-" + hashlib.sha1(feed_url.encode()).hexdigest()[:10]
        try:
            return [FeedConfig(name=name, url=feed_url)]  # type: ignore[arg-type]
        except ValidationError:
            raise ConfigError(f"--feed-url {feed_url!r} is not an http(s) URL: give the feed's full address, "
                              "e.g. https://example.org/feed.xml") from None
    configured = load_feed_list(settings.feeds_file)
    if not 0 <= group < groups:
        raise ConfigError(f"feed group {group} does not exist (groups: 0..{groups - 1})")
    if feed is None:
        return [f for n, f in enumerate(sorted(configured, key=lambda f: f.name)) if n % groups == group]
    chosen = [f for f in configured if f.name == feed]
    if not chosen:
        names = ", ".join(f.name for f in configured)
        raise ConfigError(f"feed {feed!r} is not in the feeds file (known: {names})")
    return chosen


def run_name() -> str:
    from prefect.runtime import flow_run

    params = flow_run.parameters
    what = params.get("url") or params.get("feed_url") or params.get("feed")
    if not what:
        groups = params.get("groups") or 1
        what = "all-feeds" if groups == 1 else f"group-{params.get('group', 0)}-of-{groups}"
    return f"monitor-{what}"


@flow(name="monitor-feeds", flow_run_name=run_name, log_prints=False)
def monitor(
    feed: str | None = None,
    feed_url: str | None = None,
    url: str | None = None,
    since: date | None = None,
    group: int = 0,
    groups: int = 1,
) -> RunSummary:
    """Poll the feeds (or one feed, one group of feeds, or one article URL), code new articles, alert on shifts."""
    stages.freeze_loaded_objects()
    logger = get_run_logger()
    settings = Settings()
    lexicon = load_lexicon(settings.lexicon_dirs())
    summary = RunSummary()
    feed_ids: list[int] | None = None
    if url is None:
        configs = select_feeds(settings, feed, feed_url, group, groups)
        if configs or stages.any_pending(settings):
            pool.start(settings)  # the workers load while the feeds are fetched (nothing to fetch: none)
        polled = poll_feeds(configs, lexicon, settings, since, force=feed is not None or feed_url is not None)
        summary.feeds = [outcome for _id, outcome in polled]
        if feed is not None or feed_url is not None or groups > 1:
            feed_ids = [feed_id for feed_id, _outcome in polled]
        log_feeds(summary.feeds)
    summary.articles = process_pending(lexicon, settings, feed_ids, url)
    delivery = tasks.alert(lexicon, settings)
    summary.emailed, summary.silent_feeds, summary.emails = delivery.alerts, delivery.silent_feeds, delivery.emails
    summary.delivered_to, summary.delivery_error, summary.backlog = delivery.where, delivery.error, delivery.backlog
    if delivery.where:
        logger.info("emailed %d alerts and %d silent feeds in %d email(s) to %s", delivery.alerts,
                    delivery.silent_feeds, delivery.emails, delivery.where)
    elif delivery.error:
        logger.warning("alerts not delivered, will retry: %s", delivery.error)
    return summary


def log_feeds(outcomes: list[FeedOutcome]) -> None:
    """One line for the run's feeds, and one per failed feed; the others at debug level (a run every
    few minutes over hundreds of feeds would otherwise fill the run's log with "304, 0 new entries")."""
    logger = get_run_logger()
    for outcome in outcomes:
        if outcome.error:
            logger.warning("feed %s: %s", outcome.name, outcome.error)
        else:
            logger.debug("feed %s: %s, %d new entries", outcome.name, outcome.skipped or outcome.status,
                         outcome.new_entries)
    counts = Counter("failed" if o.error else "resting" if o.skipped else "unchanged" if o.status == 304 else "fetched"
                     for o in outcomes)
    logger.info("polled %d feeds: %d fetched, %d unchanged, %d failed, %d resting; %d new entries", len(outcomes),
                counts["fetched"], counts["unchanged"], counts["failed"], counts["resting"],
                sum(o.new_entries for o in outcomes))


def poll_feeds(
    configs: list[FeedConfig], lexicon: Lexicon, settings: Settings, since: date | None, force: bool = False
) -> list[tuple[int, FeedOutcome]]:
    """Fetch every due feed concurrently (I/O) in one task, then store their new entries.

    A feed resting after repeated failures is skipped unless ``force`` (a feed asked for by name).
    """
    states = list(zip(configs, stages.register_feeds(configs, settings)))
    due = [(c, s) for c, s in states if force or s.resting_until is None]
    outcomes = [
        (s.id, FeedOutcome(c.name, None, 0, skipped=f"resting after failures until {s.resting_until:%Y-%m-%d %H:%M} UTC"))
        for c, s in states if not force and s.resting_until is not None
    ]
    if not due:
        return outcomes
    results = tasks.fetch_feeds(due, settings)
    cutoff = datetime.combine(since, datetime.min.time()) if since else None
    polled = [(c, s, r) for (c, s), r in zip(due, results)]
    stored = stages.store_feed_results(polled, lexicon, settings, cutoff)
    return outcomes + [(s.id, outcome) for (_c, s), outcome in zip(due, stored)]


def process_pending(
    lexicon: Lexicon, settings: Settings, feed_ids: list[int] | None, url: str | None
) -> BatchSummary:
    """Work off the pending articles in batches, one more in flight than there are worker processes.

    A batch is split over the workers; with one batch more in flight than workers, one is fetched or
    stored while the others are coded, so a worker finds pages waiting when it finishes its share.
    The batches store in the order they leased their articles (see ``stages.StoreOrder``).
    """
    logger = get_run_logger()
    run = uuid.uuid4().hex[:24]
    order = stages.StoreOrder(wait_seconds=settings.lease_minutes * 60)
    in_flight: deque[PrefectFuture[BatchSummary]] = deque()
    total = BatchSummary()
    started = 0
    exhausted = False
    while True:
        while not exhausted and len(in_flight) < max(1, settings.extract_processes) + 1:
            in_flight.append(tasks.process_batch.submit(lexicon, settings, run, started, order, feed_ids, url))
            started += 1
            exhausted = url is not None  # one article: one batch
        if not in_flight:
            return total
        batch = in_flight.popleft().result()
        if batch.leased == 0:
            exhausted = True  # nothing left pending; batches still in flight finish their work
        total.add(batch)
        if batch.leased:
            logger.info("coded %d articles so far", total.coded + total.duplicates + total.failed)
