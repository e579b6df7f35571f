"""Engine and session: make_engine(url), session_scope(), and the schema upgrade on first use."""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import StorageError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# SQLite waits this long for a lock held by another process before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000
# A PRAGMA takes no bound parameters; the value is our own constant, never input.
_BUSY_TIMEOUT_PRAGMA = "PRAGMA busy_timeout=" + str(SQLITE_BUSY_TIMEOUT_MS)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (see _begin_immediate); the driver must not start transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the CLI) run beside a writing flow; NORMAL is safe with WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(_BUSY_TIMEOUT_PRAGMA)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    # A deferred transaction that reads and then writes fails at once with "database is locked" when
    # another process wrote in between; taking the write lock at BEGIN makes it wait its turn instead.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


# Alembic's migration context is process-global: two threads must not upgrade at once.
_UPGRADE_LOCK = threading.Lock()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the schema brought up to date (cached per URL, thread-safe)."""
    with _UPGRADE_LOCK:
        return _make_engine(url)


# The store writes with INSERT/UPDATE … RETURNING (one statement per batch instead of one per row).
MIN_SQLITE = (3, 35)


def check_sqlite_version(version: tuple[int, ...] = sqlite3.sqlite_version_info) -> None:
    """Refuse an SQLite library too old for RETURNING, with the version found and what to do."""
    if version < MIN_SQLITE:
        found, needed = ".".join(map(str, version)), ".".join(map(str, MIN_SQLITE))
        raise StorageError(f"this Python's SQLite library is {found}; stancewatch needs {needed} or newer "
                           "(use a newer Python build, or PostgreSQL via STANCEWATCH_DATABASE_URL)")


@functools.lru_cache(maxsize=8)
def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        check_sqlite_version()
        if parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=True)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
    try:
        upgrade(engine)
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot prepare database {parsed.render_as_string()}: {exc}") from exc
    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic's config pointing at storage/migrations (and at ``engine`` when given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration not applied yet (the first-use path and `db upgrade`)."""
    command.upgrade(alembic_config(engine), "head")


def has_schema(engine: Engine) -> bool:
    """Whether the database already has stancewatch's tables."""
    return inspect(engine).has_table("articles")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    session = sessionmaker(engine, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def open_store(url: str) -> Iterator[Session]:
    """One transaction on the store at ``url`` (its schema migrated on first use): how the command
    line and the scripts reach the store, so they hold no engine or session code of their own."""
    with session_scope(make_engine(url)) as session:
        yield session


def shown_url(url: str) -> str:
    """The database URL as it may be shown: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


def inspect_store(url: str) -> tuple[list[str], str | None]:
    """What is damaged in the store at ``url`` (``check_database``) and, when nothing is, how far its
    schema is behind (``schema_behind``). A plain engine: stancewatch's own would migrate first."""
    engine = create_engine(url)
    try:
        damage = check_database(engine)
        return damage, None if damage else schema_behind(engine)  # a damaged file's schema is not the question
    finally:
        engine.dispose()


def store_damaged(url: str) -> bool:
    """After an unexpected error: does the database check find damage? (Never raises.)"""
    try:
        return bool(inspect_store(url)[0])
    except Exception:  # noqa: BLE001 (the caller's original error is the one to show)
        return False


def unreadable(exc: BaseException) -> str | None:
    """Why the database could not be read, when ``exc`` is the database's error (damaged, locked,
    gone), else None: such an error is the database's to report, not a bug."""
    if isinstance(exc, DatabaseError):
        return " ".join(str(exc.orig).split())[:300]
    return None


# (child table, its key, the parent table): the rows an alert, claim or evidence needs to be shown
_PARENTS = (("claims", "article_id", "articles"), ("alerts", "claim_id", "claims"),
            ("alerts", "previous_claim_id", "claims"), ("alert_evidence", "alert_id", "alerts"),
            ("alert_evidence", "claim_id", "claims"), ("positions", "claim_id", "claims"))


def check_database(engine: Engine) -> list[str]:
    """What is damaged in the database, one line each ([] when nothing is): SQLite's own integrity and
    foreign-key checks, or on PostgreSQL a full read of every table (a damaged page fails to read) and
    amcheck's index check where that extension is installed; then rows whose parent row is missing
    (what a damaged page leaves behind). A schema behind the newest migration is no damage
    (``schema_behind``)."""
    problems: list[str] = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            try:
                problems += [f"integrity: {row[0]}" for row in conn.exec_driver_sql("PRAGMA integrity_check")
                             if row[0] != "ok"]
                problems += [f"foreign key: row {row[1]} of {row[0]} points to a missing row of {row[2]}"
                             for row in conn.exec_driver_sql("PRAGMA foreign_key_check")]
            except SQLAlchemyError as exc:  # the damage reaches the file's header or its schema
                return [f"the file cannot be read as a database: {' '.join(str(getattr(exc, 'orig', exc)).split())}"]
        else:
            for table in inspect(conn).get_table_names():
                try:
                    conn.exec_driver_sql(f'SELECT count(*) FROM "{table}" WHERE ("{table}".*)::text IS NOT NULL')
                except Exception as exc:  # noqa: BLE001 (a damaged table is what is looked for)
                    problems.append(f"table {table} cannot be read: {' '.join(str(exc).split())[:200]}")
                    conn.rollback()
            if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").first():
                for (index,) in conn.exec_driver_sql(
                        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                        "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE a.amname = 'btree' AND n.nspname = current_schema()"):
                    try:
                        conn.exec_driver_sql(f"SELECT bt_index_check('\"{index}\"'::regclass)")
                    except Exception as exc:  # noqa: BLE001
                        problems.append(f"index {index}: {' '.join(str(exc).split())[:200]}")
                        conn.rollback()
        if not problems and has_schema(engine):
            for child, key, parent in _PARENTS:
                missing = conn.exec_driver_sql(
                    f"SELECT count(*) FROM {child} WHERE {key} IS NOT NULL AND {key} NOT IN (SELECT id FROM {parent})").scalar()
                if missing:
                    problems.append(f"{missing} row(s) of {child} point to a missing row of {parent} ({key})")
    return problems


def schema_behind(engine: Engine) -> str | None:
    """The schema's migration and the newest one when they differ (what to run then), else None."""
    if not has_schema(engine):
        return None
    with engine.connect() as conn:
        current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    return None if current == head else f"schema at migration {current}, the newest is {head}: run `stancewatch db upgrade`"
