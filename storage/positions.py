"""The position store: claims recorded per article, positions updated, alerts raised."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from alerts.diff import StoredPosition, diff_claim
from alerts.policy import AlertPolicy
from parsers.types import Claim
from storage.models import Alert, AlertEvidence, Article, ClaimRecord, Delivery, Position, table_of
from storage.rows import chunked, insert_once, utcnow


@dataclass(frozen=True)
class DiffSummary:
    """What coding one article did to the positions."""

    claims: int
    new: int
    shifts: int
    reaffirmed: int
    older: int = 0  # reports older than the position they contradict


class StoredClaim(NamedTuple):
    """A newly stored claim: what the diff, the positions and the alerts read of it."""

    id: int
    actor: str
    issue: str
    stance: str
    modality: str
    confidence: float
    dismissed: bool


def record_claims(session: Session, article: Article, claims: Iterable[Claim], fingerprint: str) -> list[StoredClaim]:
    """Store an article's claims, once each; return the ones not stored before (the ones to diff)."""
    return insert_claims(session, claim_rows(session, article, claims, fingerprint))


def claim_rows(session: Session, article: Article, claims: Iterable[Claim], fingerprint: str) -> list[dict[str, Any]]:
    """The rows of an article's claims not stored before, and the article marked coded with ``fingerprint``."""
    existing: set[tuple[str, str, str, str]] = set()
    if article.coded_at is not None:  # coded before: a re-run or a new version of the text
        existing = {
            (c.actor, c.issue, c.stance, c.modality)
            for c in session.scalars(select(ClaimRecord).where(ClaimRecord.article_id == article.id))
        }
    rows = []
    for claim in claims:
        key = (claim.actor, claim.issue, claim.stance, claim.modality)
        if key in existing:
            continue
        existing.add(key)
        rows.append({
            "article_id": article.id,
            "actor": claim.actor,
            "issue": claim.issue,
            "stance": claim.stance,
            "modality": claim.modality,
            "sentence": claim.sentence,
            "sentence_index": claim.sentence_index,
            "confidence": claim.confidence,
            "lexicon_fingerprint": fingerprint,
            "version": article.version or 1,
            "dismissed": False,
        })
    article.lexicon_fingerprint = fingerprint
    article.coded_at = utcnow()
    if article.status == "pending":
        article.status = "coded"
    return rows


def insert_claims(session: Session, rows: Sequence[dict[str, Any]]) -> list[StoredClaim]:
    """Insert claim rows (of one article or a whole batch) with INSERT … RETURNING; the claims come
    back in the rows' order with their ids, for the positions, alerts and evidence that cite them.

    Through the table, not the ORM: the unit of work would cost several times more per row, and even
    the ORM's bulk insert builds an object per claim that nothing needs. The returned ids are matched
    to ``rows`` by the claims' unique key rather than by asking for them in parameter order: SQLite
    has no row order SQLAlchemy can rely on, so it would fall back to one statement per row; this way
    the rows go in a few multi-row statements on every database.
    """
    if not rows:
        return []
    table = table_of(ClaimRecord)
    returned = session.execute(insert(table).returning(table.c.id, *(table.c[column] for column in CLAIM_KEY)), rows)
    ids = {tuple(key): claim_id for claim_id, *key in returned}
    return [StoredClaim(ids[tuple(row[column] for column in CLAIM_KEY)], row["actor"], row["issue"], row["stance"],
                        row["modality"], row["confidence"], row["dismissed"]) for row in rows]


# The claims' unique key (uq_claim): one claim per article, actor, issue, stance and modality.
CLAIM_KEY = ("article_id", "actor", "issue", "stance", "modality")


def strongest_per_pair(records: Iterable[StoredClaim]) -> list[StoredClaim]:
    """One asserted claim per (actor, issue): the most confident, so an article moves a position once.

    A claim an editor dismissed as a false positive is never counted again.
    """
    best: dict[tuple[str, str], StoredClaim] = {}
    for record in records:
        if record.modality != "asserted" or record.dismissed:
            continue
        key = (record.actor, record.issue)
        if key not in best or record.confidence > best[key].confidence:
            best[key] = record
    return [best[k] for k in sorted(best)]


