"""Faults against real local servers: bad feeds, a mail server that is down, slow or refusing."""

import asyncio
import http.server
import socket
import sqlite3
import threading
import time
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import func, select
from typer.testing import CliRunner

from alerts.render import render_alerts
from alerts.send import deliver
from flows.analyse import PageJob, analyse_page
from flows.fetch import FetchResult, fetch, make_client
from flows.monitor import monitor
from flows.delivery import send_alerts
from parsers.article import read_article_file
from parsers.lexicon import load_lexicon
from parsers.types import ArticleText, FeedItem
from stancewatch.cli import app
from stancewatch.demosite import serve_site
from core.errors import DeliveryError, FetchError, LexiconError
from core.settings import Settings
from storage.articles import add_entries, add_url, store_text
from storage.db import make_engine, session_scope
from storage.feeds import backoff_delay, feed_health, record_feed_success, upsert_feeds
from storage.models import Alert, Delivery, Feed
from storage.rows import utcnow
from tests.conftest import DEMO, DEMO_ARTICLES, empty_postgres, free_port
from tests.test_positions import claim, code

# The rest of this module: more faults, each recorded for scripts/fault_report.py.


class Inbox:
    def __init__(self, answer="250 OK", delay=0.0):
        self.messages, self.answer, self.delay = [], answer, delay

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)  # stored before the answer, like a real server
        if self.delay:
            await asyncio.sleep(self.delay)
        return self.answer


def point_smtp_at_free_port(monkeypatch, timeout=1):
    """SMTP settings for a free port on 127.0.0.1 (the test serves it), retries due at once; the port."""
    port = free_port()
    monkeypatch.setenv("STANCEWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("STANCEWATCH_SMTP_PORT", str(port))
    monkeypatch.setenv("STANCEWATCH_SMTP_TIMEOUT", str(timeout))
    monkeypatch.setenv("STANCEWATCH_DELIVERY_RETRY_MINUTES", "0")
    return port


@pytest.fixture
def mail(home, monkeypatch):
    port = point_smtp_at_free_port(monkeypatch)
    started = []

    def start(inbox):
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        return controller

    yield start
    for controller in started:
        controller.stop()


def with_alerts(n=2):
    engine = make_engine(Settings().db_url())
    for i in range(n):
        code(engine, f"https://a.example/{i}", datetime(2026, 1, 1 + i), [claim("russia", f"issue_{i}", "support")])
    return engine


def states(engine):
    with session_scope(engine) as session:
        return [(d.state, d.delivered_at is not None)
                for d in session.scalars(select(Delivery).where(Delivery.sender == "email").order_by(Delivery.alert_id))]


def test_alerts_wait_while_the_mail_server_is_down_and_go_out_once_when_it_returns(mail, ledger):
    engine, lexicon = with_alerts(), load_lexicon()
    down = send_alerts(lexicon, Settings())
    assert down.error and "ConnectionRefusedError" in down.error
    assert states(engine) == [("pending", False), ("pending", False)]
    inbox = Inbox()
    mail(inbox)
    up = send_alerts(lexicon, Settings())
    assert up.alerts == 2, up
    assert send_alerts(lexicon, Settings()).alerts == 0
    assert len(inbox.messages) == 1 and states(engine) == [("sent", True), ("sent", True)]
    ledger.record("smtp: connection refused, then server back", True, 0, len(inbox.messages) - 1)


def test_a_refusing_server_keeps_the_alerts_for_a_retry_with_the_same_message_id(mail, ledger):
    engine, lexicon = with_alerts(1), load_lexicon()
    controller = mail(Inbox(answer="451 try again later"))
    assert "451" in send_alerts(lexicon, Settings()).error
    with session_scope(engine) as session:
        first_id = session.scalars(select(Delivery)).one().message_id
    controller.handler.answer = "250 OK"
    assert send_alerts(lexicon, Settings()).alerts == 1
    with session_scope(engine) as session:
        assert session.scalars(select(Delivery)).one().message_id == first_id
    assert first_id.encode() in controller.handler.messages[-1]
    ledger.record("smtp: 451 temporary refusal", True, 0, 0)


def test_a_timeout_after_the_message_was_handed_over_is_never_resent_automatically(mail, ledger):
    engine, lexicon = with_alerts(1), load_lexicon()
    inbox = Inbox(delay=3)
    mail(inbox)
    outcome = send_alerts(lexicon, Settings())
    assert outcome.error and "connection lost while sending" in outcome.error
    assert states(engine) == [("uncertain", False)]
    assert send_alerts(lexicon, Settings()).alerts == 0 and len(inbox.messages) == 1
    ledger.record("smtp: timeout after the message was handed over", True, 0, len(inbox.messages) - 1)


def test_undelivered_alerts_are_reported_with_the_error_and_the_next_retry(mail, ledger, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_DELIVERY_RETRY_MINUTES", "30")
    engine, lexicon = with_alerts(2), load_lexicon()
    mail(Inbox(answer="451 try again later"))
    refused = send_alerts(lexicon, Settings())
    assert refused.backlog.waiting == 2 and "451" in (refused.backlog.last_error or "")
    assert refused.backlog.next_attempt_at is not None and refused.backlog.next_attempt_at > datetime.utcnow()
    # the next run inside the retry wait sends nothing, but still reports what waits
    again = send_alerts(lexicon, Settings())
    assert again.alerts == 0 and again.error is None and again.backlog.waiting == 2
    shown = CliRunner().invoke(app, ["alerts", "show", "1"]).output
    assert "451" in shown and "next attempt after" in shown


def test_a_run_whose_mail_did_not_go_out_exits_1_and_says_when_it_is_retried(home, mail, monkeypatch, tmp_path):
    monkeypatch.setenv("STANCEWATCH_DELIVERY_RETRY_MINUTES", "30")
    mail(Inbox(answer="451 try again later"))
    with serve_site(DEMO) as site:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(f"feeds:\n  - {{name: good, url: '{site.base}/feeds/en.atom', lang: en, relevance_filter: false}}\n")
        monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds))
        result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 1, result.output
    assert "alerts not delivered" in result.output and "wait for a retry" in result.output


