"""Editors' review on the command line: show, confirm, dismiss, history, corrections."""

import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from stancewatch.cli import app
from core.errors import ConfigError
from core.settings import Settings
from storage.db import make_engine, session_scope
from storage.positions import current_positions
from tests.test_positions import claim, code

runner = CliRunner()


def cli(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def shifted(home):
    """Russia: support on Donbas in the baseline, then an article says open (alert 1); a new one on elections (alert 2)."""
    engine = make_engine(Settings().db_url())
    code(engine, "https://a.example/old", datetime(2026, 1, 1), [claim("russia", "territory_donbas", "support")],
         raise_alerts=False)
    code(engine, "https://a.example/new", datetime(2026, 1, 5),
         [claim("russia", "territory_donbas", "open"), claim("russia", "elections", "support")])
    return engine


def stances(engine):
    with session_scope(engine) as session:
        return {(p.actor, p.issue): (p.stance, p.origin) for p in current_positions(session)}


def test_show_gives_both_sides_of_the_shift(shifted):
    donbas = alert_id("territory_donbas")
    shown = json.loads(cli("alerts", "show", donbas, "--format", "json"))[0]
    assert (shown["from"], shown["to"], shown["previous_url"], shown["article_url"]) == (
        "support", "open", "https://a.example/old", "https://a.example/new")
    assert "before (support" in cli("alerts", "show", donbas)


def test_dismiss_restores_the_position_and_marks_the_claim(shifted):
    cli("alerts", "dismiss", 1, 2)
    assert stances(shifted) == {("russia", "territory_donbas"): ("support", "monitor")}  # elections: no position again
    history = json.loads(cli("positions", "history", "russia", "territory_donbas", "--format", "json"))
    assert [(h["stance"], h["dismissed"]) for h in history] == [("support", False), ("open", True)]
    assert {a["status"] for a in json.loads(cli("alerts", "list", "--format", "json"))} == {"dismissed"}


def alert_id(issue):
    return next(a["id"] for a in json.loads(cli("alerts", "list", "--format", "json")) if a["issue"] == issue)


def test_confirm_makes_the_new_stance_the_editor_backed_position(shifted):
    donbas = alert_id("territory_donbas")
    cli("alerts", "dismiss", donbas)
    assert stances(shifted)[("russia", "territory_donbas")] == ("support", "monitor")
    cli("alerts", "confirm", donbas)
    assert stances(shifted)[("russia", "territory_donbas")] == ("open", "editor")


def test_set_records_an_editor_correction_with_its_note(shifted):
    cli("positions", "set", "russia", "elections", "oppose", "--note", "Kremlin statement of 6 Jan")
    positions = {(p["actor"], p["issue"]): p for p in json.loads(cli("positions", "--format", "json"))}
    assert positions[("russia", "elections")]["stance"] == "oppose"
    assert positions[("russia", "elections")]["note"] == "Kremlin statement of 6 Jan"
    history = json.loads(cli("positions", "history", "russia", "elections", "--format", "json"))
    assert history[-1]["source"] == "editor" and history[-1]["stance"] == "oppose"


def test_an_editors_note_loses_invisible_controls(shifted):
    """A right-to-left override pasted into a note would reorder it in emails and pages (issue 18)."""
    cli("positions", "set", "russia", "elections", "oppose", "--note", "Kremlin \u202estatement\u202c of 6\u200b Jan")
    positions = {(p["actor"], p["issue"]): p for p in json.loads(cli("positions", "--format", "json"))}
    assert positions[("russia", "elections")]["note"] == "Kremlin statement of 6 Jan"


def test_unknown_ids_and_stances_are_refused(home):
    for args in (["positions", "set", "mars", "elections", "open", "--note", "x"],
                 ["positions", "set", "russia", "elections", "maybe", "--note", "x"],
                 ["positions", "history", "russia", "moon_landing"]):
        result = runner.invoke(app, args)
        assert isinstance(result.exception, ConfigError), args


def test_stats_count_the_review_per_issue_as_the_coders_error_statistics(shifted):
    before = {r["issue"]: r for r in json.loads(cli("alerts", "stats", "--format", "json"))}
    assert before["territory_donbas"]["open"] == 1 and before["territory_donbas"]["precision"] is None
    cli("alerts", "dismiss", alert_id("elections"))
    cli("alerts", "confirm", alert_id("territory_donbas"))
    after = {r["issue"]: r for r in json.loads(cli("alerts", "stats", "--format", "json"))}
    assert (after["elections"]["dismissed"], after["elections"]["precision"]) == (1, 0.0)
    assert (after["territory_donbas"]["confirmed"], after["territory_donbas"]["precision"]) == (1, 1.0)
    assert "territory_donbas" in cli("alerts", "stats")


def test_ack_after_a_decision_keeps_the_decision_and_the_stats(shifted):
    cli("alerts", "confirm", alert_id("territory_donbas"))
    cli("alerts", "dismiss", alert_id("elections"))
    said = cli("alerts", "ack", alert_id("territory_donbas"), alert_id("elections"))
    assert "kept the decision" in said
    statuses = {a["issue"]: a["status"] for a in json.loads(cli("alerts", "list", "--format", "json"))}
    assert statuses == {"territory_donbas": "confirmed", "elections": "dismissed"}
    stats = {r["issue"]: r for r in json.loads(cli("alerts", "stats", "--format", "json"))}
    assert (stats["territory_donbas"]["confirmed"], stats["elections"]["dismissed"]) == (1, 1)


def test_set_takes_the_day_and_the_source_of_the_correction(shifted):
    cli("positions", "set", "russia", "territory_donbas", "oppose", "--note", "TASS interview",
        "--date", "2026-01-03", "--source", "https://tass.example/interview")
    history = json.loads(cli("positions", "history", "russia", "territory_donbas", "--format", "json"))
    # dated back, the correction stands between the claims of 1 and 5 January
    assert [(h["stance"], h["source"]) for h in history] == [
        ("support", "https://a.example/old"), ("oppose", "https://tass.example/interview"), ("open", "https://a.example/new")]
    for bad in (["--date", "3.1.2026"], ["--date", "2999-01-01"], ["--source", "tass interview"]):
        result = runner.invoke(app, ["positions", "set", "russia", "elections", "open", "--note", "x", *bad])
        assert isinstance(result.exception, ConfigError), bad


def test_the_email_history_keeps_the_newest_published_claims_whatever_order_they_were_coded_in(home):
    from storage.review import recent_histories

    engine = make_engine(Settings().db_url())
    code(engine, "https://a.example/jan", datetime(2026, 1, 10), [claim("usa", "elections", "support")])
    for day in (1, 2, 3):  # older articles found later
        code(engine, f"https://a.example/dec{day}", datetime(2025, 12, day), [claim("usa", "elections", "open")])
    with session_scope(engine) as session:
        (history,) = recent_histories(session, [("usa", "elections", None)], 2)
    assert [(e.published.day, e.stance) for e in history] == [(3, "open"), (10, "support")]
