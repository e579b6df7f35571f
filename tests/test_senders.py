"""Delivery is a port (issue 16): a second sender is one class and a setting, and each sender keeps
its own delivery state per alert. The webhook here is written for the test and posts to a real HTTP
server on loopback; email goes to the outbox."""

import http.server
import json
import threading
from datetime import datetime

import httpx
import pytest
from sqlalchemy import select

from alerts import senders
from alerts.policy import policy_for
from alerts.senders import Outgoing
from core.errors import ConfigError, DeliveryError
from core.settings import Settings
from flows.delivery import send_alerts
from parsers.lexicon import load_lexicon
from storage.articles import add_url
from storage.db import make_engine, session_scope
from storage.models import Delivery
from storage.positions import apply_claims, record_claims
from tests.test_positions import claim


class Hook(http.server.BaseHTTPRequestHandler):
    """A receiving end that answers 503 until it is told to accept, and keeps what it accepted."""

    accept = False
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 (the handler's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if not Hook.accept:
            self.send_response(503)
            self.end_headers()
            return
        Hook.received.append(body)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


class WebhookSender:
    """What a webhook sender for stancewatch looks like: a name, and a send that posts the alerts."""

    name = "hook"
    shows_timelines = False

    def __init__(self, settings: Settings, url: str) -> None:
        self.url = url

    def send(self, outgoing: Outgoing, on_handover) -> str:
        payload = {"id": outgoing.message_id, "digest": outgoing.digest,
                   "alerts": [{"actor": v.actor, "issue": v.issue, "to": v.to_stance} for v in outgoing.views]}
        on_handover()
        answer = httpx.post(self.url, json=payload, timeout=5)
        if answer.status_code >= 300:
            raise DeliveryError(f"webhook answered {answer.status_code}")
        return self.url


@pytest.fixture
def hook(home, monkeypatch):
    Hook.accept, Hook.received = False, []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/alerts"
    monkeypatch.setitem(senders.SENDERS, "hook", lambda settings: WebhookSender(settings, url))
    monkeypatch.setenv("STANCEWATCH_SENDERS", '["email", "hook"]')
    yield url
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def states(engine):
    with session_scope(engine) as session:
        return sorted((d.sender, d.state) for d in session.scalars(select(Delivery)))


def test_each_sender_keeps_its_own_state_and_sends_once(hook):
    engine = make_engine(Settings().db_url())
    policy = policy_for(load_lexicon(), Settings())  # as the monitor makes it: new alerts go out by both senders
    for i in range(2):
        with session_scope(engine) as session:
            article = add_url(session, f"https://a.example/{i}")
            article.published = datetime(2026, 1, 1 + i)
            apply_claims(session, article, record_claims(session, article, [claim("russia", f"issue_{i}", "support")], "fp"),
                         policy)
    assert states(engine) == [("email", "pending")] * 2 + [("hook", "pending")] * 2

    first = send_alerts(load_lexicon(), Settings())
    # the webhook refused: email went out, the hook's deliveries wait for their retry
    assert "webhook answered 503" in (first.error or "")
    assert states(engine) == [("email", "sent")] * 2 + [("hook", "pending")] * 2
    assert first.backlog.waiting == 2 and Hook.received == []
    outbox = sorted((Settings().outbox_dir()).glob("*.eml"))
    assert len(outbox) == 1

    Hook.accept = True
    with session_scope(engine) as session:  # the retry time has come
        for delivery in session.scalars(select(Delivery).where(Delivery.sender == "hook")):
            delivery.next_attempt_at = None
    second = send_alerts(load_lexicon(), Settings())
    assert second.error is None and second.alerts == 2
    assert states(engine) == [("email", "sent")] * 2 + [("hook", "sent")] * 2
    assert len(Hook.received) == 1 and sorted(a["issue"] for a in Hook.received[0]["alerts"]) == ["issue_0", "issue_1"]
    # the retry kept the message id it recorded before the first attempt; email was not sent again
    with session_scope(engine) as session:
        ids = {d.message_id for d in session.scalars(select(Delivery).where(Delivery.sender == "hook"))}
    assert ids == {Hook.received[0]["id"]}
    assert sorted(Settings().outbox_dir().glob("*.eml")) == outbox
    assert send_alerts(load_lexicon(), Settings()).alerts == 0


def test_an_unknown_sender_is_named_before_anything_is_claimed(home, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_SENDERS", '["email", "pigeon"]')
    with pytest.raises(ConfigError, match="unknown sender 'pigeon' \\(known: email\\)"):
        send_alerts(load_lexicon(), Settings())


def test_resend_queues_again_through_the_senders_asked_for(hook):
    from typer.testing import CliRunner

    from stancewatch.cli import app

    engine = make_engine(Settings().db_url())
    policy = policy_for(load_lexicon(), Settings())
    with session_scope(engine) as session:
        article = add_url(session, "https://a.example/resend")
        article.published = datetime(2026, 1, 1)
        apply_claims(session, article, record_claims(session, article, [claim("russia", "issue_0", "support")], "fp"), policy)
    Hook.accept = True
    send_alerts(load_lexicon(), Settings())
    assert states(engine) == [("email", "sent"), ("hook", "sent")]

    runner = CliRunner()
    only_hook = runner.invoke(app, ["alerts", "resend", "1", "--sender", "hook"])
    assert only_hook.exit_code == 0 and "for hook" in only_hook.output, only_hook.output
    assert states(engine) == [("email", "sent"), ("hook", "pending")]
    every = runner.invoke(app, ["alerts", "resend", "1"])  # default: every configured sender
    assert every.exit_code == 0 and states(engine) == [("email", "pending"), ("hook", "pending")]
    unknown = runner.invoke(app, ["alerts", "resend", "1", "--sender", "pigeon"])  # main() prints it as one line
    assert isinstance(unknown.exception, ConfigError) and "'pigeon': no such sender" in str(unknown.exception)
    assert states(engine) == [("email", "pending"), ("hook", "pending")]