def test_backoff_grows_with_failures_and_honours_retry_after():
    interval = timedelta(minutes=30)
    assert backoff_delay(1, interval) == timedelta(0)
    assert backoff_delay(2, interval) == interval and backoff_delay(3, interval) == 2 * interval
    assert backoff_delay(20, interval) == timedelta(hours=24)
    assert backoff_delay(1, interval, retry_after=600) == timedelta(minutes=10)


@pytest.fixture
def bad_site():
    """Feeds that fail in every way, and one good feed beside them."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
            elif self.path == "/busy":
                self.send_response(503)
                self.send_header("Retry-After", "7200")
                self.end_headers()
            elif self.path == "/gone":
                self.send_error(410)
            elif self.path == "/broken":
                self.send_error(500)
            elif self.path == "/empty":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>')
            elif self.path == "/html":
                body = b"<html><body><h1>Not a feed</h1></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(body)
            elif self.path == "/truncated":
                body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Kre'
                self.send_response(200)
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.usefixtures("prefect_harness")
def test_bad_feeds_are_named_and_the_good_one_still_runs(home, bad_site, tmp_path, monkeypatch, ledger):
    english = sum(1 for p in DEMO_ARTICLES if read_article_file(p.read_text(encoding="utf-8"), str(p)).lang == "en")
    with serve_site(DEMO) as good:
        feeds = tmp_path / "feeds.yaml"
        names = ["loop", "busy", "gone", "broken", "html", "truncated", "empty"]
        feeds.write_text("feeds:\n" + "".join(f"  - {{name: {n}, url: '{bad_site}/{n}'}}\n" for n in names)
                         + f"  - {{name: good, url: '{good.base}/feeds/en.atom', lang: en, relevance_filter: false}}\n")
        monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds))
        summary = monitor()
        errors = {f.name: f.error for f in summary.feeds}
        assert errors["good"] is None and summary.articles.coded == english
        assert "redirects" in errors["loop"] and "HTTP 503" in errors["busy"] and "HTTP 410" in errors["gone"]
        assert "not an RSS or Atom feed" in errors["html"] and errors["truncated"] and "HTTP 500" in errors["broken"]
        assert errors["empty"] is None
        assert all(bad_site in errors[n] for n in ("loop", "busy", "gone", "html", "truncated"))
        with session_scope(make_engine(Settings().db_url())) as session:
            busy = session.scalars(select(Feed).where(Feed.name == "busy")).one()
            assert busy.next_attempt_at > utcnow() + timedelta(hours=1)  # Retry-After: 2 hours
            assert feed_health(busy, timedelta(hours=48)) == "backing off"
        again = {f.name: f for f in monitor().feeds}
        assert again["busy"].skipped and not again["gone"].skipped  # one failure: tried again next run
        for name in ("redirect loop", "503 with Retry-After", "410 gone", "500", "HTML served as a feed",
                     "truncated XML", "empty feed"):
            ledger.record(f"feed: {name}", True)


def serve_raw(handler):
    """A raw TCP server on loopback running ``handler(conn)`` per connection (for misbehaving peers)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def loop():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=handler, args=(conn, stop), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return listener, stop


