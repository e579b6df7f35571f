"""SQLAlchemy 2 models: feeds, articles, claims, positions, alerts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from alerts.types import corroboration_of

# An alert's review states: new, read, judged right, judged wrong.
ALERT_STATUSES = ("open", "acked", "confirmed", "dismissed")
DELIVERY_STATES = ("pending", "sending", "handing", "sent", "uncertain")


class Base(DeclarativeBase):
    pass


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class: rows inserted into it skip the ORM's per-row bookkeeping,
    for rows nothing reads back as objects."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


class Feed(Base):
    """A watched feed and what we remember of its last fetch."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    lang: Mapped[str | None] = mapped_column(String(8))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_fetched_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)  # backing off until then
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_new_entry_at: Mapped[datetime | None] = mapped_column(DateTime)
    silent_reported_at: Mapped[datetime | None] = mapped_column(DateTime)
    # what the last body read was (with the lexicon and filter it was read with): the same again is
    # not parsed again, which spares a large feed's seconds of CPU on every run
    body_hash: Mapped[str | None] = mapped_column(String(64))


class Article(Base):
    """One article: a feed entry, a page, or a seed file. ``status`` tracks it through the stages."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_status", "status"),
        Index("ix_articles_text_hash", "text_hash"),
        Index("ix_articles_entry_key", "entry_key"),
        Index("ix_articles_published", "published"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    # GUID/link of the feed entry, so an entry seen under another URL is not fetched again
    entry_key: Mapped[str | None] = mapped_column(String(2000))
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id"))
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[datetime | None] = mapped_column(DateTime)
    lang: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str | None] = mapped_column(Text)
    text_source: Mapped[str | None] = mapped_column(String(20))  # page | feed-summary | file
    text_hash: Mapped[str | None] = mapped_column(String(64))
    # pending → coded | failed | duplicate
    status: Mapped[str] = mapped_column(String(20), default="pending")
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    # a pending article is worked on by one run at a time: the run that holds an unexpired lease
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
    lexicon_fingerprint: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    coded_at: Mapped[datetime | None] = mapped_column(DateTime)
    # the outlet (host without www.) and the wire-copy group: near-duplicate texts share the id of
    # the group's first article, and count as one source however many outlets print them
    source: Mapped[str | None] = mapped_column(String(255))
    wire_group_id: Mapped[int | None] = mapped_column(Integer)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    feed: Mapped[Feed | None] = relationship()
    claims: Mapped[list[ClaimRecord]] = relationship(back_populates="article")


class ArticleVersion(Base):
    """An earlier text of an article that was fetched again with changed text."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version", name="uq_article_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    coded_at: Mapped[datetime | None] = mapped_column(DateTime)
    replaced_at: Mapped[datetime] = mapped_column(DateTime)


