"""Editors' review: confirm or dismiss an alert, correct a position, read a position's history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from core.errors import StorageError
from storage.alerts import ack_alert
from storage.models import Alert, Article, ClaimRecord, Decision, Position
from storage.rows import utcnow

# What an editor can decide about an alert, and how the decision reached us.
ALERT_ACTIONS = ("confirm", "dismiss", "ack")
DECISION_WAYS = ("web", "link", "cli")


class LinkUsed(StorageError):
    """A one-click link that already made its decision: it works once."""


@dataclass(frozen=True)
class Editor:
    """Who decides, and how the decision came (web, link or cli): recorded with every decision."""

    name: str
    via: str
from storage.positions import locked_position


@dataclass(frozen=True)
class HistoryEntry:
    """One statement of an actor's stance on an issue: a claim, or an editor's correction."""

    published: datetime | None
    stance: str
    source: str  # article URL, or "editor"
    sentence: str
    dismissed: bool = False


def _alert(session: Session, alert_id: int) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise StorageError(f"alert {alert_id}: no such alert")
    return alert


def confirm_alert(session: Session, alert_id: int) -> Alert:
    """The alert's new stance is the stored position (again, if the position has moved since)."""
    alert = _alert(session, alert_id)
    position = locked_position(session, alert.actor, alert.issue)
    if position is None:
        position = Position(actor=alert.actor, issue=alert.issue, count=1, updated_at=utcnow())
        session.add(position)
    if position.claim_id != alert.claim_id:
        position.stance, position.claim_id = alert.to_stance, alert.claim_id
        position.since = position.last_seen = alert.claim.article.published
        position.count, position.updated_at = 1, utcnow()
    position.origin = "editor"
    alert.status = "confirmed"
    alert.claim.dismissed = False
    return alert


def dismiss_alert(session: Session, alert_id: int) -> Alert:
    """A false positive: the claim is kept but marked, and the position returns to what it was."""
    alert = _alert(session, alert_id)
    alert.status = "dismissed"
    alert.claim.dismissed = True
    position = locked_position(session, alert.actor, alert.issue)
    if position is not None and position.claim_id == alert.claim_id:
        previous = alert.previous_claim
        if previous is None:
            session.delete(position)  # the alert made the first position: there was none before
        else:
            position.stance, position.claim_id = previous.stance, previous.id
            position.since = position.last_seen = previous.article.published
            position.updated_at = utcnow()
    return alert


def set_position(session: Session, actor: str, issue: str, stance: str, note: str,
                 stated: datetime | None = None, source_url: str | None = None) -> Position:
    """An editor's correction, recorded as such (origin 'editor', with the note). ``stated``: when the
    position was stated (default now), so claims published after it are compared with it and older
    ones are not; ``source_url``: where it was stated."""
    position = locked_position(session, actor, issue)
    if position is None:
        position = Position(actor=actor, issue=issue, count=0)
        session.add(position)
    position.stance, position.claim_id, position.origin, position.note = stance, None, "editor", note
    position.source_url = source_url
    position.updated_at = utcnow()
    position.since = position.last_seen = stated or position.updated_at
    position.count = 1
    return position


def decide(session: Session, alert_id: int, action: str, editor: Editor, reason: str | None = None,
           link_id: str | None = None) -> Alert:
    """Confirm, dismiss or acknowledge an alert and log who did it. ``link_id``: the one-click link that
    asked for it; a link that already decided raises LinkUsed and changes nothing."""
    if action not in ALERT_ACTIONS:
        raise StorageError(f"{action!r} is not a decision: use one of {', '.join(ALERT_ACTIONS)}")
    if link_id is not None and link_used(session, link_id):
        raise LinkUsed(f"this link was used already (alert {alert_id})")
    act = {"confirm": confirm_alert, "dismiss": dismiss_alert, "ack": ack_alert}[action]
    alert = act(session, alert_id)
    stance = alert.to_stance if action == "confirm" else alert.from_stance if action == "dismiss" else None
    _log(session, Decision(editor=editor.name, via=editor.via, action=action, alert_id=alert.id, actor=alert.actor,
                           issue=alert.issue, stance=stance, reason=reason or None, link_id=link_id))
    return alert


def link_used(session: Session, link_id: str) -> bool:
    """Has this one-click link made its decision already?"""
    return session.scalar(select(Decision.id).where(Decision.link_id == link_id)) is not None


def correct_position(session: Session, actor: str, issue: str, stance: str, note: str, editor: Editor,
                     stated: datetime | None = None, source_url: str | None = None) -> Position:
    """``set_position``, logged as the editor's decision."""
    position = set_position(session, actor, issue, stance, note, stated, source_url)
    _log(session, Decision(editor=editor.name, via=editor.via, action="correct", actor=actor, issue=issue,
                           stance=stance, reason=note or None))
    return position


def _log(session: Session, decision: Decision) -> None:
    """Add a decision; a link used at the same moment by another request loses here (unique link id)."""
    decision.at = utcnow()
    try:
        with session.begin_nested():
            session.add(decision)
            session.flush()
    except IntegrityError:
        raise LinkUsed(f"this link was used already (alert {decision.alert_id})") from None


