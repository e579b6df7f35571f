"""Kill the monitor at arbitrary points; the next run resumes with nothing lost and nothing twice."""

import os
import subprocess
import sys
import time
from email import message_from_bytes

import pytest
from prefect.settings import PREFECT_API_URL
from sqlalchemy import func, select

from flows.baseline import load_baseline
from parsers.lexicon import load_lexicon
from stancewatch.demosite import serve_site
from core.settings import Settings
from storage.db import make_engine, session_scope
from storage.models import Alert, Article, ClaimRecord, Delivery
from tests.conftest import DEMO, DEMO_ARTICLES, ROOT, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_harness")

SEED_ARTICLES = 5
# Short leases so the test need not wait long; a batch of local pages is coded well within it.
LEASE_SECONDS = 4
# Small batches: a run stores many times, so a kill point inside its articles phase has a wide window.
BATCH_SIZE = 2
PAGE_DELAY = 0.15


def progress(engine, inbox):
    with session_scope(engine) as session:
        return {
            "entries": session.scalar(select(func.count(Article.id)).where(Article.feed_id.is_not(None))),
            "coded": session.scalar(select(func.count(Article.id)).where(Article.status == "coded")) - SEED_ARTICLES,
            "alerts": session.scalar(select(func.count(Alert.id))),
            "sending": session.scalar(select(func.count(Delivery.id)).where(Delivery.state == "sending")),
            "emails": len(inbox.messages),
        }


# Kill points, each a moment of the run (``p``: the progress now, ``s``: at the run's start): feed
# entries stored but nothing coded, amid coding, alerts raised but not yet emailed. A killed run
# leaves up to three batches leased, which the next run skips until the lease runs out, so each
# killed run starts once its predecessor's leases have run out. The third run is killed once it has
# stored a batch of its own and before it claims any alert for delivery (a run killed while sending
# leaves its alerts claimed until that lease runs out: minutes, not what this test is about).
KILL_WHEN = {
    "after the feeds": lambda p, s: p["entries"] > 0,
    "amid coding": lambda p, s: p["coded"] >= 8,
    "before the email": lambda p, s: (p["alerts"] > 0 and p["coded"] >= s["coded"] + BATCH_SIZE
                                      and p["sending"] == 0 and p["emails"] == 0),
}


def run_monitor(env, engine=None, inbox=None, kill_when=None):
    process = subprocess.Popen([sys.executable, "-m", "stancewatch", "run"], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_when is None:
        return process.wait(timeout=300), None
    start = progress(engine, inbox)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if kill_when(progress(engine, inbox), start):
            process.kill()
            break
        time.sleep(0.01)
    return process.wait(), progress(engine, inbox)


def test_killed_runs_lose_nothing_and_email_nothing_twice(home, tmp_path, smtp_server, ledger, monkeypatch):
    controller, inbox = smtp_server
    with serve_site(DEMO) as site:
        # Pages that take a moment: coding then spans seconds, so the 10 ms poll below stops the run
        # amid coding on a fast machine too, and the third run still has batches of its own to code.
        site.page_delay = PAGE_DELAY
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(
            f"feeds:\n  - {{name: de, url: '{site.base}/feeds/de.xml', lang: de, relevance_filter: false}}\n"
            f"  - {{name: en, url: '{site.base}/feeds/en.atom', lang: en, relevance_filter: false}}\n")
        env = dict(os.environ, STANCEWATCH_FEEDS_FILE=str(feeds), STANCEWATCH_SMTP_HOST="127.0.0.1",
                   STANCEWATCH_SMTP_PORT=str(controller.port), STANCEWATCH_BATCH_SIZE=str(BATCH_SIZE),
                   STANCEWATCH_LEASE_MINUTES=str(LEASE_SECONDS / 60),
                   PREFECT_API_URL=PREFECT_API_URL.value())
        monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds))
        load_baseline(SEEDS, load_lexicon(), Settings())
        engine = make_engine(Settings().db_url())
        killed = []
        for moment, condition in KILL_WHEN.items():
            if killed:
                time.sleep(LEASE_SECONDS)  # the killed run's leases run out
            code, state = run_monitor(env, engine, inbox, condition)
            killed.append((moment, code, state))
        assert all(code == -9 for _moment, code, _state in killed), killed  # each run really was killed
        time.sleep(LEASE_SECONDS)  # the killed run's batch is taken over once its lease has run out
        assert run_monitor(env)[0] == 0
        assert run_monitor(env)[0] == 0
    with session_scope(engine) as session:
        feed_articles = session.scalar(select(func.count(Article.id)).where(Article.feed_id.is_not(None)))
        unfinished = session.scalar(select(func.count(Article.id)).where(Article.status == "pending"))
        alerts = list(session.scalars(select(Delivery).where(Delivery.sender == "email")))  # each alert's email
        per_article_claims = session.execute(
            select(ClaimRecord.article_id, ClaimRecord.actor, ClaimRecord.issue, ClaimRecord.stance,
                   ClaimRecord.modality, func.count()).group_by(
                ClaimRecord.article_id, ClaimRecord.actor, ClaimRecord.issue, ClaimRecord.stance,
                ClaimRecord.modality).having(func.count() > 1)).all()
    message_ids = [message_from_bytes(m[2])["Message-ID"] for m in inbox.messages]
    lost = (len(DEMO_ARTICLES) - feed_articles) + unfinished + sum(1 for a in alerts if a.state == "pending")
    duplicates = len(message_ids) - len(set(message_ids))
    assert lost == 0 and not per_article_claims and duplicates == 0
    assert all(a.state in ("sent", "uncertain") for a in alerts), ([a.state for a in alerts], killed)
    assert sum(1 for a in alerts if a.state == "sent") >= 1
    for moment, _code, _state in killed:
        ledger.record(f"process killed {moment}", True, lost, duplicates)
