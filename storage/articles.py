"""The article store: feeds, seen entries, pending work, stored text."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, load_only

from parsers import neardup
from parsers.article import text_hash
from parsers.feeds import canonical_url
from parsers.types import ArticleText, FeedItem
from storage.models import Article, ArticleVersion, Feed, MinhashBand, table_of

# Keys per IN query: well below SQLite's bound-parameter limit.
IN_CHUNK = 500

T = TypeVar("T")

# One failure may be a blip: the feed is tried again on the next run. After that the rest doubles
# from one schedule interval, up to a day, so a dead feed costs one request a day.
FAILURES_BEFORE_BACKOFF = 1
MAX_FEED_BACKOFF = timedelta(hours=24)

# A page that failed this many times (fetch or extraction) is given up, with its reason kept.
MAX_ATTEMPTS = 3


def chunked(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """``values`` in slices of ``IN_CHUNK``, one IN query each."""
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


def utcnow() -> datetime:
    """Naive UTC now, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


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


def add_entries(
    session: Session,
    feed: Feed | None,
    items: Sequence[FeedItem],
    keep: Callable[[FeedItem], bool],
    since: datetime | None = None,
) -> list[Article]:
    """Store the entries not seen before (by GUID, link or canonical URL) as pending articles.

    An entry seen before whose title the outlet has changed is queued to be fetched again: an
    edited story, whose changed text becomes a new version of the article.
    """
    now = utcnow()
    fresh = [(item, canonical_url(item.link)) for item in items
             if since is None or item.published is None or item.published >= since]
    seen = _seen_keys(session, [url for _item, url in fresh], [item.guid for item, _url in fresh])
    rows: list[dict[str, Any]] = []
    for item, url in fresh:
        if url in seen or item.guid in seen:
            stored = seen.get(url) or seen.get(item.guid)
            if stored is not None and _edited(stored, item):
                refetch(session, stored, item.title)
            continue
        if not keep(item):
            continue
        rows.append({
            "url": url,
            "entry_key": item.guid,
            "feed_id": feed.id if feed else None,
            "title": item.title,
            "summary": item.summary,
            # a date in the future is a feed's mistake: the entry is news now
            "published": min(item.published, now) if item.published else None,
            "lang": feed.lang if feed else None,
            "status": "pending",
            "attempts": 0,
            "created_at": now,
        })
        seen[url] = seen[item.guid] = None
    return insert_new(session, Article, rows)


def insert_new(session: Session, model: type[T], rows: Sequence[dict[str, Any]]) -> list[T]:
    """Insert ``rows`` in one statement, skipping any whose unique key is taken (a concurrent run was
    first); the inserted rows come back as objects, in the rows' order.

    One statement for a feed's new entries: a savepoint and flush per row cost ~0.5 ms each.
    """
    if not rows:
        return []
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).on_conflict_do_nothing().returning(model)
    inserted = list(session.scalars(statement, rows))
    return sorted(inserted, key=lambda row: row.id)  # ids follow the rows


def _edited(stored: Article, item: FeedItem) -> bool:
    """Has the outlet retitled a story we coded? (Only the feed's own title is compared: the stored
    title is the feed's, so a page title that differs from it never counts as an edit.)"""
    return stored.status == "coded" and " ".join(item.title.split()) != " ".join((stored.title or "").split())


def refetch(session: Session, article: Article, title: str | None = None) -> None:
    """Queue a coded article to be fetched again (a changed text is stored as a new version)."""
    if article.lease_owner is not None:
        return  # a run is working on it
    article.status, article.attempts = "pending", 0
    if title:
        article.title = title


# what comparing a feed entry with its stored article needs (not the text)
_ENTRY_COLUMNS = load_only(Article.id, Article.url, Article.entry_key, Article.title, Article.status, Article.lease_owner)


