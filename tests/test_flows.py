"""The monitor flow end to end: real HTTP site, real SMTP server, real Prefect (test harness)."""

import gc
import shutil
from email import message_from_bytes, policy

import pytest
from sqlalchemy import func, select

from flows.baseline import load_baseline
from flows.monitor import monitor
from flows.stages import freeze_loaded_objects
from parsers.lexicon import load_lexicon
from stancewatch.demosite import build_site, serve_site
from core.settings import Settings
from storage.db import make_engine, session_scope
from storage.models import Alert, Article, ClaimRecord, Delivery
from tests.conftest import DEMO_ARTICLES, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture
def newsroom(tmp_path, home, smtp_server, monkeypatch):
    """A site serving all but the last two demo articles, a feeds file for it, SMTP configured, baseline loaded."""
    folder = tmp_path / "site"
    folder.mkdir()
    articles = DEMO_ARTICLES
    for path in articles[:-2]:
        shutil.copy(path, folder)
    controller, inbox = smtp_server
    with serve_site(folder) as site:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(
            f"feeds:\n  - {{name: site-de, url: '{site.base}/feeds/de.xml', lang: de, relevance_filter: false}}\n"
            f"  - {{name: site-en, url: '{site.base}/feeds/en.atom', lang: en, relevance_filter: false}}\n"
        )
        monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds))
        monkeypatch.setenv("STANCEWATCH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("STANCEWATCH_SMTP_PORT", str(controller.port))
        settings = Settings()
        load_baseline(SEEDS, load_lexicon(), settings)
        yield site, folder, articles[-2:], inbox, settings


def counts(settings):
    with session_scope(make_engine(settings.db_url())) as session:
        return {
            "articles": session.scalar(select(func.count(Article.id)).where(Article.feed_id.is_not(None))),
            "claims": session.scalar(select(func.count(ClaimRecord.id))),
            "alerts": session.scalar(select(func.count(Alert.id))),
            "unsent": session.scalar(select(func.count(Delivery.id)).where(Delivery.delivered_at.is_(None))),
        }


def page_requests(site):
    return [path for path, _status in site.requests if path.startswith("/articles/")]


def test_first_run_stores_articles_claims_alerts_and_sends_one_email(newsroom):
    site, _folder, _rest, inbox, settings = newsroom
    freeze_loaded_objects.cache_clear()
    gc.unfreeze()
    summary = monitor()
    # what the process had loaded is kept out of the collector's full passes (once per process)
    assert gc.get_freeze_count() > 0
    after = counts(settings)
    assert summary.articles.coded >= 20 and after["articles"] == summary.articles.coded + summary.articles.duplicates
    assert after["claims"] > 0 and after["alerts"] > 0 and after["unsent"] == 0
    assert len(inbox.messages) == 1
    email = message_from_bytes(inbox.messages[0][2], policy=policy.default)
    body = email.get_body(("plain",)).get_content()
    assert f"{after['alerts']} alerts" in email["Subject"] or after["alerts"] == 1
    assert site.base in body  # links to the source articles


def test_second_run_fetches_nothing_new_and_sends_nothing(newsroom):
    site, _folder, _rest, inbox, settings = newsroom
    monitor()
    before, pages_before = counts(settings), len(page_requests(site))
    summary = monitor()
    assert [f.status for f in summary.feeds] == [304, 304]
    assert counts(settings) == before
    assert len(page_requests(site)) == pages_before
    assert len(inbox.messages) == 1


def test_changed_feed_brings_only_the_new_entries(newsroom):
    site, folder, rest, _inbox, settings = newsroom
    monitor()
    fetched_before = set(page_requests(site))
    for path in rest:
        shutil.copy(path, folder)
    site.routes.update(build_site(folder, site.base))
    summary = monitor()
    new_pages = [p for p in page_requests(site) if p not in fetched_before]
    assert sorted(new_pages) == sorted(f"/articles/{p.stem}.html" for p in rest)
    assert sum(f.new_entries for f in summary.feeds) == 2


def test_one_article_url_run_is_idempotent(newsroom):
    site, _folder, _rest, inbox, settings = newsroom
    url = f"{site.base}/articles/demo-06.html"
    first = monitor(url=url)
    second = monitor(url=url)
    assert first.articles.coded == 1 and second.articles.coded == 0
    assert counts(settings)["articles"] == 0  # a manual URL belongs to no feed
    assert len(inbox.messages) == (1 if first.emailed else 0)


def test_batches_store_in_publication_order(newsroom, monkeypatch):
    """Several small batches in flight at once still store oldest first, so the diff sees the
    articles in the order they were published, not in the order their batches finished."""
    _site, _folder, _rest, _inbox, settings = newsroom
    monkeypatch.setenv("STANCEWATCH_BATCH_SIZE", "2")
    summary = monitor()
    assert summary.articles.coded >= 20
    with session_scope(make_engine(settings.db_url())) as session:
        first_claim = (select(ClaimRecord.article_id, func.min(ClaimRecord.id).label("first"))
                       .group_by(ClaimRecord.article_id).subquery())
        published = list(session.scalars(
            select(Article.published).join(first_claim, first_claim.c.article_id == Article.id)
            .where(Article.feed_id.is_not(None)).order_by(first_claim.c.first)))
    assert len(published) >= 10 and published == sorted(published)


def test_a_poisoned_entry_link_fails_alone_and_the_batch_is_coded(newsroom):
    """An entry whose link has a port above 65535 (urlsplit raises ValueError for it) is that article's
    failure with its reason; the run goes on and every good article of the batch is coded (issue 18)."""
    site, _folder, _rest, _inbox, settings = newsroom
    kind, body = site.routes["/feeds/de.xml"]
    poisoned = (b"<item><title>Kaputter Link</title><link>http://127.0.0.1:70000/articles/kaputt.html</link>"
                b"<guid>http://127.0.0.1:70000/articles/kaputt.html</guid>"
                b"<pubDate>Mon, 12 Jan 2026 08:00:00 +0000</pubDate></item>")
    site.routes["/feeds/de.xml"] = (kind, body.replace(b"</channel>", poisoned + b"</channel>"))
    summary = monitor()
    assert summary.articles.failed == 1  # tried and counted once in the run (issue 18 item 9)
    assert all("127.0.0.1:70000/articles/kaputt.html" in e and "invalid port" in e for e in summary.articles.errors)
    assert summary.articles.coded >= 20  # the good articles of the batch, as in a run without the entry
    after = counts(settings)
    assert after["articles"] == summary.articles.coded + summary.articles.duplicates + 1  # kept, with its reason
    second = monitor()  # nothing stranded: the failed entry is not leased again and again
    assert second.articles.coded == 0
