"""Feed parsing (feedparser, bytes in, items out) and URL canonicalisation. No HTTP here."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from parsers.normalize import normalize_text
from parsers.types import FeedItem
from stancewatch.errors import FeedError

# Query parameters that only track the reader; the same article carries many of them.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "mc_cid", "mc_eid", "ref", "ref_src", "icid", "at_medium", "at_campaign", "wt_mc", "ns_mchannel", "ns_source", "ocid", "cmpid", "xtor"}
)


def canonical_url(url: str) -> str:
    """The URL without fragment and tracking parameters, with a lower-case host."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    ]
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def _published(entry: feedparser.FeedParserDict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).replace(tzinfo=None)
    return None


def parse_feed(body: bytes, url: str) -> list[FeedItem]:
    """Parse an RSS/Atom body into items; raise FeedError when it is not a usable feed."""
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    if not parsed.entries:
        if not parsed.get("version"):
            raise FeedError(url, "not an RSS or Atom feed")
        return []
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        link = urljoin(url, link)
        guid = str(entry.get("id") or link)
        if guid in seen:  # some feeds repeat an entry; the first one wins
            continue
        seen.add(guid)
        items.append(
            FeedItem(
                guid=guid,
                link=link,
                title=normalize_text(str(entry.get("title") or "").strip()),
                summary=normalize_text(str(entry.get("summary") or "").strip()),
                published=_published(entry),
            )
        )
    if not items and parsed.get("bozo"):
        raise FeedError(url, f"malformed feed: {parsed.get('bozo_exception')}")
    return items
