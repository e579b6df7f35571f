"""The alert store: listing, acknowledging, and each sender's delivery state (claimed, handed over, sent once)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from alerts.links import AlertLinks
from alerts.types import CONFIRMING_SOURCES, AlertView, EvidenceView, HistoryView
from core.errors import StorageError
from storage.models import DELIVERY_STATES, Alert, AlertEvidence, Article, ClaimRecord, Delivery
from storage.rows import chunked, utcnow
from storage.wire import outlet

# Seed articles (data/seeds) carry addresses of this scheme: files, not pages an editor can open
SEED_SCHEME = "seed://"
# Delivery retries double from the configured base; a mail server down for a day is still retried
# every few hours, not every run.
MAX_DELIVERY_BACKOFF = timedelta(hours=6)


def _evidence(record: ClaimRecord | None) -> EvidenceView | None:
    if record is None:
        return None
    article = record.article
    return EvidenceView(
        stance=record.stance,
        sentence=record.sentence,
        url=article.url,
        title=article.title,
        published=article.published,
        source=_source_name(article),
        wire_group=article.wire_group_id,
    )


def _source_name(article: Article) -> str:
    """Where an article came from, as an editor knows it: the feed's name from the feeds file ("spiegel",
    "northern-courier.example"), "seed article", else its outlet (host). Corroboration counts outlets
    (``Article.source``) whatever the name shown."""
    if article.url.startswith(SEED_SCHEME):
        return "seed article"
    if article.feed is not None:
        return article.feed.name
    return article.source or outlet(article.url)


def to_view(alert: Alert, labels: Mapping[str, str], history: Sequence[HistoryView] = (),
            links: AlertLinks | None = None, sender: str | None = None) -> AlertView:
    """An Alert row with its claims (and the actor's recent history on the issue, if given), as a plain
    value; its delivery as ``sender`` made it (default: the first sender it goes out by)."""
    new = _evidence(alert.claim)
    assert new is not None
    delivery = alert.delivery(sender) if sender else (alert.deliveries[0] if alert.deliveries else None)
    return AlertView(
        id=alert.id,
        kind=alert.kind,
        actor=alert.actor,
        actor_label=labels.get(alert.actor, alert.actor),
        issue=alert.issue,
        issue_label=labels.get(alert.issue, alert.issue),
        from_stance=alert.from_stance,
        to_stance=alert.to_stance,
        severity=alert.severity,
        status=alert.status,
        created_at=alert.created_at,
        emailed_at=delivery.delivered_at if delivery else None,
        delivery=delivery.state if delivery else "none",
        new=new,
        old=_evidence(alert.previous_claim),
        channel=alert.channel,
        sources=alert.sources,
        reports=alert.evidence_count,
        history=tuple(history),
        delivery_error=delivery.error if delivery else None,
        next_attempt_at=delivery.next_attempt_at if delivery else None,
        links=links,
    )


def evidence_of(session: Session, alert_id: int) -> list[EvidenceView]:
    """Every report of an alert's move, oldest first: the claim that raised it, then later ones."""
    query = (select(ClaimRecord).join(AlertEvidence, AlertEvidence.claim_id == ClaimRecord.id)
             .options(joinedload(ClaimRecord.article).joinedload(Article.feed))
             .where(AlertEvidence.alert_id == alert_id).order_by(AlertEvidence.id))
    return [view for view in (_evidence(record) for record in session.scalars(query)) if view is not None]


def _query() -> Select[Alert]:
    return select(Alert).options(
        selectinload(Alert.deliveries),
        joinedload(Alert.claim).joinedload(ClaimRecord.article).joinedload(Article.feed),
        joinedload(Alert.previous_claim).joinedload(ClaimRecord.article).joinedload(Article.feed),
    )


def list_alerts(session: Session, status: str | None = None, actor: str | None = None, issue: str | None = None) -> list[Alert]:
    """Alerts, oldest first, filtered by status (a review status, or a delivery state such as
    "uncertain"), actor and issue."""
    conditions = _matching(AlertFilter(status=status, actor=actor, issue=issue))
    return list(session.scalars(_query().where(*conditions).order_by(Alert.id)).unique())


@dataclass(frozen=True)
class AlertFilter:
    """What an alert listing asks for; None is any."""

    status: str | None = None  # a review status or a delivery state
    severity: str | None = None
    actor: str | None = None
    issue: str | None = None
    corroboration: str | None = None  # confirmed | unconfirmed
    since: datetime | None = None  # created at or after
    until: datetime | None = None  # created before


def _matching(wanted: AlertFilter) -> list[ColumnElement[bool]]:
    """The conditions of the alerts a filter asks for (the one home of what each filter means)."""
    conditions: list[ColumnElement[bool]] = []
    if wanted.status in DELIVERY_STATES:
        conditions.append(Alert.deliveries.any(Delivery.state == wanted.status))
    elif wanted.status:
        conditions.append(Alert.status == wanted.status)
    for column, value in ((Alert.severity, wanted.severity), (Alert.actor, wanted.actor), (Alert.issue, wanted.issue)):
        if value:
            conditions.append(column == value)
    if wanted.corroboration == "confirmed":
        conditions.append(Alert.sources >= CONFIRMING_SOURCES)
    elif wanted.corroboration == "unconfirmed":
        conditions.append(Alert.sources < CONFIRMING_SOURCES)
    if wanted.since is not None:
        conditions.append(Alert.created_at >= wanted.since)
    if wanted.until is not None:
        conditions.append(Alert.created_at < wanted.until)
    return conditions


def browse_alerts(session: Session, wanted: AlertFilter, limit: int = 100, offset: int = 0) -> tuple[list[Alert], int]:
    """A page of alerts, newest first, and how many match in all."""
    conditions = _matching(wanted)
    total = session.scalar(select(func.count()).select_from(Alert).where(*conditions)) or 0
    page = session.scalars(_query().where(*conditions).order_by(Alert.id.desc()).limit(limit).offset(offset))
    return list(page.unique()), total


def _due(sender: str, channel: str | None, created_before: datetime | None, after_id: int) -> ColumnElement[bool]:
    """The condition of ``sender``'s deliveries waiting whose retry time (if any) has come, of alerts
    of one channel (instant or digest), created before a time, with ids above ``after_id``."""
    conditions = [Delivery.sender == sender, Delivery.state == "pending", Delivery.delivered_at.is_(None),
                  Delivery.alert_id > after_id, or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= utcnow())]
    if channel is not None:
        conditions.append(Alert.channel == channel)
    if created_before is not None:
        conditions.append(Alert.created_at <= created_before)
    return and_(*conditions)


