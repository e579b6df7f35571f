"""The position store and the diff, on SQLite and (where configured) PostgreSQL."""

from datetime import datetime, timedelta

from sqlalchemy import func, select

from alerts.diff import StoredPosition, diff_claim
from alerts.policy import AlertPolicy
from parsers.types import Claim
from storage.articles import add_url
from storage.db import make_engine, session_scope
from storage.models import Alert, ClaimRecord, Position
from storage.positions import PairStore, apply_claims, current_positions, record_claims
from storage.review import position_history
from storage.rows import utcnow

POLICY = AlertPolicy({"territory_donbas": "high"})


def claim(actor, issue, stance, modality="asserted", confidence=0.8):
    return Claim(actor, issue, stance, modality, f"{actor} {stance} {issue}.", confidence)


def code(engine, url, published, claims, raise_alerts=True):
    with session_scope(engine) as session:
        article = add_url(session, url)
        article.published = published
        records = record_claims(session, article, claims, "fp1")
        return apply_claims(session, article, records, POLICY, raise_alerts=raise_alerts)


def test_diff_classifies_new_shift_reaffirm_and_older():
    old = StoredPosition("oppose", datetime(2026, 1, 10))
    assert diff_claim(None, "support", None).kind == "new"
    assert diff_claim(old, "oppose", datetime(2026, 1, 11)).kind == "reaffirm"
    assert diff_claim(old, "open", datetime(2026, 1, 11)).kind == "shift"
    assert diff_claim(old, "open", datetime(2026, 1, 9)).kind == "older"
    assert diff_claim(old, "oppose", datetime(2026, 1, 9)).kind == "reaffirm"
    # whoever set the position: a seed's or an editor's is not overturned by an older report either
    for origin in ("baseline", "editor"):
        stored = StoredPosition("oppose", datetime(2026, 1, 10), origin=origin)
        assert diff_claim(stored, "open", datetime(2026, 1, 9)).kind == "older"
    assert diff_claim(old, "open", None).kind == "shift"  # an undated report cannot be placed: news


def test_shift_alert_carries_from_to_and_both_claims(db_url):
    engine = make_engine(db_url)
    code(engine, "https://a.example/1", datetime(2026, 1, 1), [claim("russia", "territory_donbas", "support")], raise_alerts=False)
    summary = code(engine, "https://a.example/2", datetime(2026, 1, 5), [claim("russia", "territory_donbas", "open")])
    assert (summary.shifts, summary.new) == (1, 0)
    with session_scope(engine) as session:
        (alert,) = session.scalars(select(Alert)).all()
        assert (alert.kind, alert.from_stance, alert.to_stance, alert.severity) == ("shift", "support", "open", "high")
        assert alert.previous_claim.article.url == "https://a.example/1"
        assert alert.claim.article.url == "https://a.example/2"
        (position,) = current_positions(session)
        assert position.stance == "open" and position.since == datetime(2026, 1, 5)


def test_reaffirmation_counts_and_raises_nothing(db_url):
    engine = make_engine(db_url)
    code(engine, "https://a.example/1", datetime(2026, 1, 1), [claim("usa", "elections", "support")], raise_alerts=False)
    code(engine, "https://a.example/2", datetime(2026, 1, 2), [claim("usa", "elections", "support")])
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(Alert.id))) == 0
        (position,) = current_positions(session)
        assert position.count == 2 and position.last_seen == datetime(2026, 1, 2)


def test_hypothetical_claims_are_stored_but_never_move_a_position(db_url):
    engine = make_engine(db_url)
    code(engine, "https://a.example/1", datetime(2026, 1, 1), [claim("russia", "ceasefire", "support", "hypothetical")])
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(ClaimRecord.id))) == 1
        assert session.scalar(select(func.count(Position.id))) == 0


def test_an_older_article_does_not_overturn_a_newer_position(db_url):
    engine = make_engine(db_url)
    code(engine, "https://a.example/new", datetime(2026, 1, 10), [claim("ukraine", "elections", "open")])
    summary = code(engine, "https://a.example/old", datetime(2025, 12, 1), [claim("ukraine", "elections", "oppose")])
    assert (summary.shifts, summary.older) == (0, 1)
    code(engine, "https://b.example/old", datetime(2025, 12, 2), [claim("ukraine", "elections", "oppose")])
    with session_scope(engine) as session:
        (position,) = current_positions(session)
        assert (position.stance, position.since) == ("open", datetime(2026, 1, 10))
        assert [e.stance for e in position_history(session, "ukraine", "elections")] == ["oppose", "oppose", "open"]
        alerts = session.scalars(select(Alert).order_by(Alert.id)).all()
        assert [a.kind for a in alerts] == ["new", "older"]  # both older reports gather in one alert
        older = alerts[1]
        assert (older.from_stance, older.to_stance, older.evidence_count) == ("open", "oppose", 2)
        assert older.previous_claim.article.url == "https://a.example/new"  # the newer claim it contradicts
    # a newer report of the same stance is a real shift: its own alert, and the position moves
    summary = code(engine, "https://a.example/later", datetime(2026, 1, 20), [claim("ukraine", "elections", "oppose")])
    assert summary.shifts == 1
    with session_scope(engine) as session:
        assert [p.stance for p in current_positions(session)] == ["oppose"]
        assert [a.kind for a in session.scalars(select(Alert).order_by(Alert.id))] == ["new", "older", "shift"]


def test_recording_the_same_claims_twice_stores_them_once(db_url):
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        article = add_url(session, "https://a.example/1")
        record_claims(session, article, [claim("nato", "nato_membership", "support")], "fp1")
        record_claims(session, article, [claim("nato", "nato_membership", "support")], "fp1")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(ClaimRecord.id))) == 1
        assert utcnow() >= session.scalars(select(ClaimRecord)).one().article.created_at


def test_a_batch_reads_only_its_own_outlets_of_a_much_reported_alert(db_url):
    """An alert that stands for months gathers a report from every outlet; whether a new report is
    an independent source is answered from the rows of the outlets and wire groups asked about."""
    engine = make_engine(db_url)
    code(engine, "https://a.example/0", datetime(2026, 1, 1), [claim("russia", "territory_donbas", "support")], raise_alerts=False)
    for n in range(1, 31):
        with session_scope(engine) as session:
            article = add_url(session, f"https://o{n}.example/report")
            article.published, article.source = datetime(2026, 1, 2) + timedelta(hours=n), f"o{n}.example"
            apply_claims(session, article, record_claims(session, article, [claim("russia", "territory_donbas", "open")], "fp1"), POLICY)
    with session_scope(engine) as session:
        pairs = PairStore(session, [("russia", "territory_donbas")])
        position = pairs.get("russia", "territory_donbas")
        assert position is not None
        alert = pairs.latest_alert(position)
        assert alert is not None and (alert.evidence_count, alert.sources) == (30, 30)
        assert pairs.first_report(alert, "o7.example", 10_000) is False  # that outlet reported it before
        assert pairs.first_report(alert, "new.example", 10_001) is True
        assert pairs.first_report(alert, "other.example", 10_001) is False  # the wire group just counted
        assert pairs.first_report(alert, "o9.example", 10_002) is False
        assert pairs.reported_by[alert][0] == {"o7.example", "new.example", "other.example", "o9.example"}
