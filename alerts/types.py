"""Plain values the email and the CLI render: one alert with both pieces of evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import urlsplit

from alerts.links import AlertLinks

# How each kind of alert is named to an editor.
KIND_LABELS = {"shift": "shift", "new": "new position", "older": "older report"}

# Independent sources that make a reported move confirmed.
CONFIRMING_SOURCES = 2


def corroboration_of(sources: int) -> str:
    """'confirmed' when enough independent sources reported the move, else 'unconfirmed'."""
    return "confirmed" if sources >= CONFIRMING_SOURCES else "unconfirmed"


def web_link(url: str | None) -> str | None:
    """``url`` if it is a web link; anything else (javascript:, seed://, file:) is shown, not linked."""
    if not url:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


@dataclass(frozen=True)
class EvidenceView:
    """A claim as shown to an editor: stance, sentence, source and date."""

    stance: str
    sentence: str
    url: str
    title: str
    published: datetime | None
    source: str = ""  # the outlet
    # the wire-copy group: reports sharing one are one agency story printed by several outlets
    wire_group: int | None = None

    @property
    def link(self) -> str:
        """The article's address when it is a web page an editor can open (a seed file is not)."""
        return web_link(self.url) or ""


@dataclass(frozen=True)
class HistoryView:
    """One earlier statement of the actor on the issue, for the email's history section."""

    published: datetime | None
    stance: str
    source: str
    sentence: str


@dataclass(frozen=True)
class AlertView:
    """An alert with its before/after evidence, ready for a template or JSON."""

    id: int
    kind: str
    actor: str
    actor_label: str
    issue: str
    issue_label: str
    from_stance: str | None
    to_stance: str
    severity: str
    status: str
    created_at: datetime
    emailed_at: datetime | None
    delivery: str
    new: EvidenceView
    old: EvidenceView | None
    channel: str = "digest"
    sources: int = 1
    reports: int = 1
    history: tuple[HistoryView, ...] = ()
    delivery_error: str | None = None  # why the last attempt failed
    next_attempt_at: datetime | None = None  # when a failed delivery is tried again
    links: AlertLinks | None = None  # the web app's page and one-click actions, when it is set up

    @property
    def corroboration(self) -> str:
        return corroboration_of(self.sources)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def older_note(self) -> str:
        """For a report older than the position it contradicts: why the position did not move."""
        if self.kind != "older":
            return ""
        stored = f" of {self.old.published:%Y-%m-%d}" if self.old and self.old.published else ""
        return (f"This report is older than the stored position{stored}: the position stays {self.from_stance}"
                f" unless you confirm {self.to_stance}.")

    def as_json(self) -> dict[str, object]:
        """The shape of `stancewatch alerts list --format json`."""
        return {
            "id": self.id,
            "kind": self.kind,
            "note": self.older_note or None,
            "actor": self.actor,
            "issue": self.issue,
            "from": self.from_stance,
            "to": self.to_stance,
            "severity": self.severity,
            "article_url": self.new.url,
            "article_title": self.new.title,
            "published": self.new.published.isoformat() if self.new.published else None,
            "evidence": self.new.sentence,
            "previous_evidence": self.old.sentence if self.old else None,
            "previous_url": self.old.url if self.old else None,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "emailed_at": self.emailed_at.isoformat() if self.emailed_at else None,
            "delivery": self.delivery,
            "delivery_error": self.delivery_error,
            "next_attempt_at": self.next_attempt_at.isoformat() if self.next_attempt_at else None,
            "channel": self.channel,
            "corroboration": self.corroboration,
            "sources": self.sources,
            "reports": self.reports,
            "source": self.new.source,
        }


def evidence_dict(view: EvidenceView) -> dict[str, object]:
    """EvidenceView as a JSON-ready dict."""
    data = asdict(view)
    data["published"] = view.published.isoformat() if view.published else None
    return data


@dataclass(frozen=True)
class SilentFeed:
    """A feed that has published nothing new for longer than expected."""

    name: str
    url: str
    last_new_entry_at: datetime | None


# What the HTML report shows (read by storage.reporting, drawn by alerts.report)
@dataclass(frozen=True)
class TimelinePoint:
    """One asserted claim of an actor on an issue, placed in time by its article's publication date."""

    actor: str
    issue: str
    stance: str
    published: datetime | None
    url: str
    title: str
    sentence: str
    dismissed: bool


@dataclass(frozen=True)
class PositionCell:
    """One stored position: a cell of the actor × issue matrix."""

    actor: str
    issue: str
    stance: str
    since: datetime | None
    origin: str  # baseline | monitor | editor
    url: str | None  # the evidence's article; None for an editor's correction without a claim
    sentence: str | None
    note: str | None


@dataclass(frozen=True)
class ReportRows:
    """What the HTML report shows, read from the database in one transaction: the stored positions,
    each issue's claims over time, and the open alerts."""

    cells: list[PositionCell]
    points: dict[str, list[TimelinePoint]]
    alerts: list[AlertView]
