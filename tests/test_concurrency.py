"""Two monitor processes at once on one database, with overlapping feeds: nothing twice."""

import os
import re
import subprocess
import sys
from email import message_from_bytes, policy

import pytest
from prefect.settings import PREFECT_API_URL
from sqlalchemy import func, select

from flows.baseline import load_baseline
from parsers.lexicon import load_lexicon
from stancewatch.demosite import serve_site
from stancewatch.settings import Settings
from storage.db import make_engine, session_scope
from storage.models import Alert, Article, ClaimRecord, Position
from tests.conftest import DEMO, DEMO_ARTICLES, ROOT, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_harness")


def body(raw):
    return message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()


def test_two_concurrent_monitors_store_and_email_everything_once(db_url, home, tmp_path, smtp_server, monkeypatch):
    controller, inbox = smtp_server
    with serve_site(DEMO) as site:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text("feeds:\n" + "".join(
            f"  - {{name: {name}, url: '{site.base}/feeds/{path}', relevance_filter: false}}\n"
            for name, path in (("de", "de.xml"), ("en", "en.atom"), ("all", "all.xml"))))
        monkeypatch.setenv("STANCEWATCH_DATABASE_URL", db_url)
        monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds))
        load_baseline(SEEDS, load_lexicon(), Settings())
        env = dict(os.environ, STANCEWATCH_SMTP_HOST="127.0.0.1", STANCEWATCH_SMTP_PORT=str(controller.port),
                   STANCEWATCH_BATCH_SIZE="3", PREFECT_API_URL=PREFECT_API_URL.value())
        workers = [subprocess.Popen([sys.executable, "-m", "stancewatch", "run"], env=env, cwd=ROOT,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [w.communicate(timeout=300) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    engine = make_engine(db_url)
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
