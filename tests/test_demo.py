"""`stancewatch demo` as a new user runs it: the project's own articles (data/demo) served as five
outlets, the baseline from data/seeds, the real monitor flow, alerts and emails in the outbox.

The checks are about what the demo is there to show, not about the coder's exact output (the coder
changes): shifts, a move confirmed by two outlets, a wire copy counted as one source, instant and
digest emails, and no alert from the trap articles (data/demo/SOURCES.md)."""

import json
from email import message_from_bytes, policy

import pytest
from typer.testing import CliRunner

from stancewatch.cli import app
from stancewatch.demosite import outlets
from tests.conftest import DEMO, DEMO_ARTICLES

pytestmark = pytest.mark.usefixtures("prefect_harness")

# speculation only, another war's ceasefire, another country's election
TRAPS = ("demo-05", "demo-16", "demo-20")


def test_outlets_are_the_hosts_of_the_url_headers():
    sites = outlets(DEMO)
    assert len(sites) >= 3 and all("." in name and not name.startswith("www.") for name in sites)
    files = [p for by_lang in sites.values() for paths in by_lang.values() for p in paths]
    assert sorted(files) == DEMO_ARTICLES
    # the wire copy is printed by two outlets
    owner = {p.stem: name for name, by_lang in sites.items() for paths in by_lang.values() for p in paths}
    assert owner["demo-12"] != owner["demo-13"]


def test_demo_shows_shifts_corroboration_a_wire_copy_and_both_kinds_of_email(home, tmp_path, monkeypatch):
    # what the demo sets in the environment is restored after the test
    for key in ("STANCEWATCH_HOME", "STANCEWATCH_FEEDS_FILE", "STANCEWATCH_ALLOW_PRIVATE_ADDRESSES",
                "STANCEWATCH_HOST_INTERVAL_SECONDS"):
        monkeypatch.setenv(key, "")
    monkeypatch.delenv("STANCEWATCH_INSTANT_SEVERITIES")  # the defaults: high alerts are emailed at once
    demo_home = tmp_path / "stancewatch-demo"
    runner = CliRunner()
    result = runner.invoke(app, ["demo", "--home", str(demo_home)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{len(outlets(DEMO))} outlets" in result.output

    alerts = json.loads(runner.invoke(app, ["alerts", "list", "--format", "json"]).output)
    shifts = [a for a in alerts if a["kind"] == "shift"]
    assert len(shifts) >= 3, alerts
    # a move reported independently by two outlets is confirmed
    assert any(a["corroboration"] == "confirmed" and a["sources"] >= 2 for a in alerts), alerts
    # the agency story on two outlets: two reports, one source
    assert any(a["reports"] >= 2 and a["sources"] == 1 for a in alerts), alerts
    assert not [a for a in alerts if any(f"/articles/{trap}.html" in a["article_url"] for trap in TRAPS)]

    emails = [message_from_bytes(p.read_bytes(), policy=policy.default)
              for p in sorted((demo_home / "outbox").glob("*.eml"))]
    subjects = [str(m["Subject"]) for m in emails]
    assert any("digest" in s for s in subjects) and any("[high]" in s for s in subjects), subjects