def locked_position(session: Session, actor: str, issue: str) -> Position | None:
    """The stored position, locked for this transaction so concurrent writers change it one after the other."""
    return session.scalar(select(Position).where(Position.actor == actor, Position.issue == issue).with_for_update())


class PairStore:
    """The positions of the (actor, issue) pairs a batch touches, and the latest alert of each.

    Loaded in one query per table instead of one per claim; on PostgreSQL the position rows are
    locked in key order, so two workers storing overlapping batches wait for each other instead of
    deadlocking. Positions first seen in the batch are added as they are created.

    What the batch changes is kept here too (the alert each pair points at, the outlets and wire
    groups that reported each alert), so nothing has to be flushed to be read back; the evidence rows
    wait for ``write``, which inserts them in one statement once the new alerts have their ids.
    """

    def __init__(self, session: Session, pairs: Iterable[tuple[str, str]]) -> None:
        self.session = session
        self.positions: dict[tuple[str, str], Position] = {}
        self.alerts: dict[int, Alert] = {}
        self.latest: dict[tuple[str, str], Alert] = {}  # alerts raised in this batch, by pair
        # the alert gathering older reports, by (actor, issue, stored stance, reported stance)
        self.older: dict[tuple[str, str, str, str], Alert] = {}
        self.evidence: list[tuple[Alert, dict[str, object]]] = []  # to be written, with their alerts
        # the outlets and wire groups known to have reported each alert's move (see first_report):
        # of a stored alert only those the batch asked about, with the (alert id, value) pairs asked
        self.reported_by: dict[Alert, tuple[set[str], set[int]]] = {}
        self._sources: set[str] = set()
        self._groups: set[int] = set()
        self._checked_sources: set[tuple[int, str]] = set()
        self._checked_groups: set[tuple[int, int]] = set()
        self._looked_up: set[tuple[str, str]] = set()
        self.load(pairs)

    def load(self, pairs: Iterable[tuple[str, str]]) -> None:
        wanted = sorted(set(pairs) - self._looked_up)
        if not wanted:
            return
        self._looked_up.update(wanted)
        actors, issues = {a for a, _ in wanted}, {i for _, i in wanted}
        query = (select(Position).where(Position.actor.in_(actors), Position.issue.in_(issues))
                 .order_by(Position.actor, Position.issue).with_for_update())
        with self.session.no_autoflush:
            for position in self.session.scalars(query):
                self.positions.setdefault((position.actor, position.issue), position)
            alert_ids = {p.alert_id for p in self.positions.values() if p.alert_id is not None} - self.alerts.keys()
            if alert_ids:
                self.alerts.update((a.id, a) for a in self.session.scalars(select(Alert).where(Alert.id.in_(alert_ids))))

    def older_alert(self, position: Position, stance: str, raise_new: Callable[[], Alert]) -> Alert:
        """The standing (not dismissed) alert that older reports of ``stance`` against ``position``
        are gathered in, raised with ``raise_new`` if there is none yet; older reports are rare, so
        each asks the store."""
        key = (position.actor, position.issue, position.stance, stance)
        if self.older.get(key) is None:
            self.older[key] = self.session.scalars(
                select(Alert).where(Alert.actor == position.actor, Alert.issue == position.issue,
                                    Alert.kind == "older", Alert.from_stance == position.stance,
                                    Alert.to_stance == stance, Alert.status != "dismissed")
                .order_by(Alert.id.desc()).limit(1)).first() or raise_new()
        return self.older[key]

    def get(self, actor: str, issue: str) -> Position | None:
        return self.positions.get((actor, issue))

    def create(self, position: Position) -> bool:
        """Insert a first position; False (and the stored one loaded) when a concurrent run was first."""
        key = (position.actor, position.issue)
        # the batch's pending rows first: a savepoint rolled back on a lost race drops what it flushed
        self.session.flush()
        if insert_once(self.session, position):
            self.positions[key] = position
            return True
        stored = locked_position(self.session, position.actor, position.issue)
        assert stored is not None
        self.positions[key] = stored
        return False

    def expect(self, reports: Iterable[tuple[str, int]]) -> None:
        """The (outlet, wire group) of each article the batch is about to diff, so that the first
        ``first_report`` loads what the stored alerts know of all of them in one query."""
        for source, group in reports:
            self._sources.add(source)
            self._groups.add(group)

    def first_report(self, alert: Alert, source: str, group: int) -> bool:
        """Whether neither ``source`` nor ``group`` has reported ``alert``'s move before; this report
        is counted, so the next one from either is not."""
        sources, groups = self.reported_by.setdefault(alert, (set(), set()))
        if alert.id is not None and alert.evidence_count and (
            (alert.id, source) not in self._checked_sources or (alert.id, group) not in self._checked_groups
        ):
            self._load_reporters(alert, source, group)
        independent = source not in sources and group not in groups
        sources.add(source)
        groups.add(group)
        return independent

    def _load_reporters(self, alert: Alert, source: str, group: int) -> None:
        """Which of the batch's outlets and wire groups have reported the stored alerts the batch has
        read. Only these values are asked for: an alert that stands for months gathers thousands of
        reports, and the batch needs to know about its own outlets only."""
        self.expect([(source, group)])
        stored = {a.id: a for a in (alert, *self.alerts.values()) if a.id is not None and a.evidence_count}
        for a in stored.values():
            self.reported_by.setdefault(a, (set(), set()))
        sources, groups = sorted(self._sources), sorted(self._groups)
        for ids in chunked(sorted(stored)):
            for alert_id, known_source in self.session.execute(
                select(AlertEvidence.alert_id, AlertEvidence.source)
                .where(AlertEvidence.alert_id.in_(ids), AlertEvidence.source.in_(sources)).distinct()
            ):
                self.reported_by[stored[alert_id]][0].add(known_source)
            for alert_id, known_group in self.session.execute(
                select(AlertEvidence.alert_id, AlertEvidence.wire_group_id)
                .where(AlertEvidence.alert_id.in_(ids), AlertEvidence.wire_group_id.in_(groups)).distinct()
            ):
                self.reported_by[stored[alert_id]][1].add(known_group)
        self._checked_sources.update((alert_id, source) for alert_id in stored for source in sources)
        self._checked_groups.update((alert_id, group) for alert_id in stored for group in groups)

    def write(self) -> None:
        """Flush the batch's positions and alerts, then insert the evidence that cites them."""
        self.session.flush()
        if self.evidence:
            self.session.execute(insert(table_of(AlertEvidence)),
                                 [{**row, "alert_id": alert.id} for alert, row in self.evidence])
            self.evidence = []

    def latest_alert(self, position: Position) -> Alert | None:
        if (position.actor, position.issue) in self.latest:
            return self.latest[(position.actor, position.issue)]
        if position.alert_id is None:
            return None
        if position.alert_id not in self.alerts:
            alert = self.session.get(Alert, position.alert_id)
            if alert is None:
                return None
            self.alerts[alert.id] = alert
        return self.alerts[position.alert_id]


