"""Commands editors review with: alerts (list, show, confirm, dismiss, ack, resend, stats) and positions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from stancewatch.cli.common import (
    Format,
    FormatOption,
    alerts_app,
    check_ids,
    cli_editor,
    current_settings,
    emit,
    err,
    out,
    positions_app,
    watchlist,
)


@alerts_app.command("list")
def alerts_list(
    status: Annotated[str | None, typer.Option(
        metavar="STATUS", help="open, acked, confirmed or dismissed; or a delivery state: pending, sent, uncertain…")] = None,
    actor: Annotated[str | None, typer.Option(metavar="ACTOR", help="Only this actor id.")] = None,
    issue: Annotated[str | None, typer.Option(metavar="ISSUE", help="Only this issue id.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the alerts, oldest first."""
    from core.errors import ConfigError
    from storage.alerts import list_alerts, to_view
    from storage.db import open_store
    from storage.models import ALERT_STATUSES, DELIVERY_STATES

    settings = current_settings()
    lexicon = watchlist(settings)
    check_ids(lexicon, actor, issue)
    if status is not None and status not in ALERT_STATUSES + DELIVERY_STATES:
        raise ConfigError(f"status {status!r} is not one of {', '.join(ALERT_STATUSES + DELIVERY_STATES)}")
    names = lexicon.labels()
    with open_store(settings.db_url()) as session:
        rows = [to_view(a, names).as_json() for a in list_alerts(session, status, actor, issue)]
    for row in rows:
        row["date"] = str(row["published"] or "")[:10]
        if fmt is Format.table:  # one narrow column: "2/3 ✓" is 2 independent sources in 3 reports, confirmed
            mark = " ✓" if row["corroboration"] == "confirmed" else ""
            row["sources"] = f"{row['sources']}/{row['reports']}{mark}"
            if row["kind"] == "older":  # published before the stored position: it did not move
                row["id"] = f"{row['id']}*"  # marked where it is always shown
    emit(rows, fmt, ["id", "actor", "issue", "from", "to", "severity", "date", "status", "sources", "evidence"],
          "alerts")
    if fmt is Format.table and rows:
        err.print("(sources: independent outlets / reports of the move; ✓ = confirmed by enough sources"
                  + ("; id* = an older report, published before the stored position, which stays" if any(
                      row["kind"] == "older" for row in rows) else "") + ")")


def _decide(alert_ids: list[int], action: str, reason: str | None = None) -> list[str]:
    """Apply a review decision to each alert id, all in one transaction (one bad id changes none), and log
    it; returns the alerts whose earlier decision an acknowledgement kept."""
    from storage.alerts import DECIDED
    from storage.db import open_store
    from storage.review import decide

    editor, kept = cli_editor(), []
    with open_store(current_settings().db_url()) as session:
        for alert_id in alert_ids:
            alert = decide(session, alert_id, action, editor, reason)
            if action == "ack" and alert.status in DECIDED:
                kept.append(f"{alert_id} ({alert.status})")
    return kept


@alerts_app.command("ack")
def alerts_ack(alert_ids: Annotated[list[int], typer.Argument(metavar="ID...", help="Alert ids.")]) -> None:
    """Mark alerts as read (a confirmed or dismissed alert keeps its decision)."""
    decided = _decide(alert_ids, "ack")
    out.print(f"acknowledged {len(alert_ids) - len(decided)} alert(s)")
    if decided:
        out.print(f"kept the decision of {', '.join(decided)}")