def claim_for_delivery(
    session: Session, lease: timedelta, sender: str = "email", channel: str | None = None,
    created_before: datetime | None = None, limit: int | None = None, after_id: int = 0,
) -> list[int]:
    """Take the alerts due for ``sender`` (at most ``limit``, with ids above ``after_id``), in id
    order; returns their ids. Each delivery moves pending → sending only if no other run took it: one
    conditional UPDATE … RETURNING per chunk of ids, and the rows it returns are this run's (with a
    limit one id at a time, as another run may have taken the first ones meanwhile)."""
    now = utcnow()
    query = (select(Delivery.alert_id).join(Alert, Alert.id == Delivery.alert_id)
             .where(_due(sender, channel, created_before, after_id)).order_by(Delivery.alert_id))
    # a few more candidates than wanted, for those another run takes first
    due = list(session.scalars(query.limit(limit * 4 + 4) if limit is not None else query))
    groups = chunked(due) if limit is None else ([alert_id] for alert_id in due)
    taken: set[int] = set()
    for ids in groups:
        taken.update(session.scalars(
            update(Delivery)
            .where(Delivery.alert_id.in_(ids), Delivery.sender == sender, Delivery.state == "pending")
            .values(state="sending", next_attempt_at=now + lease)
            .returning(Delivery.alert_id)
            .execution_options(synchronize_session=False)
        ))
        if limit is not None and len(taken) >= limit:
            break
    return [alert_id for alert_id in due if alert_id in taken]


@dataclass(frozen=True)
class Backlog:
    """Alerts not delivered after a run: waiting for a retry, or uncertain (an editor decides)."""

    waiting: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    uncertain: int = 0


def delivery_backlog(session: Session, sender: str | None = None) -> Backlog:
    """What is left undelivered (by ``sender``, or by any): deliveries waiting for their retry time
    (the earliest one) with the last error, and deliveries held as uncertain."""
    now = utcnow()
    by_sender = [Delivery.sender == sender] if sender is not None else []
    waiting = list(session.execute(
        select(Delivery.next_attempt_at, Delivery.error)
        .where(Delivery.state == "pending", Delivery.next_attempt_at.is_not(None), Delivery.next_attempt_at > now,
               *by_sender)
        .order_by(Delivery.next_attempt_at)))
    uncertain = session.scalar(select(func.count()).select_from(Delivery)
                               .where(Delivery.state == "uncertain", *by_sender)) or 0
    if not waiting:
        return Backlog(uncertain=uncertain)
    return Backlog(len(waiting), waiting[0][0], waiting[0][1], uncertain)


