"""Alembic migrations: the same path on SQLite and PostgreSQL, and they match the models."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from storage.db import alembic_config
from storage.models import Base

TABLES = {"feeds", "articles", "claims", "positions", "alerts", "host_slots"}


def test_upgrade_downgrade_upgrade(db_url):
    engine = create_engine(db_url)
    config = alembic_config(engine)
    command.upgrade(config, "head")
    assert TABLES <= set(inspect(engine).get_table_names())
    command.downgrade(config, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    command.upgrade(config, "head")
    assert TABLES <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_migrations_match_the_models(db_url):
    engine = create_engine(db_url)
    command.upgrade(alembic_config(engine), "head")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_0005_gives_stored_alerts_their_first_evidence_and_articles_their_outlet(db_url):
    from sqlalchemy import text

    engine = create_engine(db_url)
    config = alembic_config(engine)
    command.upgrade(config, "head")  # a shared PostgreSQL database may be at head already
    command.downgrade(config, "0004")
    with engine.begin() as c:
        c.execute(text("INSERT INTO articles (id, url, title, summary, status, attempts, created_at) VALUES "
                       "(1, 'https://www.zeit.de/a', '', '', 'coded', 0, '2026-01-01 00:00:00'), "
                       "(2, 'http://127.0.0.1:8080/b', '', '', 'coded', 0, '2026-01-01 00:00:00')"))
        c.execute(text("INSERT INTO claims (id, article_id, actor, issue, stance, modality, sentence, sentence_index, "
                       "confidence, lexicon_fingerprint, dismissed) VALUES "
                       "(1, 1, 'russia', 'elections', 'oppose', 'asserted', 's', 0, 0.9, 'f', false)"))
        c.execute(text("INSERT INTO positions (id, actor, issue, stance, claim_id, count, origin, updated_at) VALUES "
                       "(1, 'russia', 'elections', 'oppose', 1, 1, 'monitor', '2026-01-01 00:00:00')"))
        c.execute(text("INSERT INTO alerts (id, kind, actor, issue, to_stance, severity, claim_id, status, created_at, "
                       "delivery_attempts, delivery_state) VALUES (7, 'new', 'russia', 'elections', 'oppose', 'normal', "
                       "1, 'open', '2026-01-01 00:00:00', 0, 'pending')"))
    command.upgrade(config, "head")
    with engine.connect() as c:
        outlets = dict(c.execute(text("SELECT id, source FROM articles")).all())
        evidence = c.execute(text("SELECT alert_id, claim_id, source, wire_group_id FROM alert_evidence")).all()
        alert = c.execute(text("SELECT channel, evidence_count, sources FROM alerts")).one()
        position_alert = c.execute(text("SELECT alert_id FROM positions")).scalar()
    engine.dispose()
    assert outlets == {1: "zeit.de", 2: "127.0.0.1:8080"}
    assert [tuple(e) for e in evidence] == [(7, 1, "zeit.de", 1)]
    assert tuple(alert) == ("digest", 1, 1) and position_alert == 7


def test_an_sqlite_library_without_returning_is_refused_with_its_version():
    import pytest

    from core.errors import StorageError
    from storage.db import check_sqlite_version

    with pytest.raises(StorageError, match=r"SQLite library is 3\.34\.1; stancewatch needs 3\.35"):
        check_sqlite_version((3, 34, 1))
    check_sqlite_version((3, 35, 0))
    check_sqlite_version()  # this machine's