@alerts_app.command("show")
def alerts_show(alert_id: Annotated[int, typer.Argument(metavar="ID", help="Alert id.")], fmt: FormatOption = Format.table) -> None:
    """One alert in full: the stored position before, the new claim, sources and delivery."""
    from alerts.render import iso_day
    from alerts.types import evidence_dict
    from storage.alerts import evidence_of, get_alert, to_view
    from storage.db import open_store

    settings = current_settings()
    with open_store(settings.db_url()) as session:
        view = to_view(get_alert(session, alert_id), watchlist(settings).labels())
        reports = evidence_of(session, alert_id)
    data = view.as_json()
    data["reports_list"] = [evidence_dict(r) for r in reports]
    if fmt is not Format.table:
        emit([data], fmt, [], "")
        return
    out.print(f"[bold]#{view.id} {view.actor_label} on {view.issue_label}: {view.from_stance or 'no position'} → "
              f"{view.to_stance}[/bold] ({view.kind_label}, {view.severity}, {view.status}, {view.channel} email: "
              f"{view.delivery})")
    if view.delivery_error:  # the last attempt failed: say why and when it is tried again
        retry = f"; next attempt after {view.next_attempt_at:%Y-%m-%d %H:%M} UTC" if view.next_attempt_at else ""
        out.print(f"  delivery: {view.delivery} ({view.delivery_error}{retry})", markup=False)
    if view.older_note:
        out.print(f"  {view.older_note}", markup=False)
    out.print(f"  {view.corroboration}: {view.sources} independent source(s), {view.reports} report(s)")
    labels_now = ("stored", "older report") if view.kind == "older" else ("before", "now")
    for label, ev in zip(labels_now, (view.old, view.new)):
        if ev is not None:
            out.print(f"  {label} ({ev.stance}, {iso_day(ev.published)}, {ev.source}): {ev.sentence}\n    {ev.title} {ev.link}",
                      markup=False)
    for n, ev in enumerate(reports[1:], start=2):
        out.print(f"  report {n} ({iso_day(ev.published)}, {ev.source}): {ev.sentence}\n    {ev.link}", markup=False)


@alerts_app.command("stats")
def alerts_stats(fmt: FormatOption = Format.table) -> None:
    """The editors' review as the coder's error statistics: per issue, alerts confirmed and dismissed."""
    from storage.db import open_store
    from storage.review import review_stats

    with open_store(current_settings().db_url()) as session:
        stats = review_stats(session)
    rows: list[dict[str, Any]] = [
        {"issue": s.issue, "alerts": s.alerts, "confirmed": s.confirmed, "dismissed": s.dismissed, "acked": s.acked,
         "open": s.open, "precision": None if s.precision is None else round(s.precision, 3)}
        for s in stats
    ]
    emit(rows, fmt, ["issue", "alerts", "confirmed", "dismissed", "acked", "open", "precision"], "review")


@alerts_app.command("confirm")
def alerts_confirm(alert_ids: Annotated[list[int], typer.Argument(metavar="ID...", help="Alert ids.")]) -> None:
    """Confirm alerts: their new stance becomes the stored position."""
    _decide(alert_ids, "confirm")
    out.print(f"confirmed {len(alert_ids)} alert(s)")


@alerts_app.command("dismiss")
def alerts_dismiss(
    alert_ids: Annotated[list[int], typer.Argument(metavar="ID...", help="Alert ids.")],
    reason: Annotated[str | None, typer.Option(metavar="TEXT", help="Why: recorded in the decision log.")] = None,
) -> None:
    """Dismiss alerts as false positives: the position returns to what it was."""
    _decide(alert_ids, "dismiss", reason)
    out.print(f"dismissed {len(alert_ids)} alert(s)")


@alerts_app.command("resend")
def alerts_resend(
    alert_ids: Annotated[list[int], typer.Argument(metavar="ID...", help="Alert ids.")],
    sender: Annotated[list[str] | None, typer.Option(
        "--sender", metavar="NAME", help="Only through this sender (repeatable; default: every sender in "
                                         "STANCEWATCH_SENDERS).")] = None,
) -> None:
    """Queue alerts for delivery again (e.g. after an uncertain delivery), with their first Message-ID."""
    from alerts.senders import SENDERS
    from core.errors import ConfigError
    from storage.alerts import resend_alert
    from storage.db import open_store

    settings = current_settings()
    names = list(dict.fromkeys(sender or settings.senders))
    unknown = [name for name in names if name not in SENDERS]
    if unknown:
        raise ConfigError(f"--sender {unknown[0]!r}: no such sender (known: {', '.join(sorted(SENDERS))})")
    with open_store(settings.db_url()) as session:  # one bad id queues none
        for alert_id in alert_ids:
            for name in names:
                resend_alert(session, alert_id, name)
    out.print(f"queued {len(alert_ids)} alert(s) for {', '.join(names)}; they go out with the next run")