def expire_stale_sending(session: Session) -> None:
    """Deliveries whose sending run died: those whose message never reached its end go back to pending
    (the receiver cannot hold it); those whose end went out may have arrived and are held as
    uncertain, never resent."""
    stale = list(session.scalars(select(Delivery).where(Delivery.state.in_(("sending", "handing")),
                                                        Delivery.next_attempt_at < utcnow())))
    for delivery in stale:
        if delivery.state == "handing":
            delivery.state = "uncertain"
            delivery.error = "the sending run stopped after handing over the message"
        else:
            delivery.state, delivery.next_attempt_at = "pending", None
            delivery.error = "the sending run stopped before handing over the message"


def _deliveries(session: Session, alert_ids: Sequence[int], sender: str) -> list[Delivery]:
    return list(session.scalars(select(Delivery).where(Delivery.alert_id.in_(alert_ids), Delivery.sender == sender)
                                .order_by(Delivery.alert_id)))


def mark_handing(session: Session, alert_ids: Sequence[int], sender: str = "email") -> None:
    """Record that the end of these alerts' message is going out: from here on it may arrive."""
    session.execute(update(Delivery).where(Delivery.alert_id.in_(alert_ids), Delivery.sender == sender,
                                           Delivery.state == "sending")
                    .values(state="handing").execution_options(synchronize_session=False))


def claim_message_id(session: Session, alert_ids: Sequence[int], fresh: str, sender: str = "email") -> str:
    """The message id for these alerts' delivery, recorded before sending: a retry of the same set
    reuses it (an email's Message-ID; a webhook's idempotency key)."""
    deliveries = _deliveries(session, alert_ids, sender)
    known = {d.message_id for d in deliveries}
    message_id = known.pop() if len(known) == 1 and None not in known else fresh
    for delivery in deliveries:
        delivery.message_id = message_id
    return str(message_id)


def mark_delivered(session: Session, alert_ids: Sequence[int], message_id: str, sender: str = "email") -> None:
    """Set the send-once marker, after the receiver accepted the message."""
    now = utcnow()
    for delivery in _deliveries(session, alert_ids, sender):
        delivery.delivered_at, delivery.message_id = now, message_id
        delivery.state, delivery.error, delivery.next_attempt_at = "sent", None, None


def mark_delivery_failed(
    session: Session, alert_ids: Sequence[int], reason: str, retry_base: timedelta, ambiguous: bool = False,
    sender: str = "email",
) -> None:
    """Count a failed delivery: retry later with doubling waits, or hold it when it may have arrived."""
    now = utcnow()
    for delivery in _deliveries(session, alert_ids, sender):
        delivery.attempts += 1
        delivery.error = reason
        if ambiguous:
            delivery.state = "uncertain"
        else:
            delivery.state = "pending"
            delivery.next_attempt_at = now + min(retry_base * 2 ** (delivery.attempts - 1), MAX_DELIVERY_BACKOFF)


def resend_alert(session: Session, alert_id: int, sender: str = "email") -> Alert:
    """Queue an alert for delivery by ``sender`` again (after an uncertain or a completed one), keeping
    its message id."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise StorageError(f"alert {alert_id}: no such alert")
    delivery = alert.delivery(sender)
    if delivery is None:
        delivery = Delivery(sender=sender, attempts=0)
        alert.deliveries.append(delivery)
    delivery.state, delivery.delivered_at, delivery.next_attempt_at = "pending", None, None
    return alert


def alerts_by_id(session: Session, alert_ids: Sequence[int]) -> list[Alert]:
    """These alerts with their claims, in id order."""
    if not alert_ids:
        return []
    return list(session.scalars(_query().where(Alert.id.in_(alert_ids)).order_by(Alert.id)).unique())


def get_alert(session: Session, alert_id: int) -> Alert:
    """One alert with its claims; StorageError if there is no such alert."""
    alert: Alert | None = session.scalars(_query().where(Alert.id == alert_id)).unique().one_or_none()
    if alert is None:
        raise StorageError(f"alert {alert_id}: no such alert")
    return alert


# Review decisions an acknowledgement must not overwrite (alerts stats counts them)
DECIDED = ("confirmed", "dismissed")


def ack_alert(session: Session, alert_id: int) -> Alert:
    """Mark an open alert as read; a confirmed or dismissed alert keeps its decision. StorageError if
    there is no such alert."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise StorageError(f"alert {alert_id}: no such alert")
    if alert.status not in DECIDED:
        alert.status = "acked"
    return alert
