"""All configuration in one typed object, read from ``STANCEWATCH_*`` environment variables."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "stancewatch"


class Settings(BaseSettings):
    """Every setting has a default; secrets are SecretStr and never printed."""

    # an empty variable is unset (compose passes "${X:-}" as an empty string)
    model_config = SettingsConfigDict(env_prefix="STANCEWATCH_", extra="ignore", env_ignore_empty=True)

    home: Path = Field(
        default_factory=_default_home,
        description="Data folder: the SQLite database and the outbox live here unless set otherwise.",
    )
    database_url: SecretStr | None = Field(
        default=None,
        description="SQLAlchemy URL of the database (may hold a password); default: SQLite file in home.",
    )
    feeds_file: Path | None = Field(
        default=None, description="YAML file of watched feeds; default: the shipped flows/feeds.yaml."
    )
    lexicon_dir: Path | None = Field(
        default=None,
        description="An editor's folder of extra lexicon files (actors, issues, cues) loaded after the shipped ones.",
    )
    seeds_dir: Path | None = Field(
        default=None, description="Folder of seed articles for `baseline load`; default: data/seeds."
    )
    smtp_host: str | None = Field(
        default=None, description="Mail server; when unset, alert emails are written to the outbox folder."
    )
    smtp_port: int | None = Field(
        default=None, description="Mail server port; default 465 for ssl, 587 for starttls, 25 otherwise."
    )
    smtp_user: str | None = Field(default=None, description="SMTP login name, if the server wants one.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password (environment only).")
    smtp_tls: Literal["none", "starttls", "ssl"] = Field(
        default="none", description="Transport security for SMTP: none, starttls or ssl."
    )
    smtp_timeout: float = Field(default=30.0, description="Seconds to wait for the mail server.")
    smtp_ca_file: Path | None = Field(
        default=None, description="PEM file of the CA that signed the mail server's certificate (an in-house CA)."
    )
    delivery_retry_minutes: float = Field(
        default=5.0, description="First wait before an undelivered alert email is tried again; it doubles."
    )
    mail_from: str = Field(default="stancewatch@localhost", description="Sender address of alert emails.")
    mail_to: str = Field(
        default="editors@localhost", description="Comma-separated recipients of alert emails."
    )
    outbox: Path | None = Field(
        default=None, description="Folder for .eml files when no SMTP host is set; default: home/outbox."
    )
    allow_private_addresses: bool = Field(
        default=False,
        description="Allow feed and article links to private and loopback addresses (tests, the demo).",
    )
    http_timeout: float = Field(default=20.0, description="Seconds to wait for a feed or page server to answer or send more.")
    http_total_timeout: float = Field(
        default=60.0, description="Seconds one feed or page may take in all, so a trickling body cannot stall a run."
    )
    max_feed_bytes: int = Field(default=10_000_000, description="Largest feed body accepted, in bytes.")
    max_page_bytes: int = Field(default=5_000_000, description="Largest article page accepted, in bytes.")
    max_redirects: int = Field(default=5, description="Redirects followed for one feed or page.")
    user_agent: str = Field(
        default="stancewatch/0.1 (+editorial monitoring)", description="User-Agent of every request."
    )
    fetch_threads: int = Field(default=8, description="Pages fetched at once within one batch.")
    extract_processes: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        description="Worker processes that extract and code pages (default: one per core; 1: in the flow process).",
    )
    host_concurrency: int = Field(default=2, description="Requests at once to one host, per worker.")
    host_interval_seconds: float = Field(
        default=1.0,
        description="Least time between two page requests to one host, shared by all workers (0: no limit).",
    )
    batch_size: int = Field(
        default=50, description="Articles per Prefect task batch (each task run has a fixed cost)."
    )
    work_pool: str = Field(default="stancewatch", description="Prefect work pool that `stancewatch deploy` registers on.")
    feed_groups: int = Field(
        default=1, description="Feed groups the dispatcher starts one monitor run for each; scale with the workers."
    )
    lease_minutes: float = Field(
        default=15.0,
        description="How long a run holds a batch of articles; a crashed run's batch is taken over after this.",
    )
    schedule_minutes: int = Field(
        default=30, description="Interval of the served monitor deployment, in minutes."
    )
    silent_after_hours: float = Field(
        default=48.0, description="A feed with no new entry for this long is reported as silent, once."
    )
    instant_severities: list[Literal["high", "normal", "low"]] = Field(
        default=["high"],
        description='Alert severities emailed at once, one email per alert (JSON list, e.g. ["high"]); the rest go in the digest.',
    )
    senders: list[str] = Field(
        default=["email"], min_length=1,
        description='How alerts go out (JSON list of sender names, e.g. ["email"]): each keeps its own delivery '
        "state per alert. \"email\" is built in; a webhook or chat sender is one class in alerts/senders.py.",
    )
    severity_overrides: dict[str, Literal["high", "normal", "low"]] = Field(
        default_factory=dict,
        description='Severity per issue or actor id, over the lexicon\'s issue severities (JSON, e.g. {"usa": "high"}); '
        "an alert takes the higher of its issue's and its actor's.",
    )
    digest: Literal["run", "daily"] = Field(
        default="run", description="When the digest of the other alerts goes out: after every run, or once a day."
    )
    digest_hour: int = Field(
        default=7, ge=0, le=23, description="With a daily digest: the hour (UTC) from which the day's digest is sent."
    )

    web_base_url: str | None = Field(
        default=None,
        description="Address editors open the web app at (e.g. https://stancewatch.example.org); emails link to "
        "alert pages only when it is set.",
    )
    web_host: str = Field(default="127.0.0.1", description="Address `stancewatch web` listens on.")
    web_port: int = Field(default=8765, description="Port `stancewatch web` listens on.")
    web_workers: int = Field(default=1, description="uvicorn worker processes of `stancewatch web`.")
    web_secret: SecretStr | None = Field(
        default=None,
        description="Key that signs the web app's session cookies and the emails' one-click links (environment "
        "only; at least 32 characters). Without it nobody can sign in and emails carry no action links.",
    )
    web_editors: dict[str, SecretStr] = Field(
        default_factory=dict,
        description='Editors who may sign in: JSON of name → hashed token, e.g. {"anna": "pbkdf2_sha256$..."} '
        "(`stancewatch web token NAME` makes one).",
    )
    web_public_read: bool = Field(
        default=False, description="Let anyone who reaches the web app read its pages without signing in."
    )
    web_link_days: float = Field(default=14.0, description="Days an email's one-click action link stays valid.")
    web_forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Reverse proxies whose X-Forwarded-* headers the web app trusts (comma-separated, or *).",
    )

    @field_validator("web_secret")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("is too short: use at least 32 random characters, e.g. from "
                             "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`")
        return value

    @field_validator("batch_size", "fetch_threads", "schedule_minutes", "max_redirects", "host_concurrency", "feed_groups", "extract_processes", "web_workers")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @field_validator("home")
    @classmethod
    def _home_is_a_folder(cls, value: Path) -> Path:
        if value.exists() and not value.is_dir():
            raise ValueError(f"{value} is a file, not a folder: point it at a folder (it is created if missing)")
        return value

    @field_validator("database_url")
    @classmethod
    def _usable_database(cls, value: SecretStr | None) -> SecretStr | None:
        """Refuse a URL SQLAlchemy cannot use before anything starts (the URL may hold a password:
        the message never repeats it)."""
        if value is None:
            return value
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        hint = "use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DATABASE"
        try:
            url = make_url(value.get_secret_value())
        except ArgumentError:
            raise ValueError(f"is not a database URL: {hint}") from None
        try:
            dialect = url.get_dialect()
        except NoSuchModuleError:
            raise ValueError(f"names an unknown database kind {url.drivername!r}: {hint}") from None
        try:
            dialect.import_dbapi()
        except ImportError as exc:
            raise ValueError(f"needs the Python driver {exc.name or url.drivername!r}, which is not installed: "
                             f"{hint}") from None
        return value

    def lexicon_dirs(self) -> list[Path]:
        """The editor's lexicon folder, if any, to load after the shipped lexicons."""
        return [self.lexicon_dir] if self.lexicon_dir else []

    def db_url(self) -> str:
        """The database URL, defaulting to a SQLite file in home."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{self.home / 'stancewatch.db'}"

    def interval(self) -> timedelta:
        """The monitor's schedule interval."""
        return timedelta(minutes=self.schedule_minutes)

    def silent_after(self) -> timedelta:
        """How long a feed may publish nothing before it is reported as silent."""
        return timedelta(hours=self.silent_after_hours)

    def outbox_dir(self) -> Path:
        """Where .eml files go when no SMTP host is set."""
        return self.outbox or self.home / "outbox"

    def digest_due_since(self, now: datetime) -> datetime:
        """Digest alerts created before this moment are due: now for a per-run digest, else the last
        ``digest_hour`` boundary (alerts from after it wait for the next day's digest)."""
        if self.digest == "run":
            return now
        boundary = now.replace(hour=self.digest_hour, minute=0, second=0, microsecond=0)
        return boundary if boundary <= now else boundary - timedelta(days=1)

    def recipients(self) -> list[str]:
        """The alert recipients as a list."""
        return [a.strip() for a in self.mail_to.split(",") if a.strip()]