def _seen_keys(session: Session, urls: Sequence[str], guids: Sequence[str]) -> dict[str, Article | None]:
    """Of these URLs and GUIDs, the ones already stored, with their article (two indexed IN queries per feed)."""
    seen: dict[str, Article | None] = {}
    for start in range(0, max(len(urls), 1), IN_CHUNK):
        chunk_urls, chunk_guids = urls[start : start + IN_CHUNK], guids[start : start + IN_CHUNK]
        for article in session.scalars(select(Article).options(_ENTRY_COLUMNS).where(Article.url.in_(chunk_urls))):
            seen[article.url] = article
        for article in session.scalars(select(Article).options(_ENTRY_COLUMNS).where(Article.entry_key.in_(chunk_guids))):
            if article.entry_key:
                seen[article.entry_key] = article
    return seen


def insert_once(session: Session, row: object) -> bool:
    """Insert ``row`` in a savepoint; False when a concurrent run inserted the same unique key first."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def add_url(session: Session, url: str, lang: str | None = None) -> Article:
    """The article for one URL (a manual run): the stored one, or a new pending one."""
    url = canonical_url(url)
    article = session.scalar(select(Article).where(Article.url == url))
    if article is None:
        insert_once(session, Article(url=url, entry_key=url, lang=lang, status="pending", attempts=0, created_at=utcnow()))
        article = session.scalars(select(Article).where(Article.url == url)).one()
    elif article.status in ("coded", "failed"):
        refetch(session, article)  # asked for by hand: fetch it again
    return article


def _claimable(now: datetime, owner: str) -> Any:
    """Pending, not given up, and leased to nobody, to a run whose lease ran out, or to ``owner`` itself
    (a retried batch takes back what it leased before the failure)."""
    return and_(
        Article.status == "pending",
        Article.attempts < MAX_ATTEMPTS,
        or_(Article.lease_until.is_(None), Article.lease_until < now, Article.lease_owner == owner),
    )


def any_pending(session: Session) -> bool:
    """Is any article waiting to be fetched and coded (claimable by a new run)?"""
    return session.scalar(select(Article.id).where(_claimable(utcnow(), "")).limit(1)) is not None


def claim_pending(
    session: Session,
    owner: str,
    lease: timedelta,
    limit: int,
    feed_ids: Sequence[int] | None = None,
    article_ids: Sequence[int] | None = None,
) -> list[Article]:
    """Lease up to ``limit`` pending articles to ``owner``, oldest publication first.

    Rows another run is claiming are skipped (FOR UPDATE SKIP LOCKED where the database has it), and
    the lease is taken by a conditional UPDATE, so two runs never work on the same article.
    """
    now = utcnow()
    query = select(Article.id).where(_claimable(now, owner))
    if feed_ids is not None:
        query = query.where(Article.feed_id.in_(feed_ids))
    if article_ids is not None:
        query = query.where(Article.id.in_(article_ids))
    query = query.order_by(Article.published.is_(None), Article.published, Article.id).limit(limit)
    candidates = list(session.scalars(query.with_for_update(skip_locked=True)))
    if not candidates:
        return []
    # one conditional UPDATE … RETURNING: the rows it returns are this owner's, whatever another run took
    claimed = set(session.scalars(
        update(Article)
        .where(Article.id.in_(candidates), _claimable(now, owner))
        .values(lease_owner=owner, lease_until=now + lease)
        .returning(Article.id)
        .execution_options(synchronize_session=False)
    ))
    session.expire_all()
    rows = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(claimed)))} if claimed else {}
    return [rows[i] for i in candidates if i in rows]


def earlier_leased_elsewhere(session: Session, owner: str, article_ids: Sequence[int]) -> int:
    """How many pending articles another run holds (its lease still running) that come before every one
    of these in the leasing order (oldest publication first): those should be stored first."""
    if not article_ids:
        return 0
    first = session.execute(
        select(Article.published, Article.id).where(Article.id.in_(article_ids))
        .order_by(Article.published.is_(None), Article.published, Article.id).limit(1)).first()
    if first is None:
        return 0
    published, first_id = first
    if published is None:  # undated articles lease last: every dated one comes before them
        before = or_(Article.published.is_not(None), Article.id < first_id)
    else:
        before = or_(Article.published < published, and_(Article.published == published, Article.id < first_id))
    return session.scalar(select(func.count(Article.id)).where(
        Article.status == "pending", Article.lease_owner.is_not(None), Article.lease_owner != owner,
        Article.lease_until > utcnow(), before)) or 0


def holds_lease(article: Article, owner: str) -> bool:
    """Is ``owner`` still the run working on this pending article?"""
    return article.status == "pending" and article.lease_owner == owner


def release(article: Article) -> None:
    """Give the article's lease back (done, or failed for this attempt)."""
    article.lease_owner = article.lease_until = None


