"""The HTML report: built from a real database through the CLI, parsed, and its pictures opened."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import event
from typer.testing import CliRunner

from alerts.plots import issue_timeline_png
from alerts.report import safe_href
from parsers.types import Claim
from stancewatch.cli import app
from core.errors import ConfigError
from core.settings import Settings
from storage.db import make_engine, session_scope
from alerts.types import PositionCell, TimelinePoint
from storage.reporting import position_cells, timeline_points
from tests.conftest import ROOT, SEEDS
from tests.test_positions import claim, code

runner = CliRunner()
XSS = '<script>alert("x")</script>'


def cli(*args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


class Page(HTMLParser):
    """What a reader sees in the report: images, matrix cells, alert rows, all text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.images: list[str] = []
        self.cells: dict[tuple[str, str], str | None] = {}
        self.alert_rows: list[int] = []
        self.external: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "img":
            self.images.append(a["src"] or "")
        if tag in ("script", "link", "iframe", "object", "embed") or (
                tag in ("img", "source") and not (a.get("src") or "").startswith("data:")):
            self.external.append(tag)
        if tag == "td" and "data-actor" in a:
            self.cells[(a["data-actor"] or "", a["data-issue"] or "")] = a.get("data-stance")
        if tag == "tr" and "data-alert" in a:
            self.alert_rows.append(int(a["data-alert"] or 0))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())

    def pngs(self) -> list[Image.Image]:
        opened = []
        for src in self.images:
            assert src.startswith("data:image/png;base64,"), src[:40]
            image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1], validate=True)))
            image.load()  # decodes every pixel: a truncated PNG fails here
            assert image.format == "PNG"
            opened.append(image)
        return opened


def report(tmp_path: Path, *args: object) -> tuple[Page, str]:
    out = tmp_path / "out" / "report.html"
    output = cli("report", "--out", out, *args)
    assert str(out.resolve()) in output.replace("\n", "")
    html = out.read_text(encoding="utf-8")
    return Page(html), html


@pytest.fixture
def monitored(home):
    """The baseline from data/seeds, then monitoring: a shift, a new position, a dismissed false positive."""
    cli("baseline", "load", SEEDS)
    engine = make_engine(Settings().db_url())
    code(engine, "https://news.example/shift", datetime(2026, 3, 1), [claim("russia", "territory_donbas", "open")])
    code(engine, "https://news.example/new", datetime(2026, 3, 2),
         [Claim("hungary", "ceasefire", "support", "asserted", f"Hungary backs a ceasefire {XSS}.", 0.9)])
    code(engine, "https://news.example/wrong", datetime(2026, 3, 3), [claim("hungary", "elections", "oppose")])
    wrong = next(a["id"] for a in json.loads(cli("alerts", "list", "--format", "json")) if a["issue"] == "elections")
    cli("alerts", "dismiss", wrong)
    return engine


def test_matrix_shows_exactly_the_stored_positions(monitored, tmp_path):
    page, _ = report(tmp_path)
    stored = {(p["actor"], p["issue"]): p["stance"] for p in json.loads(cli("positions", "--format", "json"))}
    shown = {key: stance for key, stance in page.cells.items() if stance is not None}
    assert len(stored) > 20 and shown == stored
    assert shown[("russia", "territory_donbas")] == "open"  # the shift moved it
    assert ("hungary", "elections") not in shown  # dismissed: no position came of it
    for label in ("Russia", "Ukraine", "Hungary", "Donbas territory", "Ceasefire along the front"):
        assert label in page.plain
    assert "baseline" in page.plain and "monitor" in page.plain


def test_every_picture_is_an_embedded_png_of_sensible_size(monitored, tmp_path):
    page, html = report(tmp_path)
    images = page.pngs()
    with session_scope(monitored) as session:
        issues_with_data = {c.issue for c in position_cells(session)}
    # the matrix picture and one timeline per issue with a position (every claimed issue has one here)
    assert len(images) == 1 + len(issues_with_data)
    for image in images:
        width, height = image.size
        assert 500 <= width <= 2500 and 120 <= height <= 2500, image.size
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 24)) > 8  # drawn, not a blank canvas
    assert page.external == [] and "url(" not in html and 'src="http' not in html


def test_open_alerts_are_listed_and_the_dismissed_one_is_not(monitored, tmp_path):
    page, _ = report(tmp_path)
    alerts = json.loads(cli("alerts", "list", "--format", "json"))
    open_ids = sorted(a["id"] for a in alerts if a["status"] == "open")
    assert len(open_ids) == 2 and sorted(page.alert_rows) == open_ids
    assert any(a["status"] == "dismissed" for a in alerts)
    assert "https://news.example/shift" in page.plain  # the source, named and linked
    assert "support → open" in page.plain and "new → support" in page.plain


def test_article_text_is_escaped(monitored, tmp_path):
    _, html = report(tmp_path)
    assert XSS not in html and "&lt;script&gt;" in html


def test_issue_and_since_limit_the_report(monitored, tmp_path):
    page, _ = report(tmp_path, "--issue", "territory_donbas")
    assert {issue for _, issue in page.cells} == {"territory_donbas"}
    assert len(page.pngs()) == 2  # matrix and the one timeline
    assert len(page.alert_rows) == 1
    later, _ = report(tmp_path, "--since", "2026-03-02")
    assert len(later.alert_rows) == 1  # the Donbas shift was published on 1 March
    assert "since 2026-03-02" in later.plain
    result = runner.invoke(app, ["report", "--out", str(tmp_path / "x.html"), "--issue", "moon_landing"])
    assert isinstance(result.exception, ConfigError) and not (tmp_path / "x.html").exists()


