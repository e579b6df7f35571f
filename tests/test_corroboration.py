"""Editor workflow through the real monitor flow: wire copies, corroboration, no repeats, delivery
channels, daily digest and article versions (real HTTP sites, real SMTP server, real Prefect)."""

import json
from contextlib import ExitStack
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from flows.baseline import load_baseline
from flows.monitor import monitor
from flows.delivery import send_alerts
from parsers.lexicon import load_lexicon
from stancewatch.cli import app
from stancewatch.demosite import build_site, serve_site
from core.settings import Settings
from storage.db import make_engine, session_scope
from storage.models import Alert, AlertEvidence, Article, ArticleVersion, ClaimRecord, Delivery
from storage.rows import utcnow
from tests.conftest import SEEDS

pytestmark = pytest.mark.usefixtures("prefect_harness")

SHIFT = (
    "Die Ukraine ist nach Angaben aus Regierungskreisen erstmals bereit, über einen Verzicht auf den Donbass "
    "zu verhandeln. Präsident Selenskyj sagte am Montag, die Ukraine sei offen für Gespräche über die Gebiete "
    "im Donbass, wenn es Sicherheitsgarantien gebe."
)
FILLER = (
    "Die Gespräche sollen in der kommenden Woche in Genf fortgesetzt werden. Beobachter sprachen von einer "
    "Wende in den Verhandlungen, die seit Monaten festgefahren sind. In Moskau gab es zunächst keine Reaktion "
    "auf die Äußerungen aus Kiew. Die Delegationen wollen sich zunächst auf technische Fragen konzentrieren."
)
# the same move, reported independently, in other words
OTHER_REPORT = (
    "Wie ein Berater des Präsidenten bestätigte, ist die Ukraine bereit, über einen Verzicht auf den Donbass "
    "zu verhandeln. Das Umdenken in Kiew kommt nach Wochen schwerer Kämpfe im Osten des Landes. Europäische "
    "Diplomaten reagierten zurückhaltend und verwiesen auf die laufenden Konsultationen in Brüssel."
)


def article(title: str, body: str, day: str = "2026-03-02") -> str:
    return f"url: https://example.org/{title}\ndate: {day}\nlang: de\ntitle: {title}\n\n{body}\n"


