"""The HTML report: position matrix, a timeline per issue, open alerts; one self-contained file.

``build_report`` draws the pictures from the rows ``storage.reporting.report_rows`` read; ``render_report``
only fills the template. Neither touches the database. Pictures are embedded as data: URIs and the CSS
is inline: the file opens offline, from an email attachment or a shared drive alike.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from jinja2 import Environment

from alerts.policy import most_severe_first
from alerts.render import environment
from alerts.types import AlertView, PositionCell, ReportRows
from alerts.types import web_link as safe_href  # noqa: F401  (its name in the report's tests)

if TYPE_CHECKING:
    from parsers.lexicon import Lexicon



@dataclass(frozen=True)
class IssueTimeline:
    """One issue's section: its picture and what the picture leaves out."""

    issue: str
    label: str
    severity: str
    png: bytes | None  # None: no claims and no stored position on this issue
    claims: int
    dismissed: int
    undated: int  # claims without a publication date cannot be placed on the time axis


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, as plain values."""

    generated_at: datetime
    since: datetime | None
    actors: Sequence[tuple[str, str]]  # (id, label) in display order
    issues: Sequence[tuple[str, str]]
    cells: Sequence[PositionCell]
    timelines: Sequence[IssueTimeline]
    alerts: Sequence[AlertView]
    matrix_png: bytes | None = None
    severity: Mapping[str, str] = field(default_factory=dict)  # issue id → high | normal | low


def _environment() -> Environment:
    env = environment()  # the emails' environment, with the report's filters added once
    env.filters.setdefault("data_uri", _data_uri)
    return env


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def render_report(data: ReportData) -> str:
    """The report as one HTML document (autoescaped: article text and titles cannot inject markup)."""
    matrix: dict[str, dict[str, PositionCell]] = {}
    for cell in data.cells:
        matrix.setdefault(cell.issue, {})[cell.actor] = cell
    alerts = sorted(data.alerts, key=lambda a: (most_severe_first(a.severity), a.id))
    return _environment().get_template("report.html.j2").render(
        data=data,
        matrix=matrix,
        alerts=alerts,
        shown=[t for t in data.timelines if t.png is not None],
        without=[t for t in data.timelines if t.png is None],
    )


def _ordered(known: Iterable[str], present: Iterable[str]) -> list[str]:
    """The ids in ``present``: lexicon order first, then ids the lexicon no longer has, sorted."""
    present_set = set(present)
    ordered = [i for i in known if i in present_set]
    return ordered + sorted(present_set - set(ordered))


def build_report(
    rows: ReportRows,
    lexicon: Lexicon,
    issues: Sequence[str] | None = None,
    since: datetime | None = None,
    progress: Callable[[str], None] | None = None,
    now: datetime | None = None,
    issue_severity: Mapping[str, str] | None = None,
) -> str:
    """Draw the pictures and render the HTML report from the rows read for it
    (``storage.reporting.report_rows``); no database here.

    ``issues`` are the issues the rows were read for (default: all); ``since`` is shown as the report's
    period. ``progress`` is called after each picture with what was drawn. ``issue_severity``: the
    severities the alerts are raised with (the lexicon's, with the settings' overrides; see
    ``alerts.policy.policy_for``), so the report shows what the email shows.
    """
    from alerts.plots import issue_timeline_png, position_matrix_png

    labels = lexicon.labels()
    severity = dict(issue_severity) if issue_severity is not None else {
        i: str(issue.severity) for i, issue in lexicon.issues.items()}
    wanted = list(issues) if issues else list(lexicon.issues)
    notify = progress or (lambda _step: None)

    cells = rows.cells
    actor_ids = _ordered(lexicon.actors, {c.actor for c in cells})
    issue_ids = _ordered(wanted, {c.issue for c in cells})
    matrix_png = None
    if cells:
        matrix_png = position_matrix_png(cells, actor_ids, issue_ids, labels)
    notify("position matrix")

    timelines = []
    for issue in wanted:
        points = rows.points.get(issue, [])
        current = [c for c in cells if c.issue == issue]
        dated = [p for p in points if p.published is not None]
        png = None
        if dated or current:
            # the page's heading names the issue; the picture needs no title of its own
            png = issue_timeline_png("", points, current, labels)
        timelines.append(IssueTimeline(
            issue=issue, label=labels.get(issue, issue), severity=severity.get(issue, "normal"), png=png,
            claims=len(points), dismissed=sum(p.dismissed for p in points), undated=len(points) - len(dated),
        ))
        notify(f"timeline {issue}")

    data = ReportData(
        generated_at=now or datetime.now(UTC).replace(tzinfo=None),
        since=since,
        actors=[(a, labels.get(a, a)) for a in actor_ids],
        issues=[(i, labels.get(i, i)) for i in issue_ids],
        cells=cells,
        timelines=timelines,
        alerts=list(rows.alerts),
        matrix_png=matrix_png,
        severity=severity,
    )
    return render_report(data)
