"""Feed health: each watched feed, its last fetch, its back-off after failures, silence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.feedlist import FeedConfig
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
