"""Feed parsing (feedparser, bytes in, items out) and URL canonicalisation. No HTTP here."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from xml.sax import SAXParseException

import feedparser

from core.errors import FeedError
from parsers.normalize import normalize_text
from parsers.types import FeedItem

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
        # the plain dict lookup: feedparser's own maps a missing published date to the updated one, with a warning
        value = dict.get(entry, key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).replace(tzinfo=None)
    return None


# What feedparser flags but reads all the same: a declared encoding it had to correct, a server that
# labels its XML text/html or gives no type. A feed flagged only for these is read like any other.
HARMLESS_FLAGS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def parse_feed(body: bytes, url: str, headers: Mapping[str, str] | None = None) -> list[FeedItem]:
    """Parse an RSS/Atom body into its linked items; raise FeedError, with feedparser's own reason, when
    it is not a usable feed. ``headers`` are the response's: feedparser reads the encoding from
    Content-Type and resolves relative links against Content-Location (itself relative to ``url``)."""
    given = {k.lower(): v for k, v in (headers or {}).items()}
    response_headers: dict[str, str] = {k: given[k] for k in ("content-type", "content-language") if k in given}
    response_headers["content-location"] = urljoin(url, given.get("content-location", "")) or url
    parsed = feedparser.parse(body, response_headers=response_headers)
    flag = parsed.get("bozo_exception") if parsed.get("bozo") else None
    broken = flag is not None and not isinstance(flag, HARMLESS_FLAGS)
    if not parsed.entries and not parsed.get("version"):
        raise FeedError(url, "not an RSS or Atom feed" + (f" ({_reason(flag)})" if broken else ""))
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        link = urljoin(url, link)
        if urlsplit(link).scheme not in ("http", "https"):
            continue  # feedparser keeps "javascript:", "mailto:" and "urn:" links as they are: no article there
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
    if broken and not items:  # cut short or badly formed before its first linked entry
        raise FeedError(url, f"malformed feed: {_reason(flag)}")
    return items


def _reason(flag: object) -> str:
    """feedparser's reason on one line; an XML error with its line and column."""
    if isinstance(flag, SAXParseException):
        return f"line {flag.getLineNumber()}, column {flag.getColumnNumber()}: {flag.getMessage()}"
    return " ".join(str(flag).split()) or type(flag).__name__
