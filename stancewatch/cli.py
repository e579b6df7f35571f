"""The `stancewatch` command line: run and serve the monitor, load the baseline, review alerts and positions."""

from __future__ import annotations

import json
import os
import sys
import threading
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from stancewatch.errors import StancewatchError

if TYPE_CHECKING:
    from parsers.lexicon import Lexicon
    from stancewatch.settings import Settings
    from storage.review import Editor

# Offline by design: no telemetry calls home from Prefect.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Prefect's local mode starts a temporary API server and gives up after 20 s; on a fresh
# PREFECT_HOME or a busy 2-core machine it takes 25-40 s, so the first `demo` or `run` failed.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")

DATA = Path(__file__).resolve().parent.parent / "data"

def _typer(help: str | None, **options: object) -> typer.Typer:
    # Plain help (no rich panels): typer's panels name each value by its Python type ("<str>",
    # "<list[Path]>", "<bool>" even for flags); plain help shows the metavars given below and none
    # for flags.
    return typer.Typer(help=help, rich_markup_mode=None, **options)  # type: ignore[arg-type]


# "-h" as well as "--help" on every command (subcommands inherit the setting from the app's context)
app = _typer(__doc__, no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
             context_settings={"help_option_names": ["-h", "--help"]})
alerts_app = _typer("Review the alerts: list, show, confirm, dismiss, mark read.", no_args_is_help=True)
baseline_app = _typer("The stored positions' starting point.", no_args_is_help=True)
lexicon_app = _typer("The watchlist: actors, issues and cues.", no_args_is_help=True)
db_app = _typer("The database schema.", no_args_is_help=True)
positions_app = _typer("The stored positions: list, history, corrections.")
stack_app = _typer("A local stack without Docker: Prefect server, workers, web app, mail sink.", no_args_is_help=True)
web_app = _typer("The editors' web app: alerts, positions, decisions, one-click actions from the email.")
app.add_typer(alerts_app, name="alerts")
app.add_typer(baseline_app, name="baseline")
app.add_typer(lexicon_app, name="lexicon")
app.add_typer(db_app, name="db")
app.add_typer(positions_app, name="positions")
app.add_typer(web_app, name="web")
app.add_typer(stack_app, name="stack")

out = Console()
err = Console(stderr=True, soft_wrap=True, highlight=False)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"stancewatch {version('stancewatch')}")
        except PackageNotFoundError:  # run from a checkout without an install
            typer.echo("stancewatch (not installed)")
        raise typer.Exit()


# Without --verbose a run shows our progress and result, not Prefect's per-task INFO lines or its
# server start and stop: Prefect reads these overrides of its logging config when it is imported.
QUIET_PREFECT = {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "WARNING",
}


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's own log lines too.")] = False,
) -> None:
    """Stancewatch: stance shifts in negotiation coverage."""
    if not verbose and "prefect" not in sys.modules:
        for name, value in QUIET_PREFECT.items():
            os.environ.setdefault(name, value)


# Table cells longer than this are cut; the prose column never gets narrower than MIN_PROSE.
MAX_CELL = 24
MIN_PROSE = 10


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


FormatOption = Annotated[Format, typer.Option("--format", "-f", metavar="table|json|jsonl", help="table for people, json/jsonl for programs")]


def main() -> None:
    """Entry point: run the app and turn our errors into one line: exit code 2 for bad usage (a
    setting, an option, a name), 1 for everything else."""
    from stancewatch.errors import ConfigError

    try:
        app()
    except StancewatchError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", markup=True)
        raise SystemExit(2 if isinstance(exc, ConfigError) else 1) from None
    except Exception as exc:
        # a database that cannot be read (damaged, locked, gone) is the database's, not a bug
        from sqlalchemy.exc import DatabaseError

        if isinstance(exc, DatabaseError):
            reason = " ".join(str(exc.orig).split())[:300]
        elif _database_damaged():  # rows a damaged page lost leave others without their parent
            reason = f"{type(exc).__name__} on rows the damage left incomplete"
        else:
            raise
        err.print(f"[red]error:[/red] the database cannot be read ({escape(reason)}): run `stancewatch db check`",
                  markup=True)
        raise SystemExit(1) from None


def _database_damaged() -> bool:
    """After an unexpected error: does the database check find damage? (Never raises.)"""
    from sqlalchemy import create_engine

    from storage.db import check_database

    try:
        return bool(check_database(create_engine(_settings().db_url())))
    except Exception:  # noqa: BLE001 (the original error is the one to show)
        return False


