"""Re-running stored articles after a lexicon change: new claims and alerts only, nothing twice."""

from datetime import date

import pytest
from sqlalchemy import func, select

from flows.monitor import monitor
from flows.rerun import rerun
from stancewatch.demosite import serve_site
from core.settings import Settings
from storage.db import make_engine, session_scope
from storage.models import Alert, ClaimRecord
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("prefect_harness")
EDITOR_ACTOR = "actors:\n  - id: china\n    label: China\n    aliases:\n      de: [China, Peking]\n      en: [China, Beijing]\n"


def counts():
    with session_scope(make_engine(Settings().db_url())) as session:
        return (session.scalar(select(func.count(ClaimRecord.id))), session.scalar(select(func.count(Alert.id))))


def test_rerun_after_a_lexicon_change_finds_the_new_actor_once(home, tmp_path, monkeypatch):
    with serve_site(ROOT / "tests" / "data" / "rerun") as site:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(f"feeds:\n  - {{name: news, url: '{site.base}/feeds/de.xml', lang: de, relevance_filter: false}}\n")
        monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds))
        assert monitor().articles.coded == 1
        pages = len(site.requests)
        assert counts() == (0, 0)  # nobody in the watchlist speaks in the article yet
        editor = tmp_path / "lexicon"
        editor.mkdir()
        (editor / "actors.yaml").write_text(EDITOR_ACTOR)
        monkeypatch.setenv("STANCEWATCH_LEXICON_DIR", str(editor))
        first = rerun(since=date(2026, 1, 1))
        second = rerun(since=date(2026, 1, 1))
        assert len(site.requests) == pages  # nothing fetched again
    assert (first.articles, first.new_claims, first.new_positions) == (1, 1, 1)
    assert (second.new_claims, second.new_positions, second.shifts) == (0, 0, 0)
    with session_scope(make_engine(Settings().db_url())) as session:
        (alert,) = session.scalars(select(Alert)).all()
        assert (alert.actor, alert.issue, alert.to_stance) == ("china", "ceasefire", "support")
        assert alert.delivery("email").delivered_at is not None
    assert rerun(since=date(2026, 3, 1)).articles == 0  # outside the period