@positions_app.callback(invoke_without_command=True)
def positions(
    ctx: typer.Context,
    actor: Annotated[str | None, typer.Option(metavar="ACTOR", help="Only this actor id.")] = None,
    issue: Annotated[str | None, typer.Option(metavar="ISSUE", help="Only this issue id.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show the stored positions with their evidence (or run a subcommand)."""
    if ctx.invoked_subcommand is not None:
        return
    from storage.db import open_store
    from storage.positions import position_listing

    settings = current_settings()
    check_ids(watchlist(settings), actor, issue)
    with open_store(settings.db_url()) as session:
        rows = position_listing(session, actor, issue)
    emit(rows, fmt, ["actor", "issue", "stance", "since", "last_seen", "count", "origin", "evidence"], "positions")
    if not rows and actor is None and issue is None:
        err.print("no stored positions yet: `stancewatch baseline load` starts them from the seed articles")


@positions_app.command("history")
def positions_history(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Actor id, e.g. russia.")],
    issue: Annotated[str, typer.Argument(metavar="ISSUE", help="Issue id, e.g. territory_donbas.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Every claim of an actor on an issue over time, with its source."""
    from storage.db import open_store
    from storage.review import position_history

    settings = current_settings()
    check_ids(watchlist(settings), actor, issue)
    with open_store(settings.db_url()) as session:
        rows = [
            {"date": e.published.date().isoformat() if e.published else None, "stance": e.stance,
             "dismissed": e.dismissed, "source": e.source, "sentence": e.sentence}
            for e in position_history(session, actor, issue)
        ]
    emit(rows, fmt, ["date", "stance", "dismissed", "source", "sentence"], f"{actor} on {issue}")


@positions_app.command("set")
def positions_set(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Actor id.")],
    issue: Annotated[str, typer.Argument(metavar="ISSUE", help="Issue id.")],
    stance: Annotated[str, typer.Argument(metavar="STANCE", help="support, oppose or open.")],
    note: Annotated[str, typer.Option(metavar="TEXT", help="Why: recorded with the correction.")],
    stated: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", help="When the position was stated, YYYY-MM-DD (default: today). Claims published "
                       "before it are history; later ones are compared with it.")] = None,
    source: Annotated[str | None, typer.Option(
        "--source", metavar="URL", help="Where it was stated (http or https URL), shown in the history.")] = None,
) -> None:
    """Correct a stored position by hand; recorded as an editor's correction with the note."""
    from urllib.parse import urlsplit

    from alerts.types import web_link
    from core.errors import ConfigError
    from parsers.normalize import normalize_text
    from parsers.types import STANCES
    from storage.db import open_store
    from storage.review import correct_position

    settings = current_settings()
    check_ids(watchlist(settings), actor, issue)
    if stance not in STANCES:
        raise ConfigError(f"stance {stance!r} is not one of {', '.join(STANCES)}")
    day = None
    if stated is not None:
        try:
            day = datetime.strptime(stated, "%Y-%m-%d")
        except ValueError:
            raise ConfigError(f"--date {stated!r} is not a date: use YYYY-MM-DD, e.g. 2026-01-15") from None
        if day > datetime.now():
            raise ConfigError(f"--date {stated} lies in the future: give the day the position was stated")
    if source is not None and (web_link(source) is None or not urlsplit(source).netloc):
        raise ConfigError(f"--source {source!r} is not an http(s) URL: give the page where the position was stated")
    note = normalize_text(note)  # typed text enters like page text: no invisible controls in emails and pages
    with open_store(settings.db_url()) as session:
        correct_position(session, actor, issue, stance, note, cli_editor(), day, source)
    since = f", since {stated}" if stated else ""
    out.print(f"{actor} on {issue} is now {stance} (editor: {note}{since})", markup=False)
