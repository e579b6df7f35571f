"""The article store: seen entries, pending work and its leases, stored text and versions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, load_only

from parsers.article import text_hash
from parsers.feeds import canonical_url
from parsers.types import ArticleText, FeedItem
from storage.models import Article, ArticleVersion, Feed
from storage.rows import IN_CHUNK, insert_new, insert_once, utcnow
from storage.wire import TextIndex

# A page that failed this many times (fetch or extraction) is given up, with its reason kept.
MAX_ATTEMPTS = 3


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