def _settings() -> Settings:
    from pydantic import ValidationError

    from stancewatch.errors import ConfigError
    from stancewatch.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"STANCEWATCH_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid settings: {problems}") from None


def _lexicon(settings: Settings) -> Lexicon:
    from parsers.lexicon import load_lexicon

    return load_lexicon(settings.lexicon_dirs())


def _emit(rows: list[dict[str, Any]], fmt: Format, columns: list[str], title: str) -> None:
    if fmt is Format.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt is Format.jsonl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False, default=str))
    else:
        shown, widths = _fit_columns(columns, rows, out.width)
        table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
        for column, width in zip(shown, widths):
            table.add_column(column, no_wrap=True, overflow="ellipsis", width=width)
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in shown))
        out.print(table)
        if len(shown) < len(columns):
            err.print(f"(columns left out to fit {out.width} characters: {', '.join(columns[len(shown):])}; "
                      "a wider terminal or --format json shows them)")


def _fit_columns(columns: list[str], rows: list[dict[str, Any]], room: int) -> tuple[list[str], list[int]]:
    """The columns that fit in ``room`` characters and their widths. Columns are listed by importance,
    ids first: no value is cut but the last column's prose (evidence, URL), which gets the room the
    others leave down to MIN_PROSE; when even that does not fit, columns are left out from the right."""
    natural = [max([len(c)] + [len("" if r.get(c) is None else str(r.get(c))) for r in rows]) for c in columns]
    widths = [min(MAX_CELL, n) for n in natural]
    count = len(columns)

    def used(n: int) -> int:  # n columns, three characters between them and one at each edge
        return sum(widths[:n]) + 3 * (n - 1) + 2

    while count > 1:
        rest = room - used(count - 1) - 3
        # the prose column may be cut; any other last column shows whole or not at all
        least = min(MIN_PROSE, natural[count - 1]) if count == len(columns) else widths[count - 1]
        if rest >= least:
            widths[count - 1] = min(natural[count - 1], rest)
            break
        count -= 1
    return columns[:count], widths[:count]


def _say_orchestration() -> None:
    """One progress line before a flow runs: without a Prefect server, Prefect first starts a temporary
    one, which takes 10-40 s on a fresh machine and says nothing while it does."""
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        err.print("starting Prefect's temporary API server (10-40 s on a fresh machine; a running "
                  "`prefect server start` with PREFECT_API_URL set saves this)…", markup=False)


def _stop_temporary_prefect_server() -> None:
    """Stop the temporary API server Prefect started for this process's flow runs, if it did: a
    process that goes on waiting (``demo --serve``) does not need it, and a Ctrl-C would reach it
    too and print its shutdown tracebacks."""
    from prefect.server.api.server import SubprocessASGIServer

    # the running servers are only known to the class (it keeps one per port)
    for server in list(getattr(SubprocessASGIServer, "_instances", {}).values()):
        server.stop()


def exit_code(failures: int, attempts: int) -> int:
    """0 when all went well, 1 when some items failed, 2 when almost all failed."""
    if failures == 0:
        return 0
    # "almost all": nine in ten, so one surviving feed out of many still counts as a partial outage
    return 2 if attempts and failures / attempts >= 0.9 else 1


