"""Scale-out benchmark: the monitor through the work pool with 1 and 2 process workers, on the same pages.

    python -m benchmarks.workpool [--articles N] [--feeds F] [--workers 1,2] [--database-url URL]
                                  [--processes-per-run N] [--quick]

For each worker count N, on a fresh database: `stancewatch stack up` (a Prefect server, the
deployments with N feed groups, N process workers, no web app, a mail sink), then the scheduled
dispatcher is started through the Prefect API, as the schedule would, and timed from that moment until
its last feed-group run has finished. Articles per second = articles coded / that time. The server's
start and the deployments are not timed (a running stack pays them once). The pages are the pipeline
benchmark's (benchmarks/corpus.py), served on loopback.

A table goes to stderr, one JSON line to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.pipeline import Databases, log, served_corpus

DEFAULTS = {"articles": 400, "feeds": 40}
QUICK = {"articles": 60, "feeds": 8}
RUN_TIMEOUT = 1800.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def one(workers: int, target_env: dict[str, str], feeds_file: Path, workdir: Path,
        processes_per_run: int | None = None) -> dict[str, Any]:
    """Stack up with ``workers`` workers, one dispatch of ``workers`` feed groups, timed; stack down."""
    from sqlalchemy import func, select

    from flows.stack import Plan, PrefectApi, down, up
    from core.settings import Settings
    from storage.db import make_engine, session_scope
    from storage.models import Article

    env = dict(os.environ, **target_env, STANCEWATCH_FEEDS_FILE=str(feeds_file), STANCEWATCH_FEED_GROUPS=str(workers),
               PREFECT_HOME=str(workdir / f"prefect-{workers}"), STANCEWATCH_ALLOW_PRIVATE_ADDRESSES="1",
               STANCEWATCH_HOST_INTERVAL_SECONDS="0", STANCEWATCH_INSTANT_SEVERITIES="[]")
    env.pop("STANCEWATCH_SMTP_HOST", None)
    if processes_per_run:
        env["STANCEWATCH_EXTRACT_PROCESSES"] = str(processes_per_run)
    settings = Settings(home=Path(target_env["STANCEWATCH_HOME"]))
    # one flow run at a time per worker: two feed groups go to two workers
    plan = Plan(workers=workers, web=False, prefect_port=_free_port(), smtp_port=_free_port(), worker_limit=1)
    started = time.monotonic()
    processes = up(settings, plan, env)
    log(f"{workers} worker(s): stack up in {time.monotonic() - started:.1f} s")
    try:
        api = PrefectApi(f"http://127.0.0.1:{plan.prefect_port}/api")
        deadline = time.monotonic() + 60
        while not all("started" in Path(p.log).read_text(errors="replace") for p in processes if p.name.startswith("worker")):
            if time.monotonic() > deadline:
                raise SystemExit(f"the workers did not start: see {settings.home / 'stack'}")
            time.sleep(0.5)
        before = datetime.now(UTC)
        start = time.monotonic()
        dispatch = api.run("dispatch-monitor/dispatch-scheduled", groups=workers)
        groups: list[str] = []
        while True:
            if time.monotonic() - start > RUN_TIMEOUT:
                raise SystemExit(f"the runs did not finish within {RUN_TIMEOUT:.0f} s")
            if api.finished(dispatch) and not groups:
                groups = [str(r["id"]) for r in api.runs_of("monitor-feeds/monitor-group", before)]
            if groups and len(groups) >= workers and (states := api.finished(*groups)):
                break
            time.sleep(0.5)
        seconds = time.monotonic() - start
        url = env.get("STANCEWATCH_DATABASE_URL") or settings.db_url()
        with session_scope(make_engine(url)) as session:
            coded = session.scalar(select(func.count(Article.id)).where(Article.status == "coded")) or 0
        runners = {}
        for p in processes:
            if p.name.startswith("worker"):
                text = Path(p.log).read_text(errors="replace")
                runners[p.name] = sum(f"submitting flow run '{run_id}'" in text for run_id in groups)
        return {"workers": workers, "seconds": round(seconds, 2), "articles_coded": coded,
                "articles_per_second": round(coded / seconds, 2) if seconds else None,
                "group_runs": len(groups), "states": sorted(set(states)), "runs_per_worker": runners}
    finally:
        down(settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.workpool", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, help=f"article pages (default {DEFAULTS['articles']})")
    parser.add_argument("--feeds", type=int, help=f"feeds (default {DEFAULTS['feeds']})")
    parser.add_argument("--workers", default="1,2", help="worker counts to measure, comma-separated (default 1,2)")
    parser.add_argument("--database-url", help="PostgreSQL server URL; fresh databases are created on it and dropped")
    parser.add_argument("--processes-per-run", type=int,
                        help="extraction processes of each flow run (default: one per core, as deployed); 1 shows how "
                             "runs spread over workers when each has one core")
    parser.add_argument("--quick", action="store_true", help=f"a smoke run: {QUICK['articles']} articles")
    args = parser.parse_args(argv)
    sizes = dict(QUICK if args.quick else DEFAULTS)
    sizes["articles"] = args.articles or sizes["articles"]
    sizes["feeds"] = args.feeds or sizes["feeds"]
    counts = [int(n) for n in args.workers.split(",") if n.strip()]
    workdir = Path(tempfile.mkdtemp(prefix="stancewatch-workpool-"))
    os.environ.setdefault("DO_NOT_TRACK", "1")
    databases = Databases(args.database_url, workdir)
    results = []
    try:
        with served_corpus(sizes["articles"], sizes["feeds"], workdir) as (_site, corpus, feeds_file):
            log(f"corpus: {len(corpus.articles)} pages, {len(corpus.feeds)} feeds; {os.cpu_count()} cores")
            for workers in counts:
                target = databases.fresh(f"workers-{workers}")
                results.append(one(workers, target.env, feeds_file, workdir, args.processes_per_run))
                log(f"{workers} worker(s): {results[-1]['articles_coded']} articles in {results[-1]['seconds']} s = "
                    f"{results[-1]['articles_per_second']} articles/s; runs per worker {results[-1]['runs_per_worker']}")
    finally:
        databases.drop_all()
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"articles": sizes["articles"], "feeds": sizes["feeds"], "cores": os.cpu_count(),
                      "processes_per_run": args.processes_per_run,
                      "database": databases.kind, "runs": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
