"""Feed health: each watched feed, its last fetch, its back-off after failures, silence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from core.errors import FeedError
from core.feedlist import FeedConfig
from parsers.types import FeedItem
from storage.articles import add_entries
from storage.models import Feed
from storage.rows import chunked, insert_once, utcnow

# One failure may be a blip: the feed is tried again on the next run. After that the rest doubles
# from one schedule interval, up to a day, so a dead feed costs one request a day.
FAILURES_BEFORE_BACKOFF = 1
MAX_FEED_BACKOFF = timedelta(hours=24)


def upsert_feeds(session: Session, feeds: Sequence[tuple[str, str, str | None]]) -> list[Feed]:
    """The feed rows for (name, url, lang), created or updated, in that order; the stored ones are read
    in one query (a run registers every configured feed)."""
    names = [name for name, _url, _lang in feeds]
    stored = {f.name: f for chunk in chunked(names) for f in session.scalars(select(Feed).where(Feed.name.in_(chunk)))}
    rows = []
    for name, url, lang in feeds:
        feed = stored.get(name)
        if feed is None:
            insert_once(session, Feed(name=name, url=url, lang=lang, failures=0))  # or a concurrent run did
            feed = stored[name] = session.scalars(select(Feed).where(Feed.name == name)).one()
        if feed.url != url:
            feed.etag = feed.last_modified = None  # validators belong to the old URL
        feed.url, feed.lang = url, lang
        rows.append(feed)
    session.flush()
    return rows


def record_feed_success(
    session: Session, feed: Feed, status: int, etag: str | None, modified: str | None, new_entries: int = 0
) -> None:
    """Remember the validators of a successful fetch; the feed is healthy again."""
    now = utcnow()
    feed.last_fetched_at = feed.last_success_at = now
    feed.last_status = status
    feed.last_error = None
    feed.failures = 0
    feed.next_attempt_at = None
    if feed.last_new_entry_at is None or new_entries:
        feed.last_new_entry_at = now  # a feed is silent counting from its first good fetch
    if status != 304:
        feed.etag, feed.last_modified = etag, modified


def backoff_delay(failures: int, interval: timedelta, retry_after: float | None = None) -> timedelta:
    """How long a failing feed rests: the next run after one failure, then doubling, capped."""
    if failures <= FAILURES_BEFORE_BACKOFF:
        delay = timedelta(0)
    else:
        delay = min(interval * 2 ** (failures - FAILURES_BEFORE_BACKOFF - 1), MAX_FEED_BACKOFF)
    if retry_after is not None:  # the server's own wish, within reason
        delay = max(delay, min(timedelta(seconds=retry_after), MAX_FEED_BACKOFF))
    return delay


def record_feed_failure(
    session: Session, feed: Feed, reason: str, interval: timedelta, retry_after: float | None = None
) -> None:
    """Remember why a feed failed and when to try it again; its entries and validators stay."""
    now = utcnow()
    feed.last_fetched_at = now
    feed.last_error = reason
    feed.failures = (feed.failures or 0) + 1
    delay = backoff_delay(feed.failures, interval, retry_after)
    feed.next_attempt_at = now + delay if delay else None


def feed_health(feed: Feed, silent_after: timedelta, now: datetime | None = None) -> str:
    """'ok', 'failing', 'backing off' or 'silent', as `stancewatch feeds` shows it."""
    now = now or utcnow()
    if feed.next_attempt_at is not None and feed.next_attempt_at > now:
        return "backing off"
    if feed.failures:
        return "failing"
    if feed.last_new_entry_at is not None and now - feed.last_new_entry_at > silent_after:
        return "silent"
    return "ok"


def silent_feeds(session: Session, silent_after: timedelta) -> list[Feed]:
    """Feeds with nothing new for longer than ``silent_after`` that were not reported since."""
    cutoff = utcnow() - silent_after
    query = select(Feed).where(
        Feed.last_new_entry_at < cutoff,
        or_(Feed.silent_reported_at.is_(None), Feed.silent_reported_at < Feed.last_new_entry_at),
    )
    return list(session.scalars(query.order_by(Feed.name)))


def feeds_by_id(session: Session, feed_ids: Sequence[int]) -> list[Feed]:
    """These feeds, by name."""
    if not feed_ids:
        return []
    return list(session.scalars(select(Feed).where(Feed.id.in_(feed_ids)).order_by(Feed.name)))


def mark_silent_reported(session: Session, feed_ids: Sequence[int]) -> None:
    """Remember that these feeds' silence was reported, so it is reported once."""
    now = utcnow()
    for feed in session.scalars(select(Feed).where(Feed.id.in_(feed_ids))):
        feed.silent_reported_at = now