@app.command()
def run(
    feed: Annotated[str | None, typer.Option(metavar="NAME", help="Only this feed (its name in the feeds file).")] = None,
    feed_url: Annotated[str | None, typer.Option(metavar="URL", help="A feed not in the feeds file, for a one-off run.")] = None,
    url: Annotated[str | None, typer.Option(metavar="URL", help="Only this article page.")] = None,
    since: Annotated[datetime | None, typer.Option(metavar="YYYY-MM-DD", formats=["%Y-%m-%d"], help="Skip entries published before this date.")] = None,
) -> None:
    """Run the monitor flow now: poll feeds, code new articles, alert on shifts."""
    from flows.monitor import monitor, select_feeds
    from parsers.lexicon import check_files

    settings = _settings()
    if url is None:
        select_feeds(settings, feed, feed_url)  # a bad name or feeds file fails before Prefect starts
    check_files(settings.lexicon_dirs())  # so does an editor's lexicon file that is no UTF-8 or no YAML
    _say_orchestration()
    summary = monitor(feed=feed, feed_url=feed_url, url=url, since=since.date() if since else None)
    a = summary.articles
    out.print(
        f"feeds: {len(summary.feeds)} polled, {sum(f.new_entries for f in summary.feeds)} new entries, "
        f"{sum(1 for f in summary.feeds if f.error)} failed · articles: {a.coded} coded, {a.duplicates} duplicates, "
        f"{a.failed} failed" + (f", {a.versions} new versions, {a.unchanged} unchanged" if a.versions or a.unchanged else "")
        + f" · {a.claims} claims, {a.new_positions} new positions, {a.shifts} shifts"
        + (f", {a.older} older reports" if a.older else "") + " · "
        f"{summary.emailed} alerts emailed" + (f" to {summary.delivered_to}" if summary.delivered_to else "")
    )
    for feed_outcome in summary.feeds:
        if feed_outcome.error:
            err.print(f"feed {feed_outcome.name}: {feed_outcome.error}", markup=False)
    for reason in a.errors:
        err.print(f"article: {reason}", markup=False)
    if summary.delivery_error:
        err.print(f"email not delivered: {summary.delivery_error}", markup=False)
    backlog = summary.backlog
    if backlog.waiting:
        err.print(f"{backlog.waiting} alert(s) wait for a retry, the next after {backlog.next_attempt_at:%Y-%m-%d %H:%M} "
                  f"UTC (last error: {backlog.last_error})", markup=False)
    if backlog.uncertain:
        err.print(f"{backlog.uncertain} alert(s) may or may not have arrived (the mail server took the message but no "
                  "answer came): `stancewatch alerts list --status uncertain`, check the mail server's log, then "
                  "`stancewatch alerts resend ID` or `alerts ack ID`", markup=False)
    # mail that did not go out is a failure of the run, as a failed feed is
    undelivered = bool(summary.delivery_error or backlog.waiting or backlog.uncertain)
    raise typer.Exit(max(exit_code(summary.failures, summary.attempts), int(undelivered)))


@app.command()
def rerun(
    since: Annotated[datetime, typer.Option(metavar="YYYY-MM-DD", formats=["%Y-%m-%d"], help="First publication day to re-code.")],
    until: Annotated[datetime | None, typer.Option(metavar="YYYY-MM-DD", formats=["%Y-%m-%d"], help="Last publication day.")] = None,
    feed: Annotated[str | None, typer.Option(metavar="NAME", help="Only articles of this feed.")] = None,
) -> None:
    """Re-code stored articles with the current lexicons (no re-fetch); alert only on what is new."""
    from flows.rerun import rerun as rerun_flow

    result = rerun_flow(since=since.date(), until=until.date() if until else None, feed=feed)
    out.print(f"re-coded {result.articles} articles: {result.new_claims} new claims, "
              f"{result.new_positions} new positions, {result.shifts} shifts"
              + (f", {result.older} older reports" if result.older else ""))


@app.command()
def serve() -> None:
    """Serve the monitor deployment on its schedule (every STANCEWATCH_SCHEDULE_MINUTES) until stopped."""
    from flows.deployments import serve_monitor

    serve_monitor(_settings())


@app.command()
def deploy(
    pool: Annotated[str | None, typer.Option(metavar="NAME", help="Work pool name (default STANCEWATCH_WORK_POOL).")] = None,
    groups: Annotated[int | None, typer.Option(metavar="N", help="Feed groups per run (default STANCEWATCH_FEED_GROUPS).")] = None,
) -> None:
    """Register the deployments on a Prefect work pool, for `prefect worker start --pool POOL` workers."""
    from flows.deployments import deploy_to_pool

    settings = _settings()
    pool, groups = pool or settings.work_pool, groups or settings.feed_groups
    ids = deploy_to_pool(settings, pool, groups)
    out.print(f"work pool {pool!r}: deployments monitor-feeds/monitor-group and dispatch-monitor/dispatch-scheduled "
              f"(every {settings.schedule_minutes} min, {groups} feed group(s)) registered: {', '.join(ids)}")


@baseline_app.command("load")
def baseline_load(
    folder: Annotated[Path | None, typer.Argument(metavar="FOLDER", help="Folder of seed article files; default data/seeds.")] = None,
) -> None:
    """Code the seed articles and store the positions they establish (raises no alerts)."""
    from flows.baseline import load_baseline

    settings = _settings()
    folder = folder or settings.seeds_dir or DATA / "seeds"
    summary = load_baseline(folder, _lexicon(settings), settings)
    out.print(f"baseline: {summary.articles} articles loaded, {summary.skipped} already stored, "
              f"{summary.claims} claims, {summary.positions} positions")