@dataclass(frozen=True)
class DecisionView:
    """One line of the decision log."""

    at: datetime
    editor: str
    via: str
    action: str
    alert_id: int | None
    actor: str
    issue: str
    stance: str | None
    reason: str | None


def decision_log(session: Session, limit: int = 200, offset: int = 0, alert_id: int | None = None) -> list[DecisionView]:
    """The editors' decisions (on one alert, if given), newest first."""
    query = select(Decision).order_by(Decision.at.desc(), Decision.id.desc()).limit(limit).offset(offset)
    if alert_id is not None:
        query = query.where(Decision.alert_id == alert_id)
    rows = session.scalars(query)
    return [DecisionView(d.at, d.editor, d.via, d.action, d.alert_id, d.actor, d.issue, d.stance, d.reason)
            for d in rows]


def position_history(session: Session, actor: str, issue: str) -> list[HistoryEntry]:
    """Every asserted claim of ``actor`` on ``issue`` over time, with the current editor note if any."""
    query = (
        select(ClaimRecord)
        .join(Article)
        .options(joinedload(ClaimRecord.article))
        .where(ClaimRecord.actor == actor, ClaimRecord.issue == issue, ClaimRecord.modality == "asserted")
        .order_by(Article.published.is_(None), Article.published, ClaimRecord.id)
    )
    entries = [HistoryEntry(c.article.published, c.stance, c.article.url, c.sentence, c.dismissed)
               for c in session.scalars(query)]
    position = session.scalar(select(Position).where(Position.actor == actor, Position.issue == issue))
    if position is not None and position.origin == "editor" and position.claim_id is None:
        entries.append(HistoryEntry(position.since, position.stance, position.source_url or "editor", position.note or ""))
        # a correction dated back (``positions set --date``) stands among the claims of its time
        entries.sort(key=lambda e: (e.published is None, e.published or datetime.min))
    return entries


# The latest coded claims of a pair among which an email's history takes the latest published.
HISTORY_WINDOW = 40


def _newest_published_first(claim: ClaimRecord) -> tuple[bool, float, int]:
    published = claim.article.published
    return published is None, -(published.timestamp() if published else 0.0), -claim.id


def recent_histories(
    session: Session, wanted: Sequence[tuple[str, str, int | None]], limit: int
) -> list[list[HistoryEntry]]:
    """For each (actor, issue, claim to leave out): the last ``limit`` asserted, undismissed claims of
    the actor on the issue, oldest first (for an email); one query per pair however many alerts of a
    digest share it.

    Newest published first (newest coded among undated ones): an older article coded late must not
    push a newer claim out of the email while ``positions history`` shows it. The claims are taken
    newest-coded first along the (actor, issue) index, ``HISTORY_WINDOW`` of them (an older article
    coded late is among them), and ordered by publication here: sorting a pair's whole history by
    date would read every claim of it (hundreds of thousands in a store of some years), per email.
    """
    newest: dict[tuple[str, str], list[ClaimRecord]] = {}
    for actor, issue in dict.fromkeys((actor, issue) for actor, issue, _ in wanted):
        query = (
            select(ClaimRecord)
            .options(joinedload(ClaimRecord.article))
            .where(ClaimRecord.actor == actor, ClaimRecord.issue == issue, ClaimRecord.modality == "asserted",
                   ClaimRecord.dismissed.is_(False))
            .order_by(ClaimRecord.id.desc())
            .limit(max(HISTORY_WINDOW, limit + 1))  # one more: each entry of ``wanted`` leaves out at most one
        )
        newest[(actor, issue)] = sorted(session.scalars(query), key=_newest_published_first)
    out = []
    for actor, issue, excluded in wanted:
        rows = [c for c in newest[(actor, issue)] if c.id != excluded][:limit]
        entries = [HistoryEntry(c.article.published, c.stance, c.article.url, c.sentence) for c in rows]
        out.append(sorted(entries, key=lambda e: (e.published is not None, e.published or datetime.min)))
    return out


@dataclass(frozen=True)
class ReviewStats:
    """How editors judged the alerts of one issue: the coder's error statistics from their review."""

    issue: str
    alerts: int
    confirmed: int
    dismissed: int
    acked: int
    open: int

    @property
    def precision(self) -> float | None:
        """Confirmed among the judged (confirmed or dismissed); None before any judgement."""
        judged = self.confirmed + self.dismissed
        return self.confirmed / judged if judged else None


def review_stats(session: Session) -> list[ReviewStats]:
    """Alerts per issue by review status, counted in the database."""
    rows = session.execute(
        select(Alert.issue, Alert.status, func.count()).group_by(Alert.issue, Alert.status).order_by(Alert.issue)
    ).all()
    table: dict[str, dict[str, int]] = {}
    for issue, status, n in rows:
        table.setdefault(issue, {})[status] = n
    return [ReviewStats(issue, sum(c.values()), c.get("confirmed", 0), c.get("dismissed", 0), c.get("acked", 0),
                        c.get("open", 0)) for issue, c in table.items()]