def store_text(
    session: Session, article: Article, text: ArticleText, index: TextIndex | None = None, digest: str | None = None
) -> int | None:
    """Store the article text; return the id of an earlier article with the same text, if there is one.

    ``index`` holds the stored texts a batch is compared with; without one, the lookup is made for this
    article. ``digest``: the text's ``text_hash``, when the worker that extracted it worked it out.
    """
    digest = digest or text_hash(text.text)
    index = index or TextIndex(session, [(digest, None)])  # looked up before this text is set
    article.text, article.text_source, article.text_hash = text.text, text.source, digest
    article.title = article.title or text.title
    article.lang = text.lang
    if article.published is None and text.date:
        try:
            article.published = datetime.fromisoformat(text.date)
        except ValueError:
            pass
    original = index.original(article.id, digest)
    if original is not None:
        article.status, article.duplicate_of_id = "duplicate", original
    return original


def outlet(url: str) -> str:
    """The outlet an article URL belongs to: its host without a leading www., with the port if it is
    not the scheme's default (two sites on one host are two outlets)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port and port != {"http": 80, "https": 443}.get(parts.scheme) else host


def assign_wire_group(session: Session, article: Article, minhash: bytes | None, index: TextIndex | None = None) -> None:
    """Set the article's outlet and wire-copy group: the group of the most similar stored text at or
    above the near-duplicate threshold, else a group of its own.

    ``index`` holds the stored texts a batch is compared with, and writes the batch's band rows when it
    is done; without one, the lookup and the write are made for this article.
    """
    article.source = outlet(article.url)
    article.wire_group_id = article.id
    article.minhash = minhash
    if minhash is None:
        return
    if (article.version or 1) > 1:  # a new version's bands replace the old ones
        session.execute(delete(MinhashBand).where(MinhashBand.article_id == article.id))
    own = index is None
    index = index or TextIndex(session, [(None, minhash)])
    article.wire_group_id = index.add_signature(article.id, neardup.unpack(minhash))
    if own:
        index.write()


class TextIndex:
    """The stored texts a batch of new texts is compared with: exact copies by text hash, wire copies
    by MinHash band.

    Looked up for the whole batch in a few indexed IN queries (their cost follows the batch, not the
    table); the batch's own texts join the index as they are stored, so a copy later in the same batch
    is found too, and the batch's band rows are written in one statement by ``write``.
    """

    def __init__(self, session: Session, texts: Sequence[tuple[str | None, bytes | None]]) -> None:
        """``texts``: (text hash, packed MinHash signature) of each text of the batch, either may be None."""
        self.session = session
        self.originals: dict[str, int] = {}  # text hash → lowest article id with it
        self.members: dict[int, set[int]] = {}  # band key → article ids
        self.signatures: dict[int, tuple[int, neardup.Signature]] = {}  # article id → (wire group, signature)
        self._new_bands: list[dict[str, int]] = []
        # each text's band keys, worked out once for the lookup here and for add_signature
        self._band_keys = {sig: neardup.band_keys(sig) for sig in (neardup.unpack(p) for _, p in texts if p)}
        digests = sorted({d for d, _ in texts if d})
        for hashes in chunked(digests):
            query = select(Article.text_hash, func.min(Article.id)).where(Article.text_hash.in_(hashes)).group_by(Article.text_hash)
            self.originals.update((digest, first) for digest, first in session.execute(query) if digest)
        keys = sorted({k for sig_keys in self._band_keys.values() for k in sig_keys})
        for band_keys in chunked(keys):
            for key, article_id in session.execute(
                select(MinhashBand.band_key, MinhashBand.article_id).where(MinhashBand.band_key.in_(band_keys))
            ):
                self.members.setdefault(key, set()).add(article_id)
        candidates = sorted({a for ids in self.members.values() for a in ids})
        for ids in chunked(candidates):
            for other_id, group, other_hash in session.execute(
                select(Article.id, Article.wire_group_id, Article.minhash).where(Article.id.in_(ids))
            ):
                if other_hash is not None:
                    self.signatures[other_id] = (group or other_id, neardup.unpack(other_hash))

    def original(self, article_id: int, digest: str) -> int | None:
        """The first article with this text, other than ``article_id``; the article itself becomes the
        text's first when there is none."""
        first = self.originals.setdefault(digest, article_id)
        return None if first == article_id else first

    def add_signature(self, article_id: int, signature: neardup.Signature) -> int:
        """The wire group of the most similar indexed text at or above the threshold (the newest of equals),
        else ``article_id``; the text joins the index."""
        keys = self._band_keys.get(signature) or neardup.band_keys(signature)
        candidates = {a for key in keys for a in self.members.get(key, ())} - {article_id}
        best, best_similarity = article_id, neardup.NEAR_DUPLICATE
        for other_id in sorted(candidates):
            if other_id not in self.signatures:
                continue
            group, other = self.signatures[other_id]
            similarity = neardup.similarity(signature, other)
            if similarity >= best_similarity:
                best, best_similarity = group, similarity
        for key in keys:
            self.members.setdefault(key, set()).add(article_id)
            self._new_bands.append({"band_key": key, "article_id": article_id})
        self.signatures[article_id] = (best, signature)
        return best

    def write(self) -> None:
        """Store the band rows of the texts added since the last write."""
        if self._new_bands:
            self.session.execute(insert(table_of(MinhashBand)), self._new_bands)  # 20 rows a text
            self._new_bands = []


