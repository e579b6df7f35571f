"""Monitor processes at once on one database, with overlapping feeds: nothing twice, and the alerts of one run."""

import http.server
import os
import re
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy

import pytest
from prefect.settings import PREFECT_API_URL
from sqlalchemy import func, select

from flows.baseline import load_baseline
from parsers.lexicon import load_lexicon
from stancewatch.demosite import serve_site
from core.settings import Settings
from storage.db import make_engine, session_scope
from storage.models import Alert, Article, ClaimRecord, Position
from tests.conftest import DEMO, DEMO_ARTICLES, ROOT, SEEDS, empty_postgres

pytestmark = pytest.mark.usefixtures("prefect_harness")


def body(raw):
    return message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()


def alert_signature(engine):
    """What the alerts say, independent of ids and timing: the move and the article it was found in."""
    with session_scope(engine) as session:
        return sorted((a.kind, a.actor, a.issue, a.from_stance or "", a.to_stance, a.claim.article.url)
                      for a in session.scalars(select(Alert)))


def fresh_database(db_url, tmp_path, name):
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / name}"
    empty_postgres(db_url)
    return db_url


def run_monitors(count, env):
    runs = [subprocess.Popen([sys.executable, "-m", "stancewatch", "run"], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(count)]
    outputs = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0] * count, outputs
    assert not any("Traceback" in err for _out, err in outputs), outputs  # a run that succeeds prints none


def test_four_concurrent_monitors_store_and_email_everything_once_and_raise_one_runs_alerts(
        db_url, home, tmp_path, smtp_server, monkeypatch):
    controller, inbox = smtp_server
    with serve_site(DEMO) as site:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text("feeds:\n" + "".join(
            f"  - {{name: {name}, url: '{site.base}/feeds/{path}', relevance_filter: false}}\n"
            for name, path in (("de", "de.xml"), ("en", "en.atom"), ("all", "all.xml"))))
        monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds))
        env = dict(os.environ, STANCEWATCH_SMTP_HOST="127.0.0.1", STANCEWATCH_SMTP_PORT=str(controller.port),
                   STANCEWATCH_BATCH_SIZE="3", PREFECT_API_URL=PREFECT_API_URL.value())
        signatures = []
        for count in (1, 4):  # one run alone, then four at once on a fresh database
            url = fresh_database(db_url, tmp_path, f"runs-{count}.db")
            monkeypatch.setenv("STANCEWATCH_DATABASE_URL", url)
            env["STANCEWATCH_DATABASE_URL"] = url
            load_baseline(SEEDS, load_lexicon(), Settings())
            inbox.messages.clear()
            run_monitors(count, env)
            signatures.append(alert_signature(make_engine(url)))
    assert signatures[0] == signatures[1] and signatures[0]
    engine = make_engine(url)
    with session_scope(engine) as session:
        articles = session.scalar(select(func.count(Article.id)).where(Article.feed_id.is_not(None)))
        urls = session.scalar(select(func.count(func.distinct(Article.url))))
        total = session.scalar(select(func.count(Article.id)))
        claims = session.scalar(select(func.count(ClaimRecord.id)))
        distinct_claims = session.execute(select(func.count()).select_from(
            select(ClaimRecord.article_id, ClaimRecord.actor, ClaimRecord.issue, ClaimRecord.stance,
                   ClaimRecord.modality).distinct().subquery())).scalar()
        positions = session.scalar(select(func.count(Position.id)))
        distinct_positions = session.execute(select(func.count()).select_from(
            select(Position.actor, Position.issue).distinct().subquery())).scalar()
        alerts = list(session.scalars(select(Alert)))
    assert articles == len(DEMO_ARTICLES) and urls == total and claims == distinct_claims and positions == distinct_positions
    assert len({a.claim_id for a in alerts}) == len(alerts) > 0
    mentioned = [int(n) for m in inbox.messages for n in re.findall(r"^#(\d+) \[", body(m[2]), re.M)]
    assert sorted(mentioned) == sorted(a.id for a in alerts)  # every alert emailed exactly once
    ids = [message_from_bytes(m[2])["Message-ID"] for m in inbox.messages]
    assert len(ids) == len(set(ids))


