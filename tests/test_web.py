"""The editors' web app (issue 17) over real HTTP: uvicorn on 127.0.0.1, SQLite and PostgreSQL, signed
one-click links taken out of a real email from a real SMTP session."""

import json
import os
import re
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from email import message_from_bytes, policy
from html import unescape

import httpx
import pytest
import uvicorn
from sqlalchemy import select

from alerts.links import sign_action
from alerts.policy import policy_for
from flows.delivery import send_alerts
from parsers.lexicon import load_lexicon
from parsers.types import Claim
from core.settings import Settings
from storage.articles import add_url
from storage.db import make_engine, session_scope
from storage.models import Alert, Decision, Position
from storage.positions import apply_claims, record_claims
from tests.conftest import ROOT, free_port
from tests.test_positions import POLICY
from web.app import create_app
from web.auth import check_token, hash_token
from typer.testing import CliRunner
from stancewatch.cli import app as cli_app

SECRET = "a-test-secret-of-more-than-thirty-two-characters"
TOKEN = "anna-token"


@contextmanager
def served(settings=None):
    """The web app under a real uvicorn server on a free loopback port, stopped after the block."""
    port = free_port()
    config = uvicorn.Config(create_app(settings or Settings()), host="127.0.0.1", port=port, log_level="warning",
                            proxy_headers=True, forwarded_allow_ips="127.0.0.1")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def web_env(home, db_url, monkeypatch):
    """Settings for the app: a database (SQLite or PostgreSQL), a secret, one editor (anna)."""
    monkeypatch.setenv("STANCEWATCH_DATABASE_URL", db_url)
    monkeypatch.setenv("STANCEWATCH_WEB_SECRET", SECRET)
    # few iterations: the hash's own count is used, and the tests sign in often
    monkeypatch.setenv("STANCEWATCH_WEB_EDITORS", json.dumps({"anna": hash_token(TOKEN, iterations=1000)}))
    return db_url


def article_with(engine, url, published, claims, title="Report"):
    with session_scope(engine) as session:
        article = add_url(session, url)
        session.flush()
        article.published, article.title = published, title
        article.wire_group_id = article.id  # a story of its own (the monitor sets it from the text)
        records = record_claims(session, article, claims, "fp1")
        apply_claims(session, article, records, POLICY)


def shift(engine, actor="russia", issue="territory_donbas", sentence=None, title="Report"):
    """A stored position (oppose), then a report that moves it (support): one shift alert; its id."""
    article_with(engine, f"https://a.example/{actor}-{issue}-1", datetime(2026, 1, 1),
                 [Claim(actor, issue, "oppose", "asserted", f"{actor} rejects it.", 0.8)])
    article_with(engine, f"https://b.example/{actor}-{issue}-2", datetime(2026, 1, 5),
                 [Claim(actor, issue, "support", "asserted", sentence or f"{actor} now accepts it.", 0.8)], title)
    with session_scope(engine) as session:
        return session.scalar(select(Alert.id).where(Alert.actor == actor, Alert.issue == issue, Alert.kind == "shift"))


def csrf_of(html):
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has no form"
    return match.group(1)


@contextmanager
def signed_in(base):
    """A client with anna's session."""
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        page = client.get("/login")
        answer = client.post("/login", data={"csrf": csrf_of(page.text), "name": "anna", "token": TOKEN,
                                             "next": "/alerts"})
        assert answer.status_code == 303 and answer.headers["location"] == "/alerts"
        yield client


def state(engine, alert_id):
    with session_scope(engine) as session:
        alert = session.get(Alert, alert_id)
        position = session.scalar(select(Position).where(Position.actor == alert.actor, Position.issue == alert.issue))
        decisions = [(d.editor, d.via, d.action, d.reason) for d in session.scalars(select(Decision).order_by(Decision.id))]
        return alert.status, position.stance, decisions