def test_empty_database_gives_a_clear_message(home, tmp_path):
    page, _ = report(tmp_path)
    assert "No positions stored yet" in page.plain
    assert "No open alerts" in page.plain
    assert page.images == [] and page.cells == {} and page.alert_rows == []


def test_timeline_points_are_dated_marked_and_use_the_index(monitored):
    statements: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(monitored, "before_cursor_execute", record)
    try:
        with session_scope(monitored) as session:
            points = timeline_points(session, "elections")
            recent = timeline_points(session, "territory_donbas", since=datetime(2026, 3, 1))
    finally:
        event.remove(monitored, "before_cursor_execute", record)
    hungary = [p for p in points if p.actor == "hungary"]
    assert [(p.stance, p.dismissed, p.url) for p in hungary] == [("oppose", True, "https://news.example/wrong")]
    assert [p.published for p in points if p.published] == sorted(p.published for p in points if p.published)
    assert [(p.actor, p.stance) for p in recent] == [("russia", "open")]
    lookups = [(s, p) for s, p in statements if "JOIN articles" in s and "claims.issue" in s]
    assert len(lookups) == 2
    with monitored.connect() as conn:
        for statement, parameters in lookups:
            plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            # a lookup on (actor, issue), not a pass over every claim
            assert "USING INDEX ix_claims_actor_issue (actor=? AND issue=?)" in plan, plan


def test_timeline_png_draws_points_positions_and_edge_cases():
    points = [
        TimelinePoint("russia", "elections", "support", datetime(2026, 1, 1), "https://a", "", "s", False),
        TimelinePoint("russia", "elections", "open", datetime(2026, 2, 1), "https://b", "", "s", True),
        TimelinePoint("ukraine", "elections", "oppose", None, "https://c", "", "s", False),
    ]
    current = [PositionCell("russia", "elections", "support", datetime(2026, 1, 1), "monitor", "https://a", "s", None)]
    one_row = Image.open(io.BytesIO(issue_timeline_png("Elections", points, current, {"russia": "Russia"})))
    assert one_row.size[0] == 1000 and one_row.format == "PNG"
    two_rows = Image.open(io.BytesIO(issue_timeline_png("Elections", points, [
        *current, PositionCell("ukraine", "elections", "oppose", None, "editor", None, None, "note")])))
    assert two_rows.size[1] > one_row.size[1]  # a row for Ukraine's undated position
    assert Image.open(io.BytesIO(issue_timeline_png("Nothing", []))).size[0] == 1000
    undated_only = [PositionCell("usa", "elections", "open", None, "editor", None, None, None)]
    assert Image.open(io.BytesIO(issue_timeline_png("", [], undated_only))).format == "PNG"


def test_importing_the_email_code_does_not_load_matplotlib():
    code_ = "import sys, alerts.render, alerts.plots, alerts.report; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code_], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(("url", "linked"), [("https://a.example/x", True), ("http://a.example", True),
                                             ("javascript:alert(1)", False), ("seed://001.txt", False), ("", False)])
def test_only_web_links_are_linked(url, linked):
    assert (safe_href(url) == url) is linked


def _screenshot_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("screenshot", ROOT / "scripts" / "screenshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screenshot_names_the_missing_browser():
    with pytest.raises(FileNotFoundError, match="no Chromium found"):
        _screenshot_module().find_chromium("no-such-browser-here")


def test_screenshot_of_the_report_at_phone_width(monitored, tmp_path):
    shots = _screenshot_module()
    try:
        shots.find_chromium()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    report(tmp_path)
    png = shots.screenshot(tmp_path / "out" / "report.html", tmp_path / "phone.png", 390, 1200)
    image = Image.open(png)
    assert image.size == (390, 1200) and len(image.convert("RGB").getcolors(maxcolors=1 << 24)) > 50


@pytest.mark.parametrize("days", [0, 1, 30, 900, 2500])
def test_timelines_for_a_page_and_for_a_phone_draw_any_time_span_without_warnings(days):
    import warnings
    from datetime import timedelta

    from alerts.plots import Point, issue_timeline_png

    points = [Point("russia", "oppose", datetime(2025, 11, 20), False),
              Point("russia", "support", datetime(2025, 11, 20) + timedelta(days=days), False)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns when its date ticks do not fit the span
        for options in ({}, {"width_px": 600, "text_scale": 1.6}):
            png = issue_timeline_png("Donbas", points, (), {"russia": "Russia"}, **options)
            assert Image.open(io.BytesIO(png)).size[0] == options.get("width_px", 1000)


def test_the_report_shows_the_severity_the_alerts_were_raised_with(monitored, tmp_path, monkeypatch):
    # ceasefire is "normal" in the lexicon; the settings raise it, as the email does
    monkeypatch.setenv("STANCEWATCH_SEVERITY_OVERRIDES", '{"ceasefire": "high"}')
    page, html = report(tmp_path, "--issue", "ceasefire")
    assert '<h3>Ceasefire along the front <span class="sev high">high</span></h3>' in " ".join(html.split())