def _read_any(path: Path) -> Any:
    from parsers.article import extract_article, read_article_file
    from stancewatch.errors import ArticleFileError

    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ArticleFileError(str(path), f"cannot read: {exc.strerror}") from None
    if path.suffix.lower() in (".html", ".htm"):
        return extract_article(content, path.resolve().as_uri())
    try:
        return read_article_file(content.decode("utf-8"), str(path))
    except UnicodeDecodeError:
        raise ArticleFileError(str(path), "not UTF-8 text") from None


@app.command()
def claims(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Article files (header + text) or .html pages.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Code article files and print their claims (one JSON line per file with --format jsonl)."""
    from parsers.article import article_day
    from parsers.claims import code_claims

    lexicon = _lexicon(_settings())
    coded = []
    problems: list[str] = []
    for path in files:
        try:
            text = _read_any(path)
        except StancewatchError as exc:  # one bad file does not cost the others their claims
            problems.append(str(exc))
            continue
        coded.append((path, code_claims(text.text, text.lang, lexicon, article_day(text))))
    rows: list[dict[str, Any]] = [{"id": p.stem, "claims": [c.as_dict() for c in found]} for p, found in coded]
    if fmt is Format.table:
        flat = [{"id": path.stem, **c.as_dict()} for path, found in coded for c in found]
        _emit(flat, fmt, ["id", "actor", "issue", "stance", "modality", "confidence", "sentence"], "claims")
    else:
        _emit(rows, fmt, [], "")
    for problem in problems:
        err.print(f"[red]error:[/red] {escape(problem)}", markup=True)
    if problems:
        raise typer.Exit(1)


@app.command()
def explain(file: Annotated[Path, typer.Argument(metavar="FILE", help="An article file or .html page.")]) -> None:
    """Print each claim of an article with the words that made it."""
    from parsers.article import article_day
    from parsers.claims import code_claims

    text = _read_any(file)
    found = code_claims(text.text, text.lang, _lexicon(_settings()), article_day(text))
    if not found:
        out.print("no claims found")
    for claim in found:
        ev = claim.evidence
        out.print(f"[bold]{claim.actor} {claim.issue} {claim.stance}[/bold] ({claim.modality}, {claim.confidence:.2f})")
        out.print(f"  sentence #{claim.sentence_index}: {claim.sentence}", highlight=False, markup=False)
        if ev is not None:
            out.print(f"  actor: {ev.actor!r}  issue: {ev.issue!r}  cue: {ev.cue!r}  markers: {', '.join(ev.markers) or '-'}",
                      highlight=False, markup=False)


@alerts_app.command("list")
def alerts_list(
    status: Annotated[str | None, typer.Option(
        metavar="STATUS", help="open, acked, confirmed or dismissed; or a delivery state: pending, sent, uncertain…")] = None,
    actor: Annotated[str | None, typer.Option(metavar="ACTOR", help="Only this actor id.")] = None,
    issue: Annotated[str | None, typer.Option(metavar="ISSUE", help="Only this issue id.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the alerts, oldest first."""
    from stancewatch.errors import ConfigError
    from storage.alerts import list_alerts, to_view
    from storage.db import make_engine, session_scope
    from storage.models import ALERT_STATUSES, DELIVERY_STATES

    settings = _settings()
    lexicon = _lexicon(settings)
    _check_ids(lexicon, actor, issue)
    if status is not None and status not in ALERT_STATUSES + DELIVERY_STATES:
        raise ConfigError(f"status {status!r} is not one of {', '.join(ALERT_STATUSES + DELIVERY_STATES)}")
    names = lexicon.labels()
    with session_scope(make_engine(settings.db_url())) as session:
        rows = [to_view(a, names).as_json() for a in list_alerts(session, status, actor, issue)]
    for row in rows:
        row["date"] = str(row["published"] or "")[:10]
        if fmt is Format.table:  # one narrow column: "2/3 ✓" is 2 independent sources in 3 reports, confirmed
            mark = " ✓" if row["corroboration"] == "confirmed" else ""
            row["sources"] = f"{row['sources']}/{row['reports']}{mark}"
            if row["kind"] == "older":  # published before the stored position: it did not move
                row["id"] = f"{row['id']}*"  # marked where it is always shown
    _emit(rows, fmt, ["id", "actor", "issue", "from", "to", "severity", "date", "status", "sources", "evidence"],
          "alerts")
    if fmt is Format.table and rows:
        err.print("(sources: independent outlets / reports of the move; ✓ = confirmed by enough sources"
                  + ("; id* = an older report, published before the stored position, which stays" if any(
                      row["kind"] == "older" for row in rows) else "") + ")")


def _cli_editor() -> Editor:
    """Who decides on the command line: the login name, recorded with the decision."""
    import getpass

    from storage.review import Editor

    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name (a container's numeric user)
        name = "unknown"
    return Editor(name, "cli")


def _decide(alert_ids: list[int], action: str, reason: str | None = None) -> list[str]:
    """Apply a review decision to each alert id, all in one transaction (one bad id changes none), and log
    it; returns the alerts whose earlier decision an acknowledgement kept."""
    from storage.alerts import DECIDED
    from storage.db import make_engine, session_scope
    from storage.review import decide

    editor, kept = _cli_editor(), []
    with session_scope(make_engine(_settings().db_url())) as session:
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
    from storage.db import make_engine, session_scope

    settings = _settings()
    with session_scope(make_engine(settings.db_url())) as session:
        view = to_view(get_alert(session, alert_id), _lexicon(settings).labels())
        reports = evidence_of(session, alert_id)
    data = view.as_json()
    data["reports_list"] = [evidence_dict(r) for r in reports]
    if fmt is not Format.table:
        _emit([data], fmt, [], "")
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
    from storage.db import make_engine, session_scope
    from storage.review import review_stats

    with session_scope(make_engine(_settings().db_url())) as session:
        stats = review_stats(session)
    rows: list[dict[str, Any]] = [
        {"issue": s.issue, "alerts": s.alerts, "confirmed": s.confirmed, "dismissed": s.dismissed, "acked": s.acked,
         "open": s.open, "precision": None if s.precision is None else round(s.precision, 3)}
        for s in stats
    ]
    _emit(rows, fmt, ["issue", "alerts", "confirmed", "dismissed", "acked", "open", "precision"], "review")


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
def alerts_resend(alert_ids: Annotated[list[int], typer.Argument(metavar="ID...", help="Alert ids.")]) -> None:
    """Queue alerts for email again (e.g. after an uncertain delivery), with their first Message-ID."""
    from storage.alerts import resend_alert
    from storage.db import make_engine, session_scope

    with session_scope(make_engine(_settings().db_url())) as session:  # one bad id queues none
        for alert_id in alert_ids:
            resend_alert(session, alert_id)
    out.print(f"queued {len(alert_ids)} alert(s); they go out with the next run")


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
    from storage.db import make_engine, session_scope
    from storage.positions import current_positions

    settings = _settings()
    _check_ids(_lexicon(settings), actor, issue)
    with session_scope(make_engine(settings.db_url())) as session:
        rows = [
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
    _emit(rows, fmt, ["actor", "issue", "stance", "since", "last_seen", "count", "origin", "evidence"], "positions")
    if not rows and actor is None and issue is None:
        err.print("no stored positions yet: `stancewatch baseline load` starts them from the seed articles")


@positions_app.command("history")
def positions_history(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Actor id, e.g. russia.")],
    issue: Annotated[str, typer.Argument(metavar="ISSUE", help="Issue id, e.g. territory_donbas.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Every claim of an actor on an issue over time, with its source."""
    from storage.db import make_engine, session_scope
    from storage.review import position_history

    settings = _settings()
    _check_ids(_lexicon(settings), actor, issue)
    with session_scope(make_engine(settings.db_url())) as session:
        rows = [
            {"date": e.published.date().isoformat() if e.published else None, "stance": e.stance,
             "dismissed": e.dismissed, "source": e.source, "sentence": e.sentence}
            for e in position_history(session, actor, issue)
        ]
    _emit(rows, fmt, ["date", "stance", "dismissed", "source", "sentence"], f"{actor} on {issue}")


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
    from parsers.normalize import normalize_text
    from parsers.types import STANCES
    from stancewatch.errors import ConfigError
    from storage.db import make_engine, session_scope
    from storage.review import correct_position

    settings = _settings()
    _check_ids(_lexicon(settings), actor, issue)
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
    with session_scope(make_engine(settings.db_url())) as session:
        correct_position(session, actor, issue, stance, note, _cli_editor(), day, source)
    since = f", since {stated}" if stated else ""
    out.print(f"{actor} on {issue} is now {stance} (editor: {note}{since})", markup=False)


def _check_ids(lexicon: Lexicon, actor: str | None, issue: str | None) -> None:
    """Refuse an actor or issue id the watchlist does not know (None: no filter)."""
    from stancewatch.errors import ConfigError

    if actor is not None and actor not in lexicon.actors:
        raise ConfigError(f"actor {actor!r} is not in the watchlist (known: {', '.join(sorted(lexicon.actors))})")
    if issue is not None and issue not in lexicon.issues:
        raise ConfigError(f"issue {issue!r} is not in the watchlist (known: {', '.join(sorted(lexicon.issues))})")


@app.command()
def feeds(fmt: FormatOption = Format.table) -> None:
    """List the configured feeds with the state of their last fetch."""
    from sqlalchemy import select

    from stancewatch.feedlist import load_feed_list
    from storage.db import make_engine, session_scope
    from storage.feeds import feed_health
    from storage.models import Feed

    settings = _settings()
    configured = load_feed_list(settings.feeds_file)
    with session_scope(make_engine(settings.db_url())) as session:
        state = {f.name: f for f in session.scalars(select(Feed))}
        rows = []
        for c in configured:
            f = state.get(c.name)
            rows.append({
                "name": c.name, "lang": c.lang, "url": str(c.url), "relevance_filter": c.relevance_filter,
                "health": feed_health(f, settings.silent_after()) if f else "new",
                "next_attempt_at": f.next_attempt_at.isoformat(timespec="seconds") if f and f.next_attempt_at else None,
                "last_fetched_at": f.last_fetched_at.isoformat(timespec="seconds") if f and f.last_fetched_at else None,
                "last_status": f.last_status if f else None, "failures": f.failures if f else 0,
                "last_error": f.last_error if f else None,
            })
    _emit(rows, fmt, ["name", "lang", "health", "last_fetched_at", "last_status", "failures", "last_error"], "feeds")


@lexicon_app.command("check")
def lexicon_check(folder: Annotated[Path | None, typer.Argument(metavar="FOLDER", help="An editor's lexicon folder.")] = None) -> None:
    """Validate the shipped lexicon and an editor's folder; list every problem."""
    from parsers.lexicon import load_lexicon

    lexicon = load_lexicon([folder] if folder else [])
    out.print(f"lexicon ok: {len(lexicon.actors)} actors, {len(lexicon.issues)} issues, fingerprint {lexicon.fingerprint}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply all database migrations (also done automatically on first use)."""
    from sqlalchemy.engine import make_url

    from storage.db import make_engine

    url = _settings().db_url()
    make_engine(url)
    out.print(f"database up to date: {make_url(url).render_as_string(hide_password=True)}")


@db_app.command("check")
def db_check() -> None:
    """Check the database for damage (SQLite's integrity check, a full read on PostgreSQL), rows left
    without their parent, and the schema's migration; say what to do."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from storage.db import check_database, schema_behind

    url = _settings().db_url()
    shown = make_url(url).render_as_string(hide_password=True)
    # a plain engine: opening one with stancewatch's would migrate the schema first
    engine = create_engine(url)
    damage = check_database(engine)
    behind = None if damage else schema_behind(engine)  # a damaged file's schema is not the question
    if not damage and not behind:
        out.print(f"database ok: {shown}")
        return
    for problem in [*damage, *([behind] if behind else [])]:
        err.print(f"{shown}: {problem}", markup=False)
    if damage:
        err.print("the database is damaged: stop the scheduled runs, keep a copy of it, then restore the last "
                  "backup (on SQLite, `sqlite3 FILE .recover | sqlite3 NEW` saves what can be read); "
                  "nothing is repaired automatically", markup=False)
    raise typer.Exit(1)


@app.command()
def report(
    out_file: Annotated[Path, typer.Option("--out", metavar="FILE", help="The HTML file to write.")] = Path("report.html"),
    issue: Annotated[list[str] | None, typer.Option(metavar="ISSUE", help="Only this issue id (repeatable).")] = None,
    since: Annotated[datetime | None, typer.Option(metavar="YYYY-MM-DD", formats=["%Y-%m-%d"], help="Claims and alerts published on or after this day.")] = None,
) -> None:
    """Write a self-contained HTML report: position matrix, a timeline per issue, open alerts."""
    from rich.progress import Progress

    from alerts.policy import policy_for
    from alerts.report import build_report
    from stancewatch.errors import ConfigError
    from storage.db import make_engine, session_scope
    from storage.reporting import report_rows

    settings = _settings()
    lexicon = _lexicon(settings)
    for name in issue or []:
        _check_ids(lexicon, None, name)
    if out_file.is_dir():
        raise ConfigError(f"--out {out_file} is a folder: give a file name, e.g. {out_file / 'report.html'}")
    # one step for the matrix, one per issue's timeline (drawing is what takes the time)
    steps = 1 + len(issue or lexicon.issues)
    with session_scope(make_engine(settings.db_url())) as session:
        rows = report_rows(session, issue or list(lexicon.issues), lexicon.labels(), since, only_issues=bool(issue))
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("drawing", total=steps)
        html = build_report(rows, lexicon, issues=issue or None, since=since,
                            progress=lambda step: progress.update(task, advance=1, description=step),
                            issue_severity=policy_for(lexicon, settings).issue_severity)
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the report to {out_file}: {exc.strerror or exc}; choose another --out") from None
    out.print(f"report written to {out_file.resolve()}", markup=False, highlight=False)


@app.command()
def demo(
    home: Annotated[Path, typer.Option(metavar="FOLDER", help="Data folder of the demo (its database and outbox are reset).")] = Path("stancewatch-demo"),
    serve: Annotated[bool, typer.Option("--serve", help="Keep the demo sites up afterwards (until Ctrl-C), "
                                        "to run the monitor against them again.")] = False,
) -> None:
    """Serve sample coverage on loopback, load the baseline, run the monitor, show alerts and outbox."""
    from flows.baseline import load_baseline
    from flows.monitor import monitor
    from stancewatch.demosite import serve_outlets

    home = home.resolve()
    for stale in [*home.glob("stancewatch.db*"), *home.glob("outbox/*.eml")]:
        stale.unlink()
    home.mkdir(parents=True, exist_ok=True)
    # one site per outlet (each on a port of its own, so they count as separate sources)
    with serve_outlets(DATA / "demo") as sites:
        feeds_file = home / "feeds.yaml"
        paths = {"de": "feeds/de.xml", "en": "feeds/en.atom"}
        feeds_file.write_text("feeds:\n" + "".join(
            f"  - {{name: {name}-{lang}, url: '{site.base}/{paths[lang]}', lang: {lang}, "
            "relevance_filter: false}\n"
            for name, (site, langs) in sites.items() for lang in langs), encoding="utf-8")
        os.environ.update(
            STANCEWATCH_HOME=str(home),
            STANCEWATCH_FEEDS_FILE=str(feeds_file),
            STANCEWATCH_ALLOW_PRIVATE_ADDRESSES="1",
            STANCEWATCH_HOST_INTERVAL_SECONDS="0",  # our own loopback sites
        )
        os.environ.pop("STANCEWATCH_DATABASE_URL", None)
        os.environ.pop("STANCEWATCH_SMTP_HOST", None)
        settings = _settings()
        out.rule(f"1. baseline from {DATA / 'seeds'}")
        summary = load_baseline(DATA / "seeds", _lexicon(settings), settings)
        out.print(f"{summary.articles} seed articles, {summary.claims} claims, {summary.positions} positions")
        out.rule(f"2. monitor flow on {len(sites)} outlets ({feeds_file})")
        for name, (site, langs) in sites.items():
            out.print(f"{name}: {site.base} ({', '.join(langs)})", markup=False, highlight=False)
        _say_orchestration()
        result = monitor()
        out.print(f"{result.articles.coded} articles coded, {result.articles.claims} claims, "
                  f"{result.articles.shifts} shifts, {result.articles.new_positions} new positions, "
                  f"{result.articles.older} older reports")
        out.rule("3. alerts")
        alerts_list(status=None, actor=None, issue=None, fmt=Format.table)
        out.rule("4. outbox")
        for eml in sorted(settings.outbox_dir().glob("*.eml")):
            out.print(f"{eml}")
        out.print(f"\nTry: STANCEWATCH_HOME={home} stancewatch positions", markup=False, highlight=False)
        if serve:  # the feeds file names these ports, which last as long as this process
            out.print(f"The demo sites stay up until Ctrl-C. In another terminal, to poll them again:\n"
                      f"  STANCEWATCH_HOME={home} STANCEWATCH_FEEDS_FILE={feeds_file} "
                      "STANCEWATCH_ALLOW_PRIVATE_ADDRESSES=1 stancewatch run", markup=False, highlight=False,
                      soft_wrap=True)  # one line to copy
            _stop_temporary_prefect_server()
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                out.print("demo sites stopped")
        else:
            out.print("(the demo sites stop now: `stancewatch demo --serve` keeps them up)", markup=False,
                      highlight=False)


@web_app.callback(invoke_without_command=True)
def web(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(metavar="ADDRESS", help="Listen address (default: the web_host setting, 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(metavar="PORT", help="Port (default: the web_port setting, 8765).")] = None,
    workers: Annotated[int | None, typer.Option(metavar="N", help="uvicorn worker processes (default: the web_workers setting).")] = None,
) -> None:
    """Serve the web app under uvicorn (or run a subcommand)."""
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn

    from web.auth import malformed_hashes

    settings = _settings()
    for name in malformed_hashes(settings.web_editors):
        err.print(f"warning: STANCEWATCH_WEB_EDITORS entry {name!r} is not a hashed token: make one with "
                  f"`stancewatch web token {name}`; {name} cannot sign in")
    if settings.web_secret is None:
        err.print("note: STANCEWATCH_WEB_SECRET is not set: nobody can sign in and emails carry no one-click links")
    bind_host, bind_port = host or settings.web_host, port or settings.web_port
    out.print(f"stancewatch web on http://{bind_host}:{bind_port}/ (Ctrl-C stops it)", markup=False)
    # a factory, so each worker process builds its own app (engine, lexicon) from the settings
    uvicorn.run("web.app:create_app", factory=True, host=bind_host, port=bind_port,
                workers=workers or settings.web_workers, proxy_headers=True,
                forwarded_allow_ips=settings.web_forwarded_allow_ips, log_level="warning")


@web_app.command("token")
def web_token(name: Annotated[str, typer.Argument(metavar="NAME", help="The editor's name, shown in the decision log.")]) -> None:
    """Make a sign-in token for an editor: give the token to the editor, put the hash in the settings."""
    import secrets

    from web.auth import hash_token

    token = secrets.token_urlsafe(18)
    # plain echo: a console would wrap the long hash across lines
    typer.echo(f"token for {name} (give it to them; it is shown once): {token}")
    typer.echo(f"add to STANCEWATCH_WEB_EDITORS: {json.dumps({name: hash_token(token)})}")


@stack_app.command("up")
def stack_up(
    workers: Annotated[int, typer.Option(metavar="N", min=0, help="Process workers on the work pool.")] = 2,
    web: Annotated[bool, typer.Option("--web/--no-web", help="Start the web app too.")] = True,
    prefect_port: Annotated[int, typer.Option(metavar="PORT", help="Port of the Prefect server (UI and API).")] = 4200,
    smtp_port: Annotated[int, typer.Option(metavar="PORT", help="Port of the mail sink (when no SMTP host is set).")] = 1025,
    limit: Annotated[int | None, typer.Option(metavar="N", min=1, help="Flow runs at once per worker (default: no limit).")] = None,
) -> None:
    """Start the compose file's topology as processes on this machine (no Docker): a Prefect server, the
    deployments, N workers, the web app and a mail sink; logs and state in STANCEWATCH_HOME/stack."""
    from flows.stack import Plan, folder, up

    settings = _settings()
    started = up(settings, Plan(workers=workers, web=web, prefect_port=prefect_port, smtp_port=smtp_port,
                                worker_limit=limit))
    for process in started:
        out.print(f"{process.name:<15} pid {process.pid:<8} {process.url or ''}", markup=False)
    out.print(f"logs and state in {folder(settings)}; `stancewatch stack down` stops everything", markup=False)
    if any(p.name == "smtp-sink" for p in started):
        out.print(f"alert emails go to the mail sink: maildir {folder(settings) / 'mail'}", markup=False)


@stack_app.command("status")
def stack_status(fmt: FormatOption = Format.table) -> None:
    """The stack's processes: name, pid, whether it runs, address, log."""
    from flows.stack import status

    _emit(status(_settings()), fmt, ["name", "pid", "alive", "url", "log"], "local stack")


@stack_app.command("down")
def stack_down() -> None:
    """Stop every process of the local stack (workers get time to finish their step)."""
    from flows.stack import down

    stopped = down(_settings())
    out.print(f"stopped {len(stopped)} process(es)" if stopped else "no stack was running", markup=False)