def store_version(session: Session, article: Article, text: ArticleText, digest: str | None = None) -> bool:
    """An article fetched again: keep the earlier text as a version when the new one differs.

    False when the text is the same (nothing to code). The claims of the new text that no earlier
    version had are the ones ``record_claims`` returns, so only they are diffed.
    """
    digest = digest or text_hash(text.text)
    if article.status == "pending":
        article.status = "coded"
    if digest == article.text_hash or article.text is None:
        return False
    session.add(ArticleVersion(article_id=article.id, version=article.version or 1, text=article.text,
                               text_hash=article.text_hash or text_hash(article.text), coded_at=article.coded_at,
                               replaced_at=utcnow()))
    article.version = (article.version or 1) + 1
    article.text, article.text_source, article.text_hash = text.text, text.source, digest
    return True


def mark_failed(session: Session, article: Article, reason: str, final: bool = False,
                retry_after: timedelta | None = None) -> None:
    """Count a failed attempt; after the last attempt the article is ``failed`` with its reason.

    With ``retry_after`` the next attempt waits that long (the run that failed does not lease the page
    again at once, so a 404 is fetched and counted once per run)."""
    article.attempts = (article.attempts or 0) + 1
    article.error = reason
    release(article)
    if retry_after is not None:
        article.lease_until = utcnow() + retry_after  # nobody's lease: any run may try it after that
    if final or article.attempts >= MAX_ATTEMPTS:
        article.status = "failed"


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
