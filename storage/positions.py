"""The position store: claims recorded per article, positions updated, alerts raised."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.diff import StoredPosition, diff_claim
from parsers.types import Claim
from storage.articles import insert_once, utcnow
from storage.models import Alert, Article, ClaimRecord, Position


@dataclass(frozen=True)
class DiffSummary:
    """What coding one article did to the positions."""

    claims: int
    new: int
    shifts: int
    reaffirmed: int


def record_claims(session: Session, article: Article, claims: Iterable[Claim], fingerprint: str) -> list[ClaimRecord]:
    """Store an article's claims, once each; return the stored records (old and new)."""
    existing = {
        (c.actor, c.issue, c.stance, c.modality): c
        for c in session.scalars(select(ClaimRecord).where(ClaimRecord.article_id == article.id))
    }
    for claim in claims:
        key = (claim.actor, claim.issue, claim.stance, claim.modality)
        if key in existing:
            continue
        record = ClaimRecord(
            article_id=article.id,
            actor=claim.actor,
            issue=claim.issue,
            stance=claim.stance,
            modality=claim.modality,
            sentence=claim.sentence,
            sentence_index=claim.sentence_index,
            confidence=claim.confidence,
            lexicon_fingerprint=fingerprint,
        )
        session.add(record)
        existing[key] = record
    article.lexicon_fingerprint = fingerprint
    article.coded_at = utcnow()
    if article.status == "pending":
        article.status = "coded"
    session.flush()
    return list(existing.values())


def strongest_per_pair(records: Iterable[ClaimRecord]) -> list[ClaimRecord]:
    """One asserted claim per (actor, issue): the most confident, so an article moves a position once."""
    best: dict[tuple[str, str], ClaimRecord] = {}
    for record in records:
        if record.modality != "asserted":
            continue
        key = (record.actor, record.issue)
        if key not in best or record.confidence > best[key].confidence:
            best[key] = record
    return [best[k] for k in sorted(best)]


def apply_claims(
    session: Session,
    article: Article,
    records: Iterable[ClaimRecord],
    severity: Mapping[str, str],
    raise_alerts: bool = True,
    origin: str = "monitor",
) -> DiffSummary:
    """Diff an article's asserted claims against the stored positions, update them, raise alerts."""
    counts = {"new": 0, "shift": 0, "reaffirm": 0, "stale": 0}
    chosen = strongest_per_pair(records)
    for record in chosen:
        change = _apply_one(session, article, record, origin)
        counts[change.kind] += 1
        if raise_alerts and change.kind in ("new", "shift") and _no_alert_for(session, record):
            session.add(
                Alert(
                    kind=change.kind,
                    actor=record.actor,
                    issue=record.issue,
                    from_stance=change.from_stance,
                    to_stance=change.to_stance,
                    severity=severity.get(record.issue, "normal"),
                    claim_id=record.id,
                    previous_claim_id=change.previous_claim_id,
                    status="open",
                    created_at=utcnow(),
                    delivery_attempts=0,
                )
            )
    session.flush()
    return DiffSummary(len(chosen), counts["new"], counts["shift"], counts["reaffirm"])


@dataclass(frozen=True)
class _Applied:
    kind: str
    from_stance: str | None
    to_stance: str
    previous_claim_id: int | None = None


def _apply_one(session: Session, article: Article, record: ClaimRecord, origin: str) -> _Applied:
    """Move one position by one claim, under a row lock."""
    published, now = article.published, utcnow()
    position = _locked_position(session, record.actor, record.issue)
    if position is None:
        first = Position(actor=record.actor, issue=record.issue, stance=record.stance, claim_id=record.id,
                         since=published, last_seen=published, count=1, origin=origin, updated_at=now)
        if insert_once(session, first):
            return _Applied("new", None, record.stance)
        position = _locked_position(session, record.actor, record.issue)  # a concurrent run was first
        assert position is not None
    change = diff_claim(StoredPosition(position.stance, position.since, position.origin), record.stance, published)
    if change.kind == "reaffirm":
        position.count += 1
        position.last_seen = max(filter(None, (position.last_seen, published)), default=None)
    elif change.kind == "shift":
        previous = position.claim_id
        position.stance, position.claim_id, position.origin = record.stance, record.id, origin
        position.since = position.last_seen = published
        position.count, position.updated_at = 1, now
        return _Applied("shift", change.from_stance, record.stance, previous)
    return _Applied(change.kind, change.from_stance, change.to_stance)


def _locked_position(session: Session, actor: str, issue: str) -> Position | None:
    """The stored position, locked for this transaction so concurrent runs diff one after the other."""
    query = select(Position).where(Position.actor == actor, Position.issue == issue).with_for_update()
    return session.scalar(query)


def _no_alert_for(session: Session, record: ClaimRecord) -> bool:
    return session.scalar(select(Alert.id).where(Alert.claim_id == record.id)) is None


def current_positions(session: Session, actor: str | None = None, issue: str | None = None) -> list[Position]:
    """The stored positions, sorted by actor and issue."""
    query = select(Position)
    if actor:
        query = query.where(Position.actor == actor)
    if issue:
        query = query.where(Position.issue == issue)
    return list(session.scalars(query.order_by(Position.actor, Position.issue)))