def test_nothing_is_read_or_changed_without_a_session(web_env, monkeypatch):
    engine = make_engine(Settings().db_url())
    alert_id = shift(engine)
    with served() as base, httpx.Client(base_url=base) as client:
        for path in ("/alerts", f"/alerts/{alert_id}", "/positions", "/decisions", "/positions/russia/territory_donbas"):
            answer = client.get(path)
            assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
        page = client.get("/login")
        token = csrf_of(page.text)
        answer = client.post(f"/alerts/{alert_id}/confirm", data={"csrf": token})
        assert answer.status_code == 403
        wrong = client.post("/login", data={"csrf": token, "name": "anna", "token": "guess", "next": "/alerts"})
        assert wrong.status_code == 401 and "do not match" in wrong.text
        unknown = client.post("/login", data={"csrf": token, "name": "bob", "token": TOKEN, "next": "/alerts"})
        assert unknown.status_code == 401
        no_csrf = client.post("/login", data={"name": "anna", "token": TOKEN})
        assert no_csrf.status_code == 403
    assert state(engine, alert_id) == ("open", "support", [])
    # reading opened to everyone by the setting; changing still needs a signed-in editor
    monkeypatch.setenv("STANCEWATCH_WEB_PUBLIC_READ", "1")
    with served() as base, httpx.Client(base_url=base) as client:
        page = client.get(f"/alerts/{alert_id}")
        assert page.status_code == 200 and "Sign in</a> to confirm" in page.text
        token = csrf_of(client.get("/login").text)  # this session's CSRF token, but nobody signed in
        assert client.post(f"/alerts/{alert_id}/dismiss", data={"csrf": token}).status_code == 403
    assert state(engine, alert_id) == ("open", "support", [])


def test_an_editor_reviews_alerts_and_corrects_a_position(web_env):
    engine = make_engine(Settings().db_url())
    first = shift(engine, "russia", "territory_donbas")
    second = shift(engine, "ukraine", "elections")
    with served() as base, signed_in(base) as client:
        listing = client.get("/alerts")
        assert listing.status_code == 200
        assert f"#{second} " in listing.text and f"#{first} " in listing.text
        assert listing.text.index(f"#{second} ") < listing.text.index(f"#{first} ")  # newest first
        only = client.get("/alerts", params={"actor": "ukraine"}).text
        assert f"#{second} " in only and f"#{first} " not in only
        high = client.get("/alerts", params={"severity": "high"}).text  # territory_donbas is high in the policy
        assert f"#{first} " in high and f"#{second} " not in high
        assert "not known" in client.get("/alerts", params={"issue": "nonsense"}).text
        assert f"#{first} " not in client.get("/alerts", params={"since": "2999-01-01"}).text

        page = client.get(f"/alerts/{first}")
        assert "russia now accepts it." in page.text and "russia rejects it." in page.text  # new claim and stored one
        assert "<th>wire group</th>" in page.text and re.search(r"<td>#\d+", page.text)  # each report's wire group
        assert client.post(f"/alerts/{first}/confirm", data={"csrf": "forged"}).status_code == 403
        assert state(engine, first) == ("open", "support", [])
        done = client.post(f"/alerts/{first}/confirm", data={"csrf": csrf_of(page.text)})
        assert done.status_code == 303
        assert state(engine, first) == ("confirmed", "support", [("anna", "web", "confirm", None)])

        page = client.get(f"/alerts/{second}")
        client.post(f"/alerts/{second}/dismiss", data={"csrf": csrf_of(page.text), "reason": "a quote from 2022"})
        status, stance, log = state(engine, second)
        assert (status, stance) == ("dismissed", "oppose")  # the position returned to what it was
        assert log[-1] == ("anna", "web", "dismiss", "a quote from 2022")

        matrix = client.get("/positions").text
        assert "/positions/ukraine/elections" in matrix
        form = client.get("/positions/ukraine/elections")
        assert "ukraine rejects it." in form.text
        bad = client.post("/positions/ukraine/elections", data={"csrf": csrf_of(form.text), "stance": "open",
                                                                 "note": "", "date": ""})
        assert bad.status_code == 400 and "Say why" in bad.text
        client.post("/positions/ukraine/elections", data={"csrf": csrf_of(form.text), "stance": "open",
                                                           "note": "said so on TV", "date": "2026-01-10",
                                                           "source": "https://c.example/tv"})
        history = client.get("/positions/ukraine/elections").text
        assert "said so on TV" in history
        decisions = client.get("/decisions").text
        assert "a quote from 2022" in decisions and "said so on TV" in decisions and "anna" in decisions
        assert client.get("/issues/elections/timeline.png").headers["content-type"] == "image/png"

        out = client.post("/logout", data={"csrf": csrf_of(decisions)})
        assert out.status_code == 303
        assert client.get("/alerts").status_code == 303  # signed out