class MinhashBand(Base):
    """One LSH band of an article's MinHash: articles sharing a band are near-duplicate candidates."""

    __tablename__ = "minhash_bands"
    __table_args__ = (Index("ix_minhash_bands_key", "band_key"), Index("ix_minhash_bands_article", "article_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    band_key: Mapped[int] = mapped_column(BigInteger)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))


class ClaimRecord(Base):
    """A claim found in an article (the domain value is parsers.types.Claim)."""

    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("article_id", "actor", "issue", "stance", "modality", name="uq_claim"),
        Index("ix_claims_actor_issue", "actor", "issue"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    actor: Mapped[str] = mapped_column(String(64))
    issue: Mapped[str] = mapped_column(String(64))
    stance: Mapped[str] = mapped_column(String(16))
    modality: Mapped[str] = mapped_column(String(16))
    sentence: Mapped[str] = mapped_column(Text)
    sentence_index: Mapped[int] = mapped_column(Integer, default=0)
    confidence: Mapped[float] = mapped_column(Float)
    lexicon_fingerprint: Mapped[str] = mapped_column(String(64))
    # an editor dismissed the alert this claim raised: a false positive, kept for the coder's statistics
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # article version first seen in

    article: Mapped[Article] = relationship(back_populates="claims")


class Position(Base):
    """The stored stance of an actor on an issue, with the claim that set it."""

    __tablename__ = "positions"
    __table_args__ = (UniqueConstraint("actor", "issue", name="uq_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(64))
    issue: Mapped[str] = mapped_column(String(64))
    stance: Mapped[str] = mapped_column(String(16))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    since: Mapped[datetime | None] = mapped_column(DateTime)  # publication date of the evidence
    last_seen: Mapped[datetime | None] = mapped_column(DateTime)
    count: Mapped[int] = mapped_column(Integer, default=1)  # claims that stated this stance
    origin: Mapped[str] = mapped_column(String(16), default="monitor")  # baseline | monitor | editor
    note: Mapped[str | None] = mapped_column(Text)  # an editor's reason for setting the position
    source_url: Mapped[str | None] = mapped_column(Text)  # where an editor's correction was stated
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # the latest alert raised on this pair: later reports of the same move become its evidence
    alert_id: Mapped[int | None] = mapped_column(Integer)

    claim: Mapped[ClaimRecord | None] = relationship()
    # alert_id has no foreign key in the schema; the relationship lets a batch point a position at an
    # alert before the alert has an id, and one flush writes both
    alert: Mapped[Alert | None] = relationship(primaryjoin="foreign(Position.alert_id) == Alert.id")


class Alert(Base):
    """A shift or a new position; stored before it goes out, then delivered once by each sender (``Delivery``)."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("claim_id", name="uq_alert_claim"),
        Index("ix_alerts_channel", "channel"),
        Index("ix_alerts_actor_issue", "actor", "issue"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # shift | new | older (see alerts.diff)
    actor: Mapped[str] = mapped_column(String(64))
    issue: Mapped[str] = mapped_column(String(64))
    from_stance: Mapped[str | None] = mapped_column(String(16))
    to_stance: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(16))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    previous_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    status: Mapped[str] = mapped_column(String(16), default="open")  # one of ALERT_STATUSES
    created_at: Mapped[datetime] = mapped_column(DateTime)
    channel: Mapped[str] = mapped_column(String(16), default="digest", server_default="digest")  # instant | digest
    # corroboration: claims reporting this move, and independent sources among them (outlets, with
    # wire copies counted once); two or more sources make it confirmed
    evidence_count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    sources: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    claim: Mapped[ClaimRecord] = relationship(foreign_keys=[claim_id])
    previous_claim: Mapped[ClaimRecord | None] = relationship(foreign_keys=[previous_claim_id])
    # one per sender the alert goes out by (email first): see Delivery
    deliveries: Mapped[list[Delivery]] = relationship(back_populates="alert", order_by="Delivery.id")

    def delivery(self, sender: str) -> Delivery | None:
        """The alert's delivery by ``sender``, if it goes out by it."""
        return next((d for d in self.deliveries if d.sender == sender), None)

    @property
    def corroboration(self) -> str:
        return corroboration_of(self.sources)


class Delivery(Base):
    """An alert's delivery by one sender (email, or a webhook or chat sender): its own state, attempts,
    retry time and message id, so senders never wait for each other or send twice.

    pending → sending (claimed, leased until next_attempt_at) → handing (the message's end is going
    out) → sent | pending (retry) | uncertain. A sender that dies in "sending" never handed the message
    over: back to pending. "uncertain": the end went out and no answer came, so the receiver may hold it;
    not resent automatically, so an editor never gets it twice (`stancewatch alerts resend` sends it again).
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("alert_id", "sender", name="uq_delivery_alert_sender"),
        Index("ix_deliveries_due", "sender", "state", "alert_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"))
    sender: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)  # leased or backing off until then
    message_id: Mapped[str | None] = mapped_column(String(300))  # recorded before sending: a retry reuses it
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)

    alert: Mapped[Alert] = relationship(back_populates="deliveries")


class AlertEvidence(Base):
    """A claim reporting an alert's move: the one that raised it, and every later report."""

    __tablename__ = "alert_evidence"
    __table_args__ = (
        UniqueConstraint("alert_id", "claim_id", name="uq_alert_evidence"),
        Index("ix_alert_evidence_source", "alert_id", "source"),
        Index("ix_alert_evidence_group", "alert_id", "wire_group_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    source: Mapped[str] = mapped_column(String(255))
    wire_group_id: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTime)

    claim: Mapped[ClaimRecord] = relationship()


class Decision(Base):
    """An editor's decision, kept for the log: who confirmed, dismissed or acknowledged which alert, or
    corrected which position, when, how (web, email link, command line) and why."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    editor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))  # confirm | dismiss | ack | correct
    via: Mapped[str] = mapped_column(String(16))  # web | link | cli
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id"))
    actor: Mapped[str] = mapped_column(String(64))
    issue: Mapped[str] = mapped_column(String(64))
    stance: Mapped[str | None] = mapped_column(String(16))  # the stance the decision made or kept
    reason: Mapped[str | None] = mapped_column(Text)
    # the one-click link that made it: a link works once (unique; NULL for other ways)
    link_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class HostSlot(Base):
    """When the next request to a host may start: politeness shared by every worker."""

    __tablename__ = "host_slots"

    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    next_allowed_at: Mapped[datetime] = mapped_column(DateTime)