def apply_claims(
    session: Session,
    article: Article,
    records: Iterable[StoredClaim],
    policy: AlertPolicy,
    raise_alerts: bool = True,
    origin: str = "monitor",
    pairs: PairStore | None = None,
) -> DiffSummary:
    """Diff an article's asserted claims against the stored positions, update them, raise alerts.

    A move already alerted and not dismissed raises no second alert: a later report of it (the same
    move again, or the new stance reaffirmed) is added to that alert as evidence, which is how an
    alert goes from unconfirmed to confirmed. With a batch's ``pairs``, the batch calls ``pairs.write()``
    once at its end; without, it is written here.
    """
    counts = {"new": 0, "shift": 0, "reaffirm": 0, "older": 0}
    chosen = strongest_per_pair(records)
    own = pairs is None
    if pairs is None:
        pairs = PairStore(session, [(r.actor, r.issue) for r in chosen])
    else:
        pairs.load((r.actor, r.issue) for r in chosen)
    with session.no_autoflush:
        for record in chosen:
            change = _apply_one(pairs, article, record, origin)
            counts[change.kind] += 1
            position = pairs.get(record.actor, record.issue)
            assert position is not None
            # the pair's latest alert, if it still stands for this stance (not dismissed)
            latest = pairs.latest_alert(position)
            standing = latest if latest and latest.status != "dismissed" and latest.to_stance == record.stance else None
            if change.kind == "reaffirm":
                if standing is not None:
                    add_evidence(standing, record, article, pairs)
            elif raise_alerts and change.kind == "older":
                # the position stays; one alert per (from, to) gathers the older reports of that stance
                # (the alert is raised, if at all, inside this call: the loop's record and change are these)
                earlier = pairs.older_alert(position, record.stance,
                                            functools.partial(_raise, session, record, change, policy))
                add_evidence(earlier, record, article, pairs)
            elif raise_alerts and change.kind in ("new", "shift"):
                if standing is not None and standing.from_stance == change.from_stance:
                    add_evidence(standing, record, article, pairs)  # the same move, reported again
                else:
                    alert = _raise(session, record, change, policy)
                    add_evidence(alert, record, article, pairs)
                    position.alert = pairs.latest[(record.actor, record.issue)] = alert
    if own:
        pairs.write()
    return DiffSummary(len(chosen), counts["new"], counts["shift"], counts["reaffirm"], counts["older"])


