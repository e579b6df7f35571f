"""Commands that operate the system: feeds, the database, the report, the web app and the local stack."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from stancewatch.cli.common import (
    Format,
    FormatOption,
    app,
    check_ids,
    current_settings,
    db_app,
    emit,
    err,
    out,
    stack_app,
    watchlist,
    web_app,
)


@app.command()
def feeds(fmt: FormatOption = Format.table) -> None:
    """List the configured feeds with the state of their last fetch."""
    from core.feedlist import load_feed_list
    from storage.db import open_store
    from storage.feeds import feed_listing

    settings = current_settings()
    configured = load_feed_list(settings.feeds_file)
    with open_store(settings.db_url()) as session:
        rows = feed_listing(session, configured, settings.silent_after())
    emit(rows, fmt, ["name", "lang", "health", "last_fetched_at", "last_status", "failures", "last_error"], "feeds")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply all database migrations (also done automatically on first use)."""
    from storage.db import make_engine, shown_url

    url = current_settings().db_url()
    make_engine(url)
    out.print(f"database up to date: {shown_url(url)}")


@db_app.command("check")
def db_check() -> None:
    """Check the database for damage (SQLite's integrity check, a full read on PostgreSQL), rows left
    without their parent, and the schema's migration; say what to do."""
    from storage.db import inspect_store, shown_url

    url = current_settings().db_url()
    shown = shown_url(url)
    damage, behind = inspect_store(url)
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
    from core.errors import ConfigError
    from storage.db import open_store
    from storage.reporting import report_rows

    settings = current_settings()
    lexicon = watchlist(settings)
    for name in issue or []:
        check_ids(lexicon, None, name)
    if out_file.is_dir():
        raise ConfigError(f"--out {out_file} is a folder: give a file name, e.g. {out_file / 'report.html'}")
    # one step for the matrix, one per issue's timeline (drawing is what takes the time)
    steps = 1 + len(issue or lexicon.issues)
    with open_store(settings.db_url()) as session:
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

    settings = current_settings()
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

    settings = current_settings()
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

    emit(status(current_settings()), fmt, ["name", "pid", "alive", "url", "log"], "local stack")


@stack_app.command("down")
def stack_down() -> None:
    """Stop every process of the local stack (workers get time to finish their step)."""
    from flows.stack import down

    stopped = down(current_settings())
    out.print(f"stopped {len(stopped)} process(es)" if stopped else "no stack was running", markup=False)
