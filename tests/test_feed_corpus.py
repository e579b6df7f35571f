"""Feeds read as feedparser reads them, over whole corpora (issue 18): the project's own tricky feeds,
and feedparser's own test feeds when they are at hand, each through the real run."""

import os
import shutil
import sys
from pathlib import Path

from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml
from prefect.settings import PREFECT_API_URL
from sqlalchemy import select

from flows import stages
from flows.fetch import fetch, make_client
from parsers.feeds import canonical_url
from parsers.normalize import normalize_text
from parsers.lexicon import load_lexicon
from core.errors import FeedError
from core.feedlist import FeedConfig
from core.settings import Settings
from storage.db import make_engine, session_scope
from storage.models import Article
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from feed_corpus import feed_files, feed_url, run_over, served_headers, serve_folder  # noqa: E402

TRICKY = ROOT / "tests" / "data" / "feeds"
# feedparser's source distribution carries its test feeds; .ci/run unpacks them here
FEEDPARSER_TESTS = Path(os.environ.get("STANCEWATCH_FEEDPARSER_TESTS", ROOT / ".cache" / "feedparser" / "tests"))
FEEDPARSER_FOLDERS = ("wellformed", "illformed", "encoding", "entities")


def run_env():
    return dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value())


@pytest.mark.usefixtures("prefect_harness")
def test_the_projects_tricky_feeds_through_the_real_run(home):
    report = run_over(TRICKY, env=run_env())
    assert report.tried >= 40 and report.crashes == 0, report
    assert report.well_formed_rejected == 0, report.disagreements


def reference_items(body, url):
    """What feedparser itself gives for the file's bytes with the headers the file asks for: the
    entries with an http(s) link, a repeated id once, as (title, link)."""
    headers = served_headers(body)
    given = {k: v for k, v in headers.items() if k == "content-type"}
    given["content-location"] = urljoin(url, headers.get("content-location", "")) or url
    seen, items = set(), []
    for entry in feedparser.parse(body, response_headers=given).entries:
        link = urljoin(url, entry.get("link") or "")
        key = entry.get("id") or link
        if entry.get("link") and urlsplit(link).scheme in ("http", "https") and key not in seen:
            seen.add(key)
            items.append((normalize_text(str(entry.get("title") or "").strip()), link))
    return items


def test_each_tricky_feed_is_read_over_http_as_feedparser_reads_its_bytes(home):
    """Each file fetched over real HTTP and read by the run's feed reader (``stages.read_feed``, with
    the response's headers) gives feedparser's entries for the same bytes and the headers the file asks
    for: encodings from Content-Type, links resolved against Content-Location. Refused exactly where
    expect.yaml (the feeds' writer's reading, checked against feedparser) says so."""
    expected = yaml.safe_load((TRICKY / "expect.yaml").read_text(encoding="utf-8"))
    settings, wrong = Settings(), []
    with serve_folder(TRICKY) as base, make_client(settings) as client:
        for path in feed_files(TRICKY):
            url = feed_url(base, TRICKY, path)
            try:
                got = [(i.title, i.link) for i in stages.read_feed(fetch(client, url, settings, max_bytes=10**7))]
                kind = "read"
            except FeedError as exc:
                got, kind = [], f"refused ({exc})"
            if kind.split()[0] != expected[path.name]["kind"]:
                wrong.append(f"{path.name}: {kind}, want {expected[path.name]['kind']}")
            elif kind == "read" and got != reference_items(path.read_bytes(), url):
                wrong.append(f"{path.name}: {got[:2]}…, want {reference_items(path.read_bytes(), url)[:2]}…")
    assert not wrong, "\n".join(wrong)


def test_the_run_stores_each_tricky_feeds_entries_once(home):
    """Through the run's feed stage: every readable feed is read, and an article that several feeds
    carry is stored once."""
    settings, lexicon = Settings(), load_lexicon()
    expected = yaml.safe_load((TRICKY / "expect.yaml").read_text(encoding="utf-8"))
    with serve_folder(TRICKY) as base:
        files = {f"t{i:03d}": path for i, path in enumerate(feed_files(TRICKY))}
        configs = [FeedConfig(name=name, url=feed_url(base, TRICKY, path), relevance_filter=False)  # type: ignore[arg-type]
                   for name, path in files.items()]
        states = stages.register_feeds(configs, settings)
        results = stages.fetch_feeds(list(zip(configs, states)), settings, delays=())
        outcomes = stages.store_feed_results(list(zip(configs, states, results)), lexicon, settings)
        links = {canonical_url(link) for path in files.values() if expected[path.name]["kind"] == "read"
                 for _title, link in reference_items(path.read_bytes(), feed_url(base, TRICKY, path))}
    refused = {files[o.name].name for o in outcomes if o.error}
    assert refused == {name for name, want in expected.items() if want["kind"] == "refused"}, [o.error for o in outcomes]
    with session_scope(make_engine(settings.db_url())) as session:
        stored = list(session.scalars(select(Article.url).where(Article.feed_id.is_not(None))))
    assert sum(o.new_entries for o in outcomes) == len(stored) and set(stored) == links


@pytest.mark.usefixtures("prefect_harness")
def test_feedparsers_own_test_feeds_through_the_real_run(home, tmp_path):
    """Optional: needs feedparser's test feeds (`pip download --no-binary :all: --no-deps feedparser`,
    unpacked, its tests/ folder in STANCEWATCH_FEEDPARSER_TESTS or .cache/feedparser/tests)."""
    if not all((FEEDPARSER_TESTS / name).is_dir() for name in FEEDPARSER_FOLDERS):
        pytest.skip(f"feedparser's test feeds are not at {FEEDPARSER_TESTS} (see .ci/run to fetch them)")
    corpus = tmp_path / "feedparser"
    for name in FEEDPARSER_FOLDERS:
        shutil.copytree(FEEDPARSER_TESTS / name, corpus / name)
    report = run_over(corpus, env=run_env())
    assert report.tried > 1000 and report.read > report.tried / 2
    assert report.crashes == 0 and report.well_formed_rejected == 0, report.disagreements[:10]