def write(folder, stem: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{stem}.txt").write_text(text, encoding="utf-8")


@pytest.fixture
def desk(tmp_path, home, smtp_server, monkeypatch):
    """Baseline loaded, SMTP configured; yields a function serving a folder as a site of its own (an outlet)."""
    controller, inbox = smtp_server
    monkeypatch.setenv("STANCEWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("STANCEWATCH_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(tmp_path / "feeds.yaml"))
    (tmp_path / "feeds.yaml").write_text("feeds: []\n")
    load_baseline(SEEDS, load_lexicon(), Settings())
    with ExitStack() as stack:

        def outlet(name: str, stems: dict[str, str]):
            folder = tmp_path / name
            for stem, text in stems.items():
                write(folder, stem, text)
            return stack.enter_context(serve_site(folder))

        yield outlet, inbox


def donbas_alerts(settings: Settings) -> list[Alert]:
    with session_scope(make_engine(settings.db_url())) as session:
        return list(session.scalars(select(Alert).where(Alert.actor == "ukraine", Alert.issue == "territory_donbas")))


def subjects(inbox) -> list[str]:
    return [message_from_bytes(m[2], policy=policy.default)["Subject"] for m in inbox.messages]


def test_wire_copies_are_one_source_and_an_independent_report_confirms_without_a_second_alert(desk):
    outlet, inbox = desk
    agency = outlet("agency", {"story": article("dpa-story", f"Kiew (dpa) - {SHIFT}\n\n{FILLER}")})
    # the same agency story in another paper: its own intro and outro, the same body
    paper = outlet("paper", {"copy": article("copy", f"KIEW. {SHIFT}\n\n{FILLER}\n\nMehr zum Thema lesen Sie auf Seite 3.")})
    other = outlet("other", {"report": article("report", OTHER_REPORT, "2026-03-03")})
    settings = Settings()

    monitor(url=f"{agency.base}/articles/story.html")
    [alert] = donbas_alerts(settings)
    assert alert.to_stance != "oppose" and (alert.sources, alert.evidence_count) == (1, 1)
    assert alert.corroboration == "unconfirmed"
    emailed = len(inbox.messages)
    assert emailed == 1 and "Ukraine" in subjects(inbox)[0]

    monitor(url=f"{paper.base}/articles/copy.html")
    [alert] = donbas_alerts(settings)  # no second alert for the same move
    assert (alert.sources, alert.evidence_count) == (1, 2)  # a wire copy: one more report, not one more source
    with session_scope(make_engine(settings.db_url())) as session:
        story, copy = (session.scalar(select(Article).where(Article.url.like(f"%/{s}.html"))) for s in ("story", "copy"))
        assert copy.wire_group_id == story.wire_group_id == story.id and copy.source != story.source

    monitor(url=f"{other.base}/articles/report.html")
    [alert] = donbas_alerts(settings)
    assert (alert.sources, alert.evidence_count) == (2, 3) and alert.corroboration == "confirmed"
    assert len(inbox.messages) == emailed  # further evidence is not a new alert, so no new email

    runner = CliRunner()
    listed = json.loads(runner.invoke(app, ["alerts", "list", "--actor", "ukraine", "--format", "json"]).stdout)
    row = next(r for r in listed if r["id"] == alert.id)
    assert (row["corroboration"], row["sources"], row["reports"]) == ("confirmed", 2, 3)
    shown = runner.invoke(app, ["alerts", "show", str(alert.id)])
    assert shown.exit_code == 0 and "confirmed: 2 independent source(s), 3 report(s)" in shown.stdout
    assert "report 3" in shown.stdout and other.base.split("//")[1] in shown.stdout


def test_a_dismissed_alert_takes_no_more_evidence_and_its_claim_is_not_counted_again(desk):
    outlet, _inbox = desk
    agency = outlet("agency", {"story": article("dpa-story", f"{SHIFT}\n\n{FILLER}")})
    other = outlet("other", {"report": article("report", OTHER_REPORT, "2026-03-03")})
    settings = Settings()
    monitor(url=f"{agency.base}/articles/story.html")
    [alert] = donbas_alerts(settings)
    assert CliRunner().invoke(app, ["alerts", "dismiss", str(alert.id)]).exit_code == 0
    monitor(url=f"{other.base}/articles/report.html")
    alerts = donbas_alerts(settings)
    dismissed = next(a for a in alerts if a.id == alert.id)
    assert dismissed.status == "dismissed" and dismissed.evidence_count == 1
    assert len(alerts) == 2  # the independent report is a fresh alert for the editor to judge


def test_high_severity_goes_out_at_once_and_the_rest_in_one_digest(desk, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_INSTANT_SEVERITIES", '["high"]')
    monkeypatch.setenv("STANCEWATCH_SEVERITY_OVERRIDES", '{"territory_donbas": "high", "security_guarantees": "normal"}')
    outlet, inbox = desk
    site = outlet("agency", {"story": article("dpa-story", f"{SHIFT}\n\n{FILLER}")})
    monitor(url=f"{site.base}/articles/story.html")
    with session_scope(make_engine(Settings().db_url())) as session:
        alerts = list(session.scalars(select(Alert)))
        delivered = [a.delivery("email").delivered_at for a in alerts]
    high = [a for a in alerts if a.severity == "high"]
    rest = [a for a in alerts if a.severity != "high"]
    assert high and rest and all(a.channel == "instant" for a in high) and all(a.channel == "digest" for a in rest)
    assert all(when is not None for when in delivered)
    titles = subjects(inbox)
    assert len(titles) == len(high) + 1  # one email per high alert, one digest for the rest
    lexicon = load_lexicon()
    for a in high:
        move = f"{lexicon.actors[a.actor].label} · {lexicon.issues[a.issue].label}: {a.from_stance} → {a.to_stance}"
        assert f"stancewatch [high]: {move} (unconfirmed)" in titles
    instant = message_from_bytes(next(m[2] for m in inbox.messages if b"[high]" in m[2].split(b"\r\n\r\n")[0]),
                                 policy=policy.default)
    text = instant.get_body(("plain",)).get_content()
    html = instant.get_body(("html",)).get_content()
    a = high[0]
    for body in (text, html):
        assert f"stancewatch alerts confirm {a.id}" in body and f"stancewatch alerts dismiss {a.id}" in body
        assert "Donbass" in body and site.base.split("//")[1] in body  # the new claim's sentence and its outlet
        assert a.from_stance in body and "2026-03-02" in body  # stored stance beside the new claim's date
    assert "STORED: oppose" in text and "NEW:    " in text and "RECENT HISTORY" in text
    digest = [t for t in titles if t.startswith("stancewatch digest")]
    assert len(digest) == 1 and f"{len(rest)} alert" in digest[0]
    message = message_from_bytes(next(m[2] for m in inbox.messages if b"digest" in m[2].split(b"\r\n\r\n")[0]),
                                 policy=policy.default)
    pictures = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert pictures and all(p.get_content().startswith(b"\x89PNG") for p in pictures)  # the issue's timeline


def test_daily_digest_waits_for_its_hour_and_then_sends_what_came_before(desk, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_DIGEST", "daily")
    monkeypatch.setenv("STANCEWATCH_DIGEST_HOUR", str(utcnow().hour))
    outlet, inbox = desk
    site = outlet("agency", {"story": article("dpa-story", f"{SHIFT}\n\n{FILLER}")})
    monitor(url=f"{site.base}/articles/story.html")
    settings = Settings()
    assert donbas_alerts(settings) and inbox.messages == []  # created after today's digest hour: tomorrow's digest
    with session_scope(make_engine(settings.db_url())) as session:  # a day later
        session.execute(update(Alert).values(created_at=utcnow() - timedelta(days=1)))
    outcome = send_alerts(load_lexicon(), settings)
    with session_scope(make_engine(settings.db_url())) as session:
        unsent = session.scalars(select(Delivery).where(Delivery.delivered_at.is_(None))).all()
    assert outcome.emails == 1 and outcome.alerts >= 1 and unsent == []
    assert len(inbox.messages) == 1 and subjects(inbox)[0].startswith("stancewatch digest")


def test_an_article_fetched_again_with_changed_text_is_a_new_version_and_only_new_claims_are_diffed(desk, tmp_path):
    outlet, _inbox = desk
    site = outlet("agency", {"story": article("dpa-story", f"{FILLER}\n\n{SHIFT}")})
    url = f"{site.base}/articles/story.html"
    settings = Settings()
    monitor(url=url)
    before = donbas_alerts(settings)
    assert len(before) == 1

    first = monitor(url=url)  # the same text again: nothing new
    assert first.articles.unchanged == 1 and first.articles.versions == 0

    addition = "Russland lehnt eine Waffenruhe im Energiesektor inzwischen ab, sagte Kremlsprecher Peskow."
    write(tmp_path / "agency", "story", article("dpa-story", f"{FILLER}\n\n{SHIFT}\n\n{addition}"))
    site.routes.update(build_site(tmp_path / "agency", site.base))
    second = monitor(url=url)
    assert second.articles.versions == 1
    with session_scope(make_engine(settings.db_url())) as session:
        stored = session.scalar(select(Article).where(Article.url == url))
        versions = list(session.scalars(select(ArticleVersion).where(ArticleVersion.article_id == stored.id)))
        claims = list(session.scalars(select(ClaimRecord).where(ClaimRecord.article_id == stored.id)))
        evidence = session.scalars(select(AlertEvidence).where(AlertEvidence.alert_id == before[0].id)).all()
        new_alerts = list(session.scalars(select(Alert).where(Alert.claim_id.in_([c.id for c in claims if c.version == 2]))))
    assert stored.version == 2 and addition in stored.text
    assert [v.version for v in versions] == [1] and addition not in versions[0].text
    assert {c.version for c in claims} == {1, 2}
    assert all(c.actor == "russia" for c in claims if c.version == 2)  # only the added sentence's claims are new
    assert len(donbas_alerts(settings)) == 1 and len(evidence) == 1  # the unchanged claim is not diffed again
    assert all(a.actor == "russia" for a in new_alerts)


def test_a_retitled_feed_entry_is_fetched_again_and_its_edit_stored_as_a_version(desk, tmp_path, monkeypatch):
    outlet, _inbox = desk
    site = outlet("agency", {"story": article("Kiew verhandelt", f"{FILLER}\n\n{SHIFT}")})
    (tmp_path / "feeds.yaml").write_text(
        f"feeds:\n  - {{name: agency, url: '{site.base}/feeds/de.xml', lang: de, relevance_filter: false}}\n")
    settings = Settings()
    assert monitor().articles.coded == 1
    assert monitor().articles.leased == 0  # nothing new, nothing fetched again

    addition = "Russland lehnt eine Waffenruhe im Energiesektor inzwischen ab, sagte Kremlsprecher Peskow."
    write(tmp_path / "agency", "story", article("Kiew verhandelt – Moskau lehnt ab", f"{FILLER}\n\n{SHIFT}\n\n{addition}"))
    site.routes.update(build_site(tmp_path / "agency", site.base))
    summary = monitor()
    assert (summary.articles.versions, sum(f.new_entries for f in summary.feeds)) == (1, 0)
    with session_scope(make_engine(settings.db_url())) as session:
        stored = session.scalars(select(Article)).all()
    assert len([a for a in stored if a.feed_id]) == 1
    story = next(a for a in stored if a.feed_id)
    assert story.version == 2 and story.title == "Kiew verhandelt – Moskau lehnt ab" and addition in story.text
    assert monitor().articles.leased == 0  # the new title is the stored one: no endless re-fetching