@pytest.mark.parametrize("kind", ["never answers", "body trickles"])
def test_silent_and_slow_servers_time_out(home, kind, ledger):
    def never(conn, stop):
        stop.wait(5)
        conn.close()

    def trickle(conn, stop):
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
        while not stop.is_set():
            try:
                conn.sendall(b"<p>x</p>")
            except OSError:
                break
            stop.wait(0.2)
        conn.close()

    listener, stop = serve_raw(never if kind == "never answers" else trickle)
    settings = Settings(http_timeout=0.5, http_total_timeout=1.0)
    try:
        with make_client(settings) as client, pytest.raises(FetchError, match="timed out"):
            fetch(client, f"http://127.0.0.1:{listener.getsockname()[1]}/p", settings, max_bytes=10**6)
    finally:
        stop.set()
        listener.close()
    ledger.record(f"http: server {kind}", True)


def test_binary_content_is_not_coded(home, ledger):
    job = PageJob(1, "https://n.example/x.png", "", "", "de")
    png = FetchResult("https://n.example/x.png", 200, b"\x89PNG\r\n\x1a\n" + bytes(300), "image/png", None, None)
    result = analyse_page(job, png, load_lexicon())
    assert result.text is None and "not an HTML page" in result.error and result.final
    ledger.record("page: binary content", True)


def test_the_same_article_under_several_urls_is_stored_once(home, ledger):
    engine = make_engine(Settings().db_url())
    items = [FeedItem("g1", "https://n.example/a?utm_source=rss", "t", "", None),
             FeedItem("g2", "https://n.example/a#comments", "t", "", None),
             FeedItem("g1", "https://n.example/other-path", "t", "", None)]
    with session_scope(engine) as session:
        added = add_entries(session, None, items, keep=lambda item: True)
    assert [a.url for a in added] == ["https://n.example/a"]
    text = ArticleText("https://n.example/b", "Gleicher Text " * 40)
    with session_scope(engine) as session:
        first, second = add_url(session, "https://n.example/b"), add_url(session, "https://n.example/section/b")
        assert store_text(session, first, text) is None
        assert store_text(session, second, text) == first.id and second.status == "duplicate"
    ledger.record("entries: duplicate GUIDs, tracking parameters, syndicated text", True)


def test_future_and_missing_dates_do_not_break_the_order(home, ledger):
    engine = make_engine(Settings().db_url())
    future = utcnow() + timedelta(days=30)
    items = [FeedItem("f", "https://n.example/f", "t", "", future), FeedItem("n", "https://n.example/n", "t", "", None)]
    with session_scope(engine) as session:
        added = add_entries(session, None, items, keep=lambda item: True)
        assert added[0].published <= utcnow() and added[1].published is None
    ledger.record("entries: dates in the future or missing", True)