def feed_listing(session: Session, configured: Sequence[FeedConfig], silent_after: timedelta) -> list[dict[str, Any]]:
    """The configured feeds with the state of their last fetch, in the feeds file's order: one row
    each, for `stancewatch feeds` (a feed never fetched is "new")."""
    state = {f.name: f for f in session.scalars(select(Feed).where(Feed.name.in_([c.name for c in configured])))}
    rows = []
    for c in configured:
        f = state.get(c.name)
        rows.append({
            "name": c.name, "lang": c.lang, "url": str(c.url), "relevance_filter": c.relevance_filter,
            "health": feed_health(f, silent_after) if f else "new",
            "next_attempt_at": f.next_attempt_at.isoformat(timespec="seconds") if f and f.next_attempt_at else None,
            "last_fetched_at": f.last_fetched_at.isoformat(timespec="seconds") if f and f.last_fetched_at else None,
            "last_status": f.last_status if f else None, "failures": f.failures if f else 0,
            "last_error": f.last_error if f else None,
        })
    return rows


@dataclass(frozen=True)
class FeedOutcome:
    """What polling one feed did."""

    name: str
    status: int | None
    new_entries: int
    error: str | None = None
    skipped: str | None = None  # why the feed was not fetched this run


@dataclass(frozen=True)
class Polled:
    """What polling one feed brought back, as the store records it: a failure's reason (and the wait
    the server asked for), a 304, or a body with the key it is read as (its hash with the lexicon and
    the relevance filter: the same key means no new entry) and how to read its entries."""

    feed_id: int
    name: str
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    retry_after: float | None = None
    read_as: str | None = None
    read: Callable[[], list[FeedItem]] | None = None  # parses the body; FeedError when it cannot
    keep: Callable[[FeedItem], bool] = lambda _item: True  # the relevance filter


def store_polled(session: Session, polled: Sequence[Polled], interval: timedelta,
                 since: datetime | None = None) -> list[FeedOutcome]:
    """Record each polled feed: its new entries and validators, or its failure. A savepoint per feed,
    so one feed's bad data fails that feed (recorded on it) and the others are kept."""
    feeds = {f.id: f for ids in chunked([p.feed_id for p in polled])
             for f in session.scalars(select(Feed).where(Feed.id.in_(ids)))}  # one query, not one per feed
    outcomes = []
    for poll in polled:
        try:
            with session.begin_nested():
                outcomes.append(_store_one(session, feeds[poll.feed_id], poll, interval, since))
        except (OperationalError, InterfaceError):
            raise  # the database itself: the run fails and the next one polls again
        except Exception as exc:  # noqa: BLE001 (this feed's data: recorded on the feed, the other feeds are kept)
            reason = f"storing failed: {type(exc).__name__}: {exc}"
            feed = session.get(Feed, poll.feed_id)
            assert feed is not None
            record_feed_failure(session, feed, reason, interval)
            outcomes.append(FeedOutcome(poll.name, None, 0, reason))
    return outcomes


def _store_one(session: Session, feed: Feed, poll: Polled, interval: timedelta, since: datetime | None) -> FeedOutcome:
    if poll.error is not None or poll.status is None:
        record_feed_failure(session, feed, poll.error or "no answer", interval, poll.retry_after)
        return FeedOutcome(feed.name, None, 0, poll.error)
    if poll.status == 304:
        record_feed_success(session, feed, 304, None, None)
        return FeedOutcome(feed.name, 304, 0)
    if since is None and poll.read_as is not None and feed.body_hash == poll.read_as:
        record_feed_success(session, feed, poll.status, poll.etag, poll.last_modified)  # nothing new since the last read
        return FeedOutcome(feed.name, poll.status, 0)
    try:
        items = poll.read() if poll.read is not None else []
    except FeedError as exc:
        record_feed_failure(session, feed, str(exc), interval)
        return FeedOutcome(feed.name, poll.status, 0, str(exc))
    added = add_entries(session, feed, items, poll.keep, since)
    record_feed_success(session, feed, poll.status, poll.etag, poll.last_modified, len(added))
    feed.body_hash = poll.read_as
    return FeedOutcome(feed.name, poll.status, len(added))
