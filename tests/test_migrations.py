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
