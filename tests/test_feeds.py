from datetime import datetime

import pytest

from parsers.feeds import canonical_url, parse_feed
from core.errors import FeedError

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>t</title>
<item><title>Kreml lehnt ab</title><link>/politik/a1.html?utm_source=rss</link><guid isPermaLink="false">g1</guid>
<pubDate>Tue, 02 Dec 2025 10:00:00 GMT</pubDate><description>Moskau weist den Plan zur\xc3\xbcck.</description></item>
<item><title>Doppelt</title><link>https://news.example/a2</link><guid isPermaLink="false">g1</guid></item>
<item><title>Ohne Link</title><guid isPermaLink="false">g3</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>x</id><updated>2025-12-01T00:00:00Z</updated>
<entry><title>Kyiv rejects</title><link href="https://news.example/en/1"/><id>urn:1</id>
<updated>2025-12-01T08:30:00Z</updated><summary>Zelensky rules out ceding land.</summary></entry></feed>"""


def test_rss_items_resolve_relative_links_and_drop_repeated_guids():
    items = parse_feed(RSS, "https://news.example/feed.xml")
    assert [i.guid for i in items] == ["g1"]
    assert items[0].link == "https://news.example/politik/a1.html?utm_source=rss"
    assert items[0].published == datetime(2025, 12, 2, 10, 0)
    assert "zurück" in items[0].summary


def test_atom_entry_has_date_and_summary():
    (item,) = parse_feed(ATOM, "https://news.example/atom")
    assert item.guid == "urn:1" and item.published == datetime(2025, 12, 1, 8, 30)
    assert item.summary.startswith("Zelensky")


@pytest.mark.parametrize("body", [b"<html><body><p>Hallo</p></body></html>", b"\x89PNG\r\n\x1a\n\x00\x00", b""])
def test_non_feed_body_raises_feed_error_naming_the_url(body):
    with pytest.raises(FeedError, match="https://news.example/broken"):
        parse_feed(body, "https://news.example/broken")


def test_empty_feed_has_no_items():
    assert parse_feed(b'<rss version="2.0"><channel><title>t</title></channel></rss>', "https://x/f") == []


def test_canonical_url_drops_tracking_and_fragment_keeps_real_query():
    assert canonical_url("HTTPS://News.Example/a?id=7&utm_medium=x&fbclid=1#top") == "https://news.example/a?id=7"
    assert canonical_url("https://news.example") == "https://news.example/"


def test_titles_lose_bidi_controls_and_zero_width_characters():
    """A right-to-left override or a zero-width space in a feed title would reorder or hide what an
    editor reads in the email, the report and the CLI: text enters the system without them (issue 18)."""
    body = ("<rss version='2.0'><channel><title>t</title><item><title>Kreml \u202eetzgiel\u202c lehnt "
            "Waffen\u200bruhe ab</title><link>https://example.org/a</link><description>Kiew\u2066 sagt\u2069 "
            "nein\ufeff</description></item></channel></rss>").encode()
    item = parse_feed(body, "https://example.org/feed")[0]
    invisible = set("\u202e\u202c\u200b\u2066\u2069\ufeff")
    assert not invisible & set(item.title) and not invisible & set(item.summary)
    assert item.title == "Kreml etzgiel lehnt Waffenruhe ab" and item.summary == "Kiew sagt nein"


LINKLESS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Nur Text</title></item></channel></rss>'


@pytest.mark.parametrize("headers", [None, {}, {"content-type": "application/rss+xml"}])
def test_a_well_formed_feed_without_linked_entries_is_read_not_refused(headers):
    """Issue 18: with no Content-Type to go on, feedparser flags the feed; that flag is no reason to refuse it."""
    assert parse_feed(LINKLESS, "https://news.example/feed.xml", headers) == []


def test_relative_links_resolve_against_the_servers_content_location():
    body = b'<rss version="2.0"><channel><title>t</title><item><title>a</title><link>a1.html</link></item></channel></rss>'
    (item,) = parse_feed(body, "https://news.example/feeds/all.xml",
                         {"content-type": "application/rss+xml", "content-location": "/politik/"})
    assert item.link == "https://news.example/politik/a1.html"
    (item,) = parse_feed(body, "https://news.example/feeds/all.xml", {"content-type": "application/rss+xml"})
    assert item.link == "https://news.example/feeds/a1.html"


def test_a_broken_feed_is_refused_with_feedparsers_own_reason():
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Kre</ti></channel>'
    with pytest.raises(FeedError) as caught:
        parse_feed(body, "https://news.example/feed.xml", {"content-type": "application/rss+xml"})
    reason = str(caught.value)
    assert "malformed feed" in reason and "Content-type" not in reason and "line 1" in reason, reason


def test_the_encoding_comes_from_the_content_type_header():
    body = '<rss version="2.0"><channel><title>t</title><item><title>Gespräche über Zölle</title>'\
           '<link>https://news.example/a</link></item></channel></rss>'.encode("iso-8859-1")
    (item,) = parse_feed(body, "https://news.example/feed.xml", {"content-type": "text/xml; charset=iso-8859-1"})
    assert item.title == "Gespräche über Zölle"