def test_signed_links_from_a_real_email(web_env, smtp_server, monkeypatch):
    controller, inbox = smtp_server
    monkeypatch.setenv("STANCEWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("STANCEWATCH_SMTP_PORT", str(controller.port))
    port = free_port()
    monkeypatch.setenv("STANCEWATCH_WEB_BASE_URL", f"http://127.0.0.1:{port}")
    engine = make_engine(Settings().db_url())
    alert_id = shift(engine)
    other = shift(engine, "usa", "elections")
    send_alerts(load_lexicon(), Settings())
    assert inbox.messages
    mails = [message_from_bytes(raw, policy=policy.default) for _, _, raw in inbox.messages]
    html = "".join(unescape(mail.get_body(("html",)).get_content()) for mail in mails)
    text = "".join(mail.get_body(("plain",)).get_content() for mail in mails)
    links = {action: re.search(rf'href="(http://127\.0\.0\.1:{port}/act/[^"]+)">{label}<', html)
             for action, label in (("confirm", "Confirm"), ("dismiss", "Dismiss"), ("ack", "Mark read"))}
    assert all(links.values()) and f"http://127.0.0.1:{port}/alerts/{alert_id}" in html
    assert all(m.group(1) in text for m in links.values())  # the plain part carries the same links
    assert re.search(rf"CONFIRM: http://127\.0\.0\.1:{port}/act/\S+", text)
    ours = [m.group(1) for m in re.finditer(rf'href="(http://127\.0\.0\.1:{port}/act/[^"]+)">Confirm<', html)]
    assert {_alert_of(link) for link in ours} >= {alert_id, other}  # every alert has its links
    confirm = next(link for link in ours if _alert_of(link) == alert_id)

    config = uvicorn.Config(create_app(Settings()), host="127.0.0.1", port=port, log_level="warning")
    with _server(config), httpx.Client() as client:
        page = client.get(confirm)  # what a mail scanner does: nothing changes
        assert page.status_code == 200 and f"Confirm alert #{alert_id}" in page.text
        assert state(engine, alert_id)[0] == "open"
        assert client.post(confirm, data={"csrf": "forged"}).status_code == 403
        done = client.post(confirm, data={"csrf": csrf_of(page.text)})
        assert done.status_code == 200 and "confirmed" in done.text
        assert state(engine, alert_id) == ("confirmed", "support", [("email link", "link", "confirm", None)])

        again = client.get(confirm)
        assert again.status_code == 409 and "already" in again.text
        assert client.post(confirm, data={"csrf": csrf_of(page.text)}).status_code == 409

        prefix, _, tail = confirm.rpartition(".")
        tampered = prefix + "." + ("A" if tail[0] != "A" else "B") + tail[1:]
        assert client.get(tampered).status_code == 400
        other_key = f"http://127.0.0.1:{port}/act/{sign_action('another-secret-of-thirty-two-characters!', other, 'confirm')}"
        assert "not valid" in client.get(other_key).text
        wrong_action = f"http://127.0.0.1:{port}/act/{_signed([other, 'delete', 'x'])}"
        assert client.get(wrong_action).status_code == 400
        assert state(engine, other)[0] == "open"
        # the dismiss link of the other alert, with a reason
        dismiss = f"http://127.0.0.1:{port}/act/{sign_action(SECRET, other, 'dismiss')}"
        form = client.get(dismiss)
        client.post(dismiss, data={"csrf": csrf_of(form.text), "reason": "misread"})
        assert state(engine, other)[0] == "dismissed"

    monkeypatch.setenv("STANCEWATCH_WEB_LINK_DAYS", str(0.5 / 86400))  # half a second
    ack = f"http://127.0.0.1:{port}/act/{sign_action(SECRET, other, 'ack')}"
    time.sleep(2)
    config = uvicorn.Config(create_app(Settings()), host="127.0.0.1", port=port, log_level="warning")
    with _server(config), httpx.Client() as client:
        expired = client.get(ack)
        assert expired.status_code == 400 and "expired" in expired.text
    assert state(engine, other)[0] == "dismissed"


def _alert_of(link):
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(SECRET, salt="stancewatch.alert-action").loads(link.rsplit("/", 1)[1])[0]


def _signed(payload):
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(SECRET, salt="stancewatch.alert-action").dumps(payload)


@contextmanager
def _server(config):
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "the web app did not start"
        time.sleep(0.05)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(10)


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_html_in_titles_sentences_and_notes_is_escaped_on_every_page(web_env):
    engine = make_engine(Settings().db_url())
    alert_id = shift(engine, sentence=f"Moscow accepts {HOSTILE} now.", title=f"Title {HOSTILE}")
    with served() as base, signed_in(base) as client:
        page = client.get(f"/alerts/{alert_id}")
        client.post(f"/alerts/{alert_id}/dismiss", data={"csrf": csrf_of(page.text), "reason": HOSTILE})
        form = client.get("/positions/russia/territory_donbas")
        client.post("/positions/russia/territory_donbas", data={"csrf": csrf_of(form.text), "stance": "open",
                                                               "note": f"note {HOSTILE}"})
        for path in ("/alerts?status=any", f"/alerts/{alert_id}", "/positions", "/positions/russia/territory_donbas",
                     "/decisions"):
            body = client.get(path).text
            assert "<script>" not in body and "<img src=x" not in body, path
        assert "&lt;script&gt;" in client.get(f"/alerts/{alert_id}").text
        assert "&lt;script&gt;" in client.get("/decisions").text
        headers = client.get("/alerts").headers
        assert "script-src" not in headers["content-security-policy"] and "default-src 'none'" in headers[
            "content-security-policy"]


def test_secure_cookie_and_forwarded_headers_behind_a_proxy(web_env, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_WEB_BASE_URL", "https://stancewatch.example.org")
    with served() as base, httpx.Client(base_url=base) as client:
        page = client.get("/login", headers={"x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9"})
        cookie = page.headers["set-cookie"].lower()
        assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_the_command_serves_several_workers_on_one_database(web_env, tmp_path):
    """`stancewatch web --workers 2` as a user starts it: every worker answers, a decision made through one
    is seen through the others (on PostgreSQL in the postgresql run)."""
    engine = make_engine(Settings().db_url())
    alert_id = shift(engine)
    port = free_port()
    env = dict(os.environ, DO_NOT_TRACK="1")
    process = subprocess.Popen([sys.executable, "-m", "stancewatch", "web", "--port", str(port), "--workers", "2"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "the web app did not start"
            time.sleep(0.2)
        with signed_in(base) as client:
            page = client.get(f"/alerts/{alert_id}")
            client.post(f"/alerts/{alert_id}/ack", data={"csrf": csrf_of(page.text)})
            seen = {client.get(f"/alerts/{alert_id}").text.count('status-acked">acked<') for _ in range(8)}
        assert seen == {1}
        assert state(engine, alert_id)[0] == "acked"
    finally:
        os.killpg(process.pid, 15)
        process.wait(20)


def test_token_command_prints_a_hash_that_signs_in():
    result = subprocess.run([sys.executable, "-m", "stancewatch", "web", "token", "anna"], cwd=ROOT,
                            capture_output=True, text=True, check=True, env=dict(os.environ, DO_NOT_TRACK="1"))
    token = re.search(r"shown once\): (\S+)", result.stdout).group(1)
    stored = json.loads(result.stdout.split("STANCEWATCH_WEB_EDITORS: ", 1)[1])["anna"]
    assert check_token(token, stored) and not check_token(token + "x", stored)


def test_one_severity_in_the_email_the_command_line_the_web_app_and_the_report(web_env, tmp_path, monkeypatch):
    """Issue 16: an override raises ceasefire to high; the alert raised under it is high in the
    email, on the command line, in the web app and in the report alike."""
    monkeypatch.setenv("STANCEWATCH_SEVERITY_OVERRIDES", '{"ceasefire": "high"}')
    monkeypatch.setenv("STANCEWATCH_INSTANT_SEVERITIES", '["high"]')
    settings, lexicon = Settings(), load_lexicon()
    assert lexicon.issues["ceasefire"].severity != "high"  # only the override makes it high
    engine = make_engine(settings.db_url())
    with session_scope(engine) as session:
        article = add_url(session, "https://c.example/ceasefire")
        session.flush()
        article.published, article.title, article.wire_group_id = datetime(2026, 1, 5), "Report", article.id
        claims = [Claim("hungary", "ceasefire", "support", "asserted", "Hungary backs a ceasefire.", 0.8)]
        apply_claims(session, article, record_claims(session, article, claims, "fp1"), policy_for(lexicon, settings))
        alert_id = session.scalar(select(Alert.id))

    assert send_alerts(lexicon, settings).emails == 1  # high: sent at once, on its own
    (eml,) = settings.outbox_dir().glob("*.eml")
    text = message_from_bytes(eml.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    assert f"#{alert_id} [high]" in text

    runner = CliRunner()
    listed = json.loads(runner.invoke(cli_app, ["alerts", "list", "--format", "json"]).output)
    assert [(a["id"], a["severity"]) for a in listed] == [(alert_id, "high")]

    with served() as base, signed_in(base) as client:
        page = client.get(f"/alerts/{alert_id}").text
    assert '<span class="badge high">high</span>' in page

    out = tmp_path / "report.html"
    assert runner.invoke(cli_app, ["report", "--out", str(out), "--issue", "ceasefire"]).exit_code == 0
    assert '<span class="sev high">high</span>' in out.read_text(encoding="utf-8")
