"""Read queries for the report: claims over time and the stored positions, as plain values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alerts.types import PositionCell, ReportRows, TimelinePoint
from storage.models import Article, ClaimRecord, Position


def claim_actors(session: Session, issue: str | None = None) -> list[str]:
    """The actors that have claims (on ``issue``), sorted.

    Answered from ix_claims_actor_issue alone (a covering index), never from the claim rows.
    """
    query = select(ClaimRecord.actor).distinct().order_by(ClaimRecord.actor)
    if issue is not None:
        query = query.where(ClaimRecord.issue == issue)
    return list(session.scalars(query))


def timeline_points(
    session: Session,
    issue: str,
    since: datetime | None = None,
    actors: Iterable[str] | None = None,
) -> list[TimelinePoint]:
    """Every asserted claim on ``issue``, oldest first (undated last); dismissed claims included, marked.

    ``since`` drops claims published before it (undated claims are kept: they cannot be placed, but the
    caller decides). ``actors`` limits the actors; by default every actor with claims on the issue.
    """
    wanted = sorted(set(actors)) if actors is not None else claim_actors(session, issue)
    if not wanted:
        return []
    # actor IN (...) AND issue = ? is a lookup on ix_claims_actor_issue; issue alone is its second
    # column and would scan the claims table.
    query = (
        select(ClaimRecord.actor, ClaimRecord.issue, ClaimRecord.stance, Article.published, Article.url,
               Article.title, ClaimRecord.sentence, ClaimRecord.dismissed)
        .join(Article, Article.id == ClaimRecord.article_id)
        .where(ClaimRecord.actor.in_(wanted), ClaimRecord.issue == issue, ClaimRecord.modality == "asserted")
        .order_by(Article.published.is_(None), Article.published, ClaimRecord.id)
    )
    if since is not None:
        query = query.where((Article.published >= since) | Article.published.is_(None))
    return [
        TimelinePoint(actor=row.actor, issue=row.issue, stance=row.stance, published=row.published,
                      url=row.url, title=row.title or "", sentence=row.sentence, dismissed=bool(row.dismissed))
        for row in session.execute(query)
    ]


@dataclass(frozen=True)
class DailyStance:
    """The claims of one actor with one stance on one day: a timeline point that stands for ``count``."""

    actor: str
    stance: str
    published: datetime
    count: int
    dismissed: bool = False


def daily_stances(session: Session, issues: Sequence[str], since: datetime) -> dict[str, list[DailyStance]]:
    """Asserted, undismissed claims on each of ``issues`` since a day, one point per actor, day and stance.

    Counted in the database, so the pictures of busy issues cost one grouped query, not a row per
    claim; by day, so the number of points is bounded by days × actors × stances. The claims are
    reached from the articles published in the window (ix_articles_published, then the claims'
    unique index, which starts with article_id): the cost follows the window, not the issues'
    whole history, and one scan of it serves every issue.
    """
    day = func.date(Article.published)
    in_window = select(Article.id).where(Article.published >= since)
    query = (
        select(ClaimRecord.issue, ClaimRecord.actor, ClaimRecord.stance, day.label("day"), func.count().label("n"))
        .join(Article, Article.id == ClaimRecord.article_id)
        .where(ClaimRecord.article_id.in_(in_window), ClaimRecord.issue.in_(sorted(set(issues))),
               ClaimRecord.modality == "asserted", ClaimRecord.dismissed.is_(False), Article.published >= since)
        .group_by(ClaimRecord.issue, ClaimRecord.actor, ClaimRecord.stance, day)
        .order_by(day, ClaimRecord.actor)
    )
    points: dict[str, list[DailyStance]] = {issue: [] for issue in issues}
    for row in session.execute(query):
        when = row.day if isinstance(row.day, date) else date.fromisoformat(str(row.day))
        points[row.issue].append(DailyStance(row.actor, row.stance, datetime.combine(when, datetime.min.time()), row.n))
    return points


def position_cells(session: Session, issues: Iterable[str] | None = None) -> list[PositionCell]:
    """The stored positions with their evidence in one query, sorted by actor and issue."""
    query = (
        select(Position.actor, Position.issue, Position.stance, Position.since, Position.origin, Position.note,
               Article.url, ClaimRecord.sentence)
        .outerjoin(ClaimRecord, ClaimRecord.id == Position.claim_id)
        .outerjoin(Article, Article.id == ClaimRecord.article_id)
        .order_by(Position.actor, Position.issue)
    )
    if issues is not None:
        query = query.where(Position.issue.in_(sorted(set(issues))))
    return [
        PositionCell(actor=row.actor, issue=row.issue, stance=row.stance, since=row.since, origin=row.origin,
                     url=row.url, sentence=row.sentence, note=row.note)
        for row in session.execute(query)
    ]


def report_rows(session: Session, issues: Sequence[str], labels: Mapping[str, str], since: datetime | None = None,
                only_issues: bool = False) -> ReportRows:
    """The report's data for ``issues``. ``since`` limits the timelines and the alerts to evidence
    published on or after it (the positions are always the current ones); ``only_issues``: the alerts
    of these issues only, else every open alert."""
    from storage.alerts import list_alerts, to_view

    cells = position_cells(session, issues)
    points = {issue: timeline_points(session, issue, since=since) for issue in issues}
    rows = ([a for issue in issues for a in list_alerts(session, status="open", issue=issue)] if only_issues
            else list_alerts(session, status="open"))
    views = [to_view(a, labels) for a in rows]
    if since is not None:
        views = [v for v in views if v.new.published is None or v.new.published >= since]
    return ReportRows(cells, points, views)
