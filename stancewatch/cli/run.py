"""Commands that run the pipeline: the monitor now or on a schedule, a rerun, the baseline load, the demo."""

from __future__ import annotations

import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from stancewatch.cli.common import (
    DATA,
    Format,
    app,
    baseline_app,
    current_settings,
    err,
    exit_code,
    out,
    say_orchestration,
    stop_temporary_prefect_server,
    watchlist,
)


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

    settings = current_settings()
    if url is None:
        select_feeds(settings, feed, feed_url)  # a bad name or feeds file fails before Prefect starts
    check_files(settings.lexicon_dirs())  # so does an editor's lexicon file that is no UTF-8 or no YAML
    say_orchestration()
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
        err.print(f"alerts not delivered: {summary.delivery_error}", markup=False)
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

    serve_monitor(current_settings())


@app.command()
def deploy(
    pool: Annotated[str | None, typer.Option(metavar="NAME", help="Work pool name (default STANCEWATCH_WORK_POOL).")] = None,
    groups: Annotated[int | None, typer.Option(metavar="N", help="Feed groups per run (default STANCEWATCH_FEED_GROUPS).")] = None,
) -> None:
    """Register the deployments on a Prefect work pool, for `prefect worker start --pool POOL` workers."""
    from flows.deployments import deploy_to_pool

    settings = current_settings()
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

    settings = current_settings()
    folder = folder or settings.seeds_dir or DATA / "seeds"
    summary = load_baseline(folder, watchlist(settings), settings)
    out.print(f"baseline: {summary.articles} articles loaded, {summary.skipped} already stored, "
              f"{summary.claims} claims, {summary.positions} positions")


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
        settings = current_settings()
        out.rule(f"1. baseline from {DATA / 'seeds'}")
        summary = load_baseline(DATA / "seeds", watchlist(settings), settings)
        out.print(f"{summary.articles} seed articles, {summary.claims} claims, {summary.positions} positions")
        out.rule(f"2. monitor flow on {len(sites)} outlets ({feeds_file})")
        for name, (site, langs) in sites.items():
            out.print(f"{name}: {site.base} ({', '.join(langs)})", markup=False, highlight=False)
        say_orchestration()
        result = monitor()
        out.print(f"{result.articles.coded} articles coded, {result.articles.claims} claims, "
                  f"{result.articles.shifts} shifts, {result.articles.new_positions} new positions, "
                  f"{result.articles.older} older reports")
        out.rule("3. alerts")
        from stancewatch.cli.review import alerts_list

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
            stop_temporary_prefect_server()
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                out.print("demo sites stopped")
        else:
            out.print("(the demo sites stop now: `stancewatch demo --serve` keeps them up)", markup=False,
                      highlight=False)
