"""A damaged database is named in one line with what to do, never a traceback (issue 18)."""

import os
import sqlite3
import subprocess
import sys
from datetime import datetime

import pytest
from sqlalchemy import create_engine

from flows.baseline import load_baseline
from parsers.lexicon import load_lexicon
from core.settings import Settings
from storage.db import check_database, make_engine
from tests.conftest import ROOT, SEEDS, empty_postgres
from tests.test_positions import claim, code


def cli(*args):
    return subprocess.run([sys.executable, "-m", "stancewatch", *args], cwd=ROOT, env=dict(os.environ),
                          capture_output=True, text=True, timeout=120)


def filled(home):
    load_baseline(SEEDS, load_lexicon(), Settings())
    engine = make_engine(Settings().db_url())
    for i in range(30):
        code(engine, f"https://a.example/{i}", datetime(2026, 1, 1 + i % 28), [claim("russia", f"issue_{i}", "support")])
    path = home / "stancewatch.db"
    with sqlite3.connect(path) as conn:  # everything into the main file, as after the last run
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def test_a_sound_database_checks_ok(home):
    filled(home)
    done = cli("db", "check")
    assert done.returncode == 0 and "database ok" in done.stdout, done.stderr


@pytest.mark.parametrize("damage", ["data pages", "header"])
def test_a_damaged_sqlite_file_is_named_with_what_to_do(home, damage, ledger):
    path = filled(home)
    data = bytearray(path.read_bytes())
    if damage == "header":
        data[0:100] = b"\xff" * 100
    else:  # every other page after the schema's, overwritten in its middle
        for page in range(2, len(data) // 4096, 2):
            data[page * 4096 + 1000:page * 4096 + 3000] = os.urandom(2000)
    path.write_bytes(bytes(data))
    assert check_database(create_engine(f"sqlite:///{path}"))
    checked = cli("db", "check")
    assert checked.returncode == 1 and "restore the last backup" in checked.stderr, checked
    for command in (["alerts", "list"], ["positions"]):
        done = cli(*command)
        assert "Traceback" not in done.stderr and done.returncode != 0, (command, done.stderr[-2000:])
        assert "stancewatch db check" in done.stderr or "database" in done.stderr, done.stderr
    ledger.record(f"database: damaged SQLite {damage}", True)


def test_rows_left_without_their_parent_are_named(home):
    path = filled(home)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.exec_driver_sql("DELETE FROM articles WHERE id = (SELECT article_id FROM claims ORDER BY id DESC LIMIT 1)")
    problems = check_database(engine)
    assert any("claims" in p and "articles" in p for p in problems), problems
    for command in (["alerts", "list"], ["positions"], ["alerts", "show", "30"]):
        done = cli(*command)
        assert "Traceback" not in done.stderr, (command, done.stderr[-2000:])


def test_a_sound_postgresql_database_checks_ok_and_a_missing_parent_is_named(postgres_url, home, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_DATABASE_URL", postgres_url)
    empty_postgres(postgres_url)
    engine = make_engine(postgres_url)
    code(engine, "https://a.example/pg", datetime(2026, 1, 2), [claim("russia", "issue_pg", "support")])
    assert check_database(create_engine(postgres_url)) == []
    done = cli("db", "check")
    assert done.returncode == 0 and "database ok" in done.stdout and "postgres" in done.stdout, done.stderr
    with create_engine(postgres_url).begin() as conn:  # a row whose parent is gone, as damage leaves it
        conn.exec_driver_sql("SET session_replication_role = replica")  # foreign keys not enforced here
        conn.exec_driver_sql("UPDATE alerts SET claim_id = claim_id + 1000")
    try:
        assert any("alerts" in p and "claims" in p for p in check_database(create_engine(postgres_url)))
    finally:
        empty_postgres(postgres_url)


def test_a_schema_behind_the_newest_migration_is_named_with_its_command_not_as_damage(home):
    path = filled(home)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0007'")
    done = cli("db", "check")
    assert done.returncode == 1 and "stancewatch db upgrade" in done.stderr and "damaged" not in done.stderr, done.stderr
