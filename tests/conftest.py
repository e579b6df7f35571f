"""Shared fixtures: real servers on loopback (HTTP site, SMTP), settings in a temp home, databases."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "eval"  # the quality gate's floors and the labelled seed set
SEEDS = ROOT / "data" / "seeds"
# the project's own articles (written for the demo): what tests serve as a news site
DEMO = ROOT / "data" / "demo"
DEMO_ARTICLES = sorted(DEMO.glob("*.txt"))
# every article file the project wrote itself: the demo's and the seeds
OWN_ARTICLES = DEMO_ARTICLES + sorted(SEEDS.glob("*.txt"))
# the shared labelled dev set lives beside the repository, never in it (third-party excerpts)
SHARED_DEV = ROOT.parent / "shared" / "eval" / "dev"
POSTGRES_ENV = "STANCEWATCH_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "STANCEWATCH_REQUIRE_POSTGRES"


def shared_dev() -> Path:
    """The shared dev set (``../shared/eval/dev``), or skip the test when this checkout has none."""
    if not (SHARED_DEV / "gold.jsonl").is_file():
        pytest.skip(f"the shared dev set is not there ({SHARED_DEV}): it lives beside the repository, "
                    "not in it")
    return SHARED_DEV


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh STANCEWATCH_HOME with loopback fetching allowed and no SMTP configured."""
    for key in list(os.environ):
        if key.startswith("STANCEWATCH_") and key not in (POSTGRES_ENV, REQUIRE_POSTGRES_ENV, "STANCEWATCH_FAULT_REPORT"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("STANCEWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STANCEWATCH_ALLOW_PRIVATE_ADDRESSES", "1")
    monkeypatch.setenv("STANCEWATCH_HOST_INTERVAL_SECONDS", "0")  # local test servers need no politeness
    # one digest email per run, as most tests count emails; tests/test_delivery.py sets instant delivery
    monkeypatch.setenv("STANCEWATCH_INSTANT_SEVERITIES", "[]")
    return tmp_path / "home"


@pytest.fixture
def feed_site() -> Iterator[object]:
    """The demo articles served as a news site on 127.0.0.1 (RSS, Atom, pages, ETag/304)."""
    from stancewatch.demosite import serve_site

    with serve_site(DEMO) as site:
        yield site


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))  # type: ignore[attr-defined]
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server() -> Iterator[tuple[object, _Inbox]]:
    """A real aiosmtpd server on 127.0.0.1; yields (controller, inbox)."""
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """Prefect's test harness: a temporary API and database for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this session, or a skip when no server is configured."""
    base = os.environ.get(POSTGRES_ENV)
    required = os.environ.get(REQUIRE_POSTGRES_ENV) == "1"
    if not base:
        if required:
            pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {POSTGRES_ENV} is not set")
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV}=postgresql+psycopg://user@host:port/db")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"stancewatch_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if required:
            raise
        pytest.skip(f"PostgreSQL at {make_url(base).render_as_string()} is not reachable: {exc}")
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    from storage.db import _make_engine

    _make_engine.cache_clear()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The storage suite runs on SQLite and, where configured, on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url: str = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return url


def empty_postgres(url: str) -> None:
    """Empty the shared PostgreSQL database's tables and restart their ids: a test that inserted rows
    with explicit ids (the migration tests) would otherwise leave the id sequences behind them."""
    from sqlalchemy import text

    from storage.db import make_engine

    with make_engine(url).begin() as conn:
        conn.execute(text("TRUNCATE alerts, positions, claims, articles, feeds RESTART IDENTITY CASCADE"))


class FaultLedger:
    """What the fault-injection tests tried and what survived, for scripts/fault_report.py."""

    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []

    def record(self, fault: str, survived: bool, lost: int = 0, duplicate_emails: int = 0) -> None:
        self.rows.append({"fault": fault, "survived": survived, "lost": lost, "duplicate_emails": duplicate_emails})


@pytest.fixture(scope="session")
def ledger() -> Iterator[FaultLedger]:
    """Collects fault outcomes; written as JSON to $STANCEWATCH_FAULT_REPORT when set."""
    book = FaultLedger()
    yield book
    target = os.environ.get("STANCEWATCH_FAULT_REPORT")
    if target:
        import json

        Path(target).write_text(json.dumps(book.rows, indent=2), encoding="utf-8")