def _raise(session: Session, record: StoredClaim, change: _Applied, policy: AlertPolicy) -> Alert:
    severity = policy.severity(record.actor, record.issue)
    alert = Alert(
        kind=change.kind,
        actor=record.actor,
        issue=record.issue,
        from_stance=change.from_stance,
        to_stance=change.to_stance,
        severity=severity,
        channel=policy.channel(severity),
        claim_id=record.id,
        previous_claim_id=change.previous_claim_id,
        status="open",
        created_at=utcnow(),
        evidence_count=0,
        sources=0,
        # a pending delivery by each sender the alert goes out by (email first)
        deliveries=[Delivery(sender=sender, state="pending", attempts=0) for sender in policy.senders],
    )
    session.add(alert)
    return alert


def add_evidence(alert: Alert, record: StoredClaim, article: Article, pairs: PairStore) -> None:
    """Count a newly stored ``record`` as a report of ``alert``'s move.

    A report is one more independent source when neither its outlet nor its wire group has reported
    the move before: an agency story in three papers is one source, and so are two stories in one
    paper.
    """
    source, group = reported_from(article)
    independent = pairs.first_report(alert, source, group)
    pairs.evidence.append((alert, {"claim_id": record.id, "source": source, "wire_group_id": group, "added_at": utcnow()}))
    alert.evidence_count = (alert.evidence_count or 0) + 1
    alert.sources = (alert.sources or 0) + independent


def reported_from(article: Article) -> tuple[str, int]:
    """The outlet and wire group an article reports from: an agency story in three papers is one group."""
    return article.source or "", article.wire_group_id or article.id


@dataclass(frozen=True)
class _Applied:
    kind: str
    from_stance: str | None
    to_stance: str
    previous_claim_id: int | None = None


def _apply_one(pairs: PairStore, article: Article, record: StoredClaim, origin: str) -> _Applied:
    """Move one position by one claim."""
    published, now = article.published, utcnow()
    position = pairs.get(record.actor, record.issue)
    if position is None:
        first = Position(actor=record.actor, issue=record.issue, stance=record.stance, claim_id=record.id,
                         since=published, last_seen=published, count=1, origin=origin, updated_at=now)
        if pairs.create(first):
            return _Applied("new", None, record.stance)
        position = pairs.get(record.actor, record.issue)  # a concurrent run was first
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
    if change.kind == "older":  # the alert cites the newer claim it contradicts
        return _Applied("older", change.from_stance, change.to_stance, position.claim_id)
    return _Applied(change.kind, change.from_stance, change.to_stance)


def current_positions(session: Session, actor: str | None = None, issue: str | None = None) -> list[Position]:
    """The stored positions, sorted by actor and issue."""
    query = select(Position)
    if actor:
        query = query.where(Position.actor == actor)
    if issue:
        query = query.where(Position.issue == issue)
    return list(session.scalars(query.order_by(Position.actor, Position.issue)))


def position_listing(session: Session, actor: str | None = None, issue: str | None = None) -> list[dict[str, Any]]:
    """The stored positions with their evidence, one plain row each (`stancewatch positions`)."""
    return [
        {
            "actor": p.actor,
            "issue": p.issue,
            "stance": p.stance,
            "since": p.since.date().isoformat() if p.since else None,
            "last_seen": p.last_seen.date().isoformat() if p.last_seen else None,
            "count": p.count,
            "origin": p.origin,
            "note": p.note,
            "article_url": p.claim.article.url if p.claim else None,
            "evidence": p.claim.sentence if p.claim else None,
        }
        for p in current_positions(session, actor, issue)
    ]
