"""The monitor flow: poll feeds → fetch pages → extract → code claims → diff positions → email alerts."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from prefect import flow, get_run_logger

from flows import stages, tasks
from flows.fetch import FetchResult
from parsers.lexicon import Lexicon, load_lexicon
from stancewatch.errors import ConfigError
from stancewatch.feedlist import FeedConfig, load_feed_list
from stancewatch.settings import Settings


@dataclass
class RunSummary:
    """What one monitor run did; the CLI prints it and picks the exit code from it."""

    feeds: list[stages.FeedOutcome] = field(default_factory=list)
    articles: stages.BatchSummary = field(default_factory=stages.BatchSummary)
    emailed: int = 0
    silent_feeds: int = 0
    delivered_to: str | None = None
    delivery_error: str | None = None

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
        name = "adhoc-" + hashlib.sha1(feed_url.encode()).hexdigest()[:10]
        return [FeedConfig(name=name, url=feed_url)]  # type: ignore[arg-type]
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
    logger = get_run_logger()
    settings = Settings()
    lexicon = load_lexicon(settings.lexicon_dirs())
    summary = RunSummary()
    feed_ids: list[int] | None = None
    if url is None:
        configs = select_feeds(settings, feed, feed_url, group, groups)
        polled = poll_feeds(configs, lexicon, settings, since, force=feed is not None or feed_url is not None)
        summary.feeds = [outcome for _id, outcome in polled]
        if feed is not None or feed_url is not None or groups > 1:
            feed_ids = [feed_id for feed_id, _outcome in polled]
        for outcome in summary.feeds:
            logger.info("feed %s: %s, %d new entries%s", outcome.name, outcome.skipped or outcome.status,
                        outcome.new_entries, f" ({outcome.error})" if outcome.error else "")
    owner = uuid.uuid4().hex  # this run's name on the articles it leases
    done = 0
    while jobs := tasks.claim(settings, owner, feed_ids, url):
        pages = tasks.fetch_pages(jobs, settings)
        results = tasks.extract_and_code(pages, lexicon, settings)
        summary.articles.add(tasks.store_and_diff(results, lexicon, settings, owner))
        done += len(jobs)
        logger.info("coded %d articles so far", done)
        if url is not None:
            break
    delivery = tasks.alert(lexicon, settings)
    summary.emailed, summary.silent_feeds = delivery.alerts, delivery.silent_feeds
    summary.delivered_to, summary.delivery_error = delivery.where, delivery.error
    if delivery.where:
        logger.info("emailed %d alerts and %d silent feeds to %s", delivery.alerts, delivery.silent_feeds, delivery.where)
    elif delivery.error:
        logger.warning("alert email not delivered, will retry: %s", delivery.error)
    return summary


def poll_feeds(
    configs: list[FeedConfig], lexicon: Lexicon, settings: Settings, since: date | None, force: bool = False
) -> list[tuple[int, stages.FeedOutcome]]:
    """Fetch every due feed concurrently (I/O), then store each feed's new entries.

    A feed resting after repeated failures is skipped unless ``force`` (a feed asked for by name).
    """
    states = [(c, stages.register_feed(c, settings)) for c in configs]
    due = [(c, s) for c, s in states if force or s.resting_until is None]
    futures = [tasks.fetch_feed.submit(c, s.etag, s.last_modified, settings) for c, s in due]
    cutoff = datetime.combine(since, datetime.min.time()) if since else None
    outcomes = [
        (s.id, stages.FeedOutcome(c.name, None, 0, skipped=f"resting after failures until {s.resting_until:%Y-%m-%d %H:%M} UTC"))
        for c, s in states if not force and s.resting_until is not None
    ]
    for (config, state), future in zip(due, futures):
        result: FetchResult | BaseException
        try:
            result = future.result()
        except Exception as exc:  # recorded on the feed; the other feeds go on
            result = exc
        outcome = stages.store_feed_result(state.id, result, config.relevance_filter, lexicon, settings, cutoff)
        outcomes.append((state.id, outcome))
    return outcomes
