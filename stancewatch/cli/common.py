"""The command line's shared parts: the typer apps, the consoles, settings and watchlist loading, tables and JSON output."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from core.settings import Settings
    from parsers.lexicon import Lexicon
    from storage.review import Editor

# Offline by design: no telemetry calls home from Prefect.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Prefect's local mode starts a temporary API server and gives up after 20 s; on a fresh
# PREFECT_HOME or a busy 2-core machine it takes 25-40 s, so the first `demo` or `run` failed.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")

DATA = Path(__file__).resolve().parent.parent.parent / "data"

def _typer(help: str | None, **options: object) -> typer.Typer:
    # Plain help (no rich panels): typer's panels name each value by its Python type ("<str>",
    # "<list[Path]>", "<bool>" even for flags); plain help shows the metavars given below and none
    # for flags.
    return typer.Typer(help=help, rich_markup_mode=None, **options)  # type: ignore[arg-type]


# "-h" as well as "--help" on every command (subcommands inherit the setting from the app's context)
app = _typer("The `stancewatch` command line: run and serve the monitor, load the baseline, review alerts and positions.",
             no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
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


def current_settings() -> Settings:
    from pydantic import ValidationError

    from core.errors import ConfigError
    from core.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"STANCEWATCH_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid settings: {problems}") from None


def watchlist(settings: Settings) -> Lexicon:
    from parsers.lexicon import load_lexicon

    return load_lexicon(settings.lexicon_dirs())


def emit(rows: list[dict[str, Any]], fmt: Format, columns: list[str], title: str) -> None:
    if fmt is Format.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt is Format.jsonl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False, default=str))
    else:
        shown, widths = fit_columns(columns, rows, out.width)
        table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
        for column, width in zip(shown, widths):
            table.add_column(column, no_wrap=True, overflow="ellipsis", width=width)
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in shown))
        out.print(table)
        if len(shown) < len(columns):
            err.print(f"(columns left out to fit {out.width} characters: {', '.join(columns[len(shown):])}; "
                      "a wider terminal or --format json shows them)")


def fit_columns(columns: list[str], rows: list[dict[str, Any]], room: int) -> tuple[list[str], list[int]]:
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


def say_orchestration() -> None:
    """One progress line before a flow runs: without a Prefect server, Prefect first starts a temporary
    one, which takes 10-40 s on a fresh machine and says nothing while it does."""
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        err.print("starting Prefect's temporary API server (10-40 s on a fresh machine; a running "
                  "`prefect server start` with PREFECT_API_URL set saves this)…", markup=False)


def stop_temporary_prefect_server() -> None:
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


def cli_editor() -> Editor:
    """Who decides on the command line: the login name, recorded with the decision."""
    import getpass

    from storage.review import Editor

    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name (a container's numeric user)
        name = "unknown"
    return Editor(name, "cli")


def check_ids(lexicon: Lexicon, actor: str | None, issue: str | None) -> None:
    """Refuse an actor or issue id the watchlist does not know (None: no filter)."""
    from core.errors import ConfigError

    if actor is not None and actor not in lexicon.actors:
        raise ConfigError(f"actor {actor!r} is not in the watchlist (known: {', '.join(sorted(lexicon.actors))})")
    if issue is not None and issue not in lexicon.issues:
        raise ConfigError(f"issue {issue!r} is not in the watchlist (known: {', '.join(sorted(lexicon.issues))})")
