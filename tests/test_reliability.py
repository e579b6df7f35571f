"""Faults against real local servers: bad feeds, a mail server that is down, slow or refusing."""

import asyncio
import http.server
import threading
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from flows.monitor import monitor
from flows.stages import send_alerts
from parsers.lexicon import load_lexicon
from stancewatch.demosite import serve_site
from stancewatch.settings import Settings
from storage.articles import backoff_delay, feed_health, utcnow
from storage.db import make_engine, session_scope
from storage.models import Alert, Feed
from tests.conftest import EVAL, free_port
from tests.test_positions import claim, code


class Inbox:
    def __init__(self, answer="250 OK", delay=0.0):
        self.messages, self.answer, self.delay = [], answer, delay

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(envelope.content)  # stored before the answer, like a real server
        if self.delay:
            await asyncio.sleep(self.delay)
        return self.answer


@pytest.fixture
def mail(home, monkeypatch):
    port = free_port()
    monkeypatch.setenv("STANCEWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("STANCEWATCH_SMTP_PORT", str(port))
    monkeypatch.setenv("STANCEWATCH_SMTP_TIMEOUT", "1")
    monkeypatch.setenv("STANCEWATCH_DELIVERY_RETRY_MINUTES", "0")
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
        return [(a.delivery_state, a.emailed_at is not None) for a in session.scalars(select(Alert).order_by(Alert.id))]


def test_alerts_wait_while_the_mail_server_is_down_and_go_out_once_when_it_returns(mail):
    engine, lexicon = with_alerts(), load_lexicon()
    down = send_alerts(lexicon, Settings())
    assert down.error and "ConnectionRefusedError" in down.error
    assert states(engine) == [("pending", False), ("pending", False)]
    inbox = Inbox()
    mail(inbox)
    up = send_alerts(lexicon, Settings())
    assert up.alerts == 2, up
    assert send_alerts(lexicon, Settings()).alerts == 0
    assert len(inbox.messages) == 1, up and states(engine) == [("sent", True), ("sent", True)]


def test_a_refusing_server_keeps_the_alerts_for_a_retry_with_the_same_message_id(mail):
    engine, lexicon = with_alerts(1), load_lexicon()
    controller = mail(Inbox(answer="451 try again later"))
    assert "451" in send_alerts(lexicon, Settings()).error
    with session_scope(engine) as session:
        first_id = session.scalars(select(Alert)).one().message_id
    controller.handler.answer = "250 OK"
    assert send_alerts(lexicon, Settings()).alerts == 1
    with session_scope(engine) as session:
        assert session.scalars(select(Alert)).one().message_id == first_id
    assert first_id.encode() in controller.handler.messages[-1]


def test_a_timeout_after_the_message_was_handed_over_is_never_resent_automatically(mail):
    engine, lexicon = with_alerts(1), load_lexicon()
    inbox = Inbox(delay=3)
    mail(inbox)
    outcome = send_alerts(lexicon, Settings())
    assert outcome.error and "connection lost while sending" in outcome.error
    assert states(engine) == [("uncertain", False)]
    assert send_alerts(lexicon, Settings()).alerts == 0 and len(inbox.messages) == 1


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
        def do_GET(self):  # noqa: N802
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
def test_bad_feeds_are_named_and_the_good_one_still_runs(home, bad_site, tmp_path, monkeypatch):
    with serve_site(EVAL / "dev" / "articles") as good:
        feeds = tmp_path / "feeds.yaml"
        names = ["loop", "busy", "gone", "html", "truncated"]
        feeds.write_text("feeds:\n" + "".join(f"  - {{name: {n}, url: '{bad_site}/{n}'}}\n" for n in names)
                         + f"  - {{name: good, url: '{good.base}/feeds/en.atom', lang: en, relevance_filter: false}}\n")
        monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds))
        summary = monitor()
        errors = {f.name: f.error for f in summary.feeds}
        assert errors["good"] is None and summary.articles.coded == 11
        assert "redirects" in errors["loop"] and "HTTP 503" in errors["busy"] and "HTTP 410" in errors["gone"]
        assert "not an RSS or Atom feed" in errors["html"] and errors["truncated"]
        assert all(bad_site in errors[n] for n in ("loop", "busy", "gone", "html", "truncated"))
        with session_scope(make_engine(Settings().db_url())) as session:
            busy = session.scalars(select(Feed).where(Feed.name == "busy")).one()
            assert busy.next_attempt_at > utcnow() + timedelta(hours=1)  # Retry-After: 2 hours
            assert feed_health(busy, timedelta(hours=48)) == "backing off"
        again = {f.name: f for f in monitor().feeds}
        assert again["busy"].skipped and not again["gone"].skipped  # one failure: tried again next run
