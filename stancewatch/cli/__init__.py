"""The `stancewatch` command line: run and serve the monitor, load the baseline, review alerts and positions.

The commands live in this package's modules by what they are for; importing them registers them on
``app``."""

from __future__ import annotations

from rich.markup import escape

from core.errors import StancewatchError
from stancewatch.cli import coding, ops, review, run  # noqa: F401 (importing them registers the commands)
from stancewatch.cli.common import app, current_settings, err, exit_code, fit_columns

__all__ = ["app", "exit_code", "fit_columns", "main"]


def main() -> None:
    """Entry point: run the app and turn our errors into one line: exit code 2 for bad usage (a
    setting, an option, a name), 1 for everything else."""
    from core.errors import ConfigError

    try:
        app()
    except StancewatchError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", markup=True)
        raise SystemExit(2 if isinstance(exc, ConfigError) else 1) from None
    except Exception as exc:
        from storage.db import store_damaged, unreadable

        # a database that cannot be read (damaged, locked, gone) is the database's, not a bug
        reason = unreadable(exc)
        if reason is None and store_damaged(current_settings().db_url()):
            reason = f"{type(exc).__name__} on rows the damage left incomplete"  # rows a damaged page lost
        if reason is None:
            raise
        err.print(f"[red]error:[/red] the database cannot be read ({escape(reason)}): run `stancewatch db check`",
                  markup=True)
        raise SystemExit(1) from None