# Two articles on one actor and issue, a week apart, with two articles between them (a run leases
# two batches of one at a time); the older one's page is slow to arrive.
OLDER = ("Kremlin rejects European troops", "Mon, 05 Jan 2026 09:00:00 GMT", [
    "The Kremlin on Monday rejected any deployment of European troops to Ukraine, even after a ceasefire.",
    "Russia would never accept foreign soldiers on Ukrainian soil, spokesman Dmitry Peskov told reporters in "
    "Moscow, repeating a line the Russian leadership has held since Britain and France first floated a "
    "reassurance force for the day the fighting stops.",
    "European diplomats said the talks on the force would continue regardless, with planners in Paris and "
    "London working on its size, its headquarters and the air cover it would need."])
BETWEEN = [(f"Winter storm closes mountain passes ({n})", f"Wed, 0{6 + n} Jan 2026 09:00:00 GMT", [
    "Heavy snow closed several mountain passes in the Alps on Wednesday, and rail operators cancelled "
    "dozens of regional trains as drifts blocked the lines.",
    "Forecasters expected the snowfall to ease by the weekend, while road crews worked through the night "
    "to clear the main routes between the valleys.",
    "Ski resorts said the fresh snow was welcome after a dry December, though some lifts stayed shut "
    "because of strong winds on the upper slopes."]) for n in (1, 2)]
NEWER = ("Moscow signals it could live with a European force", "Fri, 09 Jan 2026 09:00:00 GMT", [
    "Russia is ready to accept European troops in Ukraine as part of a peace settlement, Kremlin spokesman "
    "Dmitry Peskov told reporters on Friday.",
    "The remark marked a turn from the Kremlin's earlier line and came after a long call between the Russian "
    "and American negotiators, officials in Moscow said, without giving details of what had been agreed.",
    "Diplomats in Brussels cautioned that the wording left much open and that the size and mandate of any "
    "force would still have to be settled at the table."])
PAGES = {"/older.html": OLDER, "/between-1.html": BETWEEN[0], "/between-2.html": BETWEEN[1], "/newer.html": NEWER}


class OrderSite(http.server.BaseHTTPRequestHandler):
    """One feed of the four articles; the oldest page takes seconds to arrive."""

    def do_GET(self):  # noqa: N802
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.xml":
            body = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + "".join(
                f"<item><title>{title}</title><link>{base}{path}</link><guid>{path}</guid><pubDate>{date}</pubDate></item>"
                for path, (title, date, _) in PAGES.items()) + "</channel></rss>"
            kind = "application/rss+xml"
        elif self.path in PAGES:
            if self.path == "/older.html":
                time.sleep(5)  # the run holding the oldest article stores it last, unless the others wait
            title, _, paragraphs = PAGES[self.path]
            body = (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                    + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
            kind = "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_runs_that_overlap_diff_in_publication_order(db_url, home, tmp_path, monkeypatch):
    """One run: the oldest article's stance is new, the newest one's a shift from it. Two runs at once,
    the oldest page slow: the run holding the later articles waits for the earlier one's batch, so the
    alerts are the same (without the wait: a new position from the newest article, and the oldest
    only an older report)."""
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OrderSite)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - {{name: all, url: 'http://127.0.0.1:{site.server_address[1]}/feed.xml', "
                     "lang: en, relevance_filter: false}\n")
    monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds))
    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), STANCEWATCH_BATCH_SIZE="1",
               STANCEWATCH_EXTRACT_PROCESSES="1")
    signatures = []
    try:
        for count in (1, 2):
            url = fresh_database(db_url, tmp_path, f"order-{count}.db")
            env["STANCEWATCH_DATABASE_URL"] = url
            runs = [subprocess.Popen([sys.executable, "-m", "stancewatch", "run"], env=env, cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(count)]
            outputs = [r.communicate(timeout=300) for r in runs]
            assert all(r.returncode == 0 for r in runs), outputs
            signatures.append(alert_signature(make_engine(url)))
    finally:
        site.shutdown()
        site.server_close()
    moves = [(kind, from_stance, to, page.rsplit("/", 1)[1]) for kind, _actor, _issue, from_stance, to, page in signatures[0]]
    assert moves == [("new", "", "oppose", "older.html"), ("shift", "oppose", "support", "newer.html")], signatures[0]
    assert signatures[1] == signatures[0]