def test_a_silent_feed_is_reported_in_the_next_email_once(home, ledger):
    engine, lexicon, settings = make_engine(Settings().db_url()), load_lexicon(), Settings()
    with session_scope(engine) as session:
        (feed,) = upsert_feeds(session, [("quiet", "https://n.example/feed", "de")])
        record_feed_success(session, feed, 200, None, None, new_entries=3)
        feed.last_new_entry_at = utcnow() - timedelta(days=5)
    first = send_alerts(lexicon, settings)
    second = send_alerts(lexicon, settings)
    assert (first.silent_feeds, second.silent_feeds) == (1, 0)
    (eml,) = (home / "outbox").glob("*.eml")
    assert b"quiet" in eml.read_bytes()
    ledger.record("feed: silent for longer than expected", True)


def test_a_busy_database_makes_writers_wait_not_fail(home, ledger):
    engine = make_engine(Settings().db_url())
    path = engine.url.database
    blocker = sqlite3.connect(path, check_same_thread=False)
    blocker.execute("BEGIN EXCLUSIVE")
    threading.Timer(1.0, blocker.commit).start()
    started = time.monotonic()
    with session_scope(engine) as session:
        add_url(session, "https://n.example/while-locked")
    assert time.monotonic() - started >= 0.9
    blocker.close()
    ledger.record("database: locked by another writer for 1 s", True)


def test_smtp_authentication_failure_names_the_user_not_the_password(home, monkeypatch, ledger):
    def refuse(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=False, handled=False)

    port = free_port()
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port, authenticator=refuse, auth_require_tls=False)
    controller.start()
    try:
        settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_user="editor", smtp_password="s3cret-pw")
        with pytest.raises(DeliveryError) as caught:
            deliver(render_alerts([], settings.mail_from, settings.recipients(), silent=[]), settings)
    finally:
        controller.stop()
    assert "authentication failed for user 'editor'" in str(caught.value) and "s3cret" not in str(caught.value)
    ledger.record("smtp: authentication refused", True)


@pytest.mark.usefixtures("prefect_harness")
def test_a_bad_watchlist_is_refused_whole_with_file_and_entry_named(home, tmp_path, monkeypatch, ledger):
    folder = tmp_path / "lexicon"
    folder.mkdir()
    (folder / "actors.yaml").write_text(
        "actors:\n  - id: china\n    label: China\n    aliases: {de: [China, Peking], en: [China, Beijing]}\n"
        "  - id: broken\n    label: Broken\n    aliases: 17\n")
    with pytest.raises(LexiconError) as caught:
        load_lexicon([folder])
    assert "actors.yaml:" in str(caught.value) and "broken" in str(caught.value)
    monkeypatch.setenv("STANCEWATCH_LEXICON_DIR", str(folder))
    with pytest.raises(LexiconError):
        monitor()  # the run stops before anything is fetched or stored
    with session_scope(make_engine(Settings().db_url())) as session:
        assert session.scalar(select(func.count(Feed.id))) == 0
    ledger.record("watchlist: a file with a bad entry", True)


def test_postgresql_connections_dropped_between_steps_are_replaced(postgres_url, home, monkeypatch, ledger):
    """A database restart kills every connection; the next step gets a fresh one, nothing fails."""
    from sqlalchemy import create_engine, text

    monkeypatch.setenv("STANCEWATCH_DATABASE_URL", postgres_url)
    empty_postgres(postgres_url)
    engine = make_engine(postgres_url)
    with session_scope(engine) as session:
        add_url(session, "https://n.example/before")
    admin = create_engine(postgres_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        killed = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE datname = :db AND pid <> pg_backend_pid()"),
                              {"db": engine.url.database}).scalar()
    admin.dispose()
    with session_scope(engine) as session:
        add_url(session, "https://n.example/after")
        assert session.scalar(select(func.count()).select_from(select(Alert.id).subquery())) == 0
    assert killed >= 1
    ledger.record("database: every connection dropped (restart)", True)
