"""Pipeline benchmark: the real monitor flow over a loopback news site, against bare extraction.

    python -m benchmarks.pipeline [--articles N] [--feeds F] [--database-url URL] [--quick] [--profile FILE] [--profile-large FILE] [--profile-gil]

Measured in one run, on the same pages:

(a) ``extraction_seconds``: trafilatura's bare extraction of every page, in this process;
(b) ``pipeline_seconds``: the cold monitor flow (fresh database, new feeds) in a child process, timed
    around the ``monitor()`` call; the Prefect API is started once beforehand and timed separately
    (``prefect_startup_seconds``), as a served deployment pays it once; so is the schema creation
    (``schema_setup_seconds``, the deployment's migrate step) and the child's imports;
(c) ``warm_rerun_seconds``: ``monitor()`` again in the same child, nothing new (every feed answers 304);
(d) ``coder_articles_per_second``: the claim coder alone on the extracted texts, one core;
(e) ``peak_rss_mb``: the child's peak resident set size after the cold run;
(f) ``large_db_pipeline_seconds``: the cold flow again, on a database already holding 100,000 articles
    with their claims, positions and alerts (bulk-inserted with SQLAlchemy Core).

Beside them, where the time of (b) went: ``flow_cpu_seconds`` (the flow process; of it
``flow_gc_seconds`` in the garbage collector, in ``flow_gc_full_collections`` full passes and the young
ones), ``worker_cpu_seconds`` (its extraction/coding processes), ``prefect_server_cpu_seconds`` (the
API server, over the child's cold and warm runs), ``cpu_busy_share`` (their sum over cores × pipeline seconds) and
``pipeline_phase_seconds`` (wall time of the flow body and of its feeds, articles and alerts phases; the
rest of ``pipeline_seconds`` is Prefect's own per-run work); the same phases for (f);
``extraction_and_coding_floor``, the ratio (b)/(a) would have if the pipeline did nothing but (a) and
(d), split perfectly over the cores: (a + d-seconds) / (cores × a), the least it can be;
``pipeline_step_seconds`` (each stage function's wall time, summed over its calls); and beside (e)
``peak_tree_rss_mb`` and ``peak_tree_pss_mb``, the whole process tree's peak with shared pages counted
per process and once.

A short table goes to stderr, then one JSON line to stdout. With ``--database-url`` pointing at a
PostgreSQL server (``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) the runs use fresh
databases ``stancewatch_bench_<random>`` created on it and dropped afterwards; without it, SQLite files
in a temporary folder. ``--profile FILE`` runs the cold pipeline child under py-spy (raw collapsed
stacks in FILE; needs ``pip install py-spy``); with ``--profile-gil`` only the threads holding the GIL are
sampled, so the stacks show where each process spends CPU rather than where its threads wait.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Self

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {"articles": 1_000, "feeds": 200, "existing": 100_000}
QUICK = {"articles": 60, "feeds": 10, "existing": 2_000}

# Targets from the issue: reported, never asserted.
TARGETS = {
    "pipeline_over_extraction": ("<=", 1.25),
    "warm_rerun_seconds": ("<=", 2.0),
    "coder_articles_per_second": (">=", 200.0),
    "peak_rss_mb": ("<=", 400.0),
    "large_db_over_empty": ("<=", 1.2),
}

REQUIRED_KEYS = (
    "extraction_seconds", "pipeline_seconds", "warm_rerun_seconds", "coder_articles_per_second", "peak_rss_mb",
    "large_db_pipeline_seconds", "prefect_startup_seconds", "cores", "articles", "feeds", "database",
    "pipeline_over_extraction", "large_db_over_empty",
)

BULK_CHUNK = 2_000


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------
# the child: one process that runs the real flow, as a worker would


def child_main(result_path: str, warm: bool) -> None:
    """Run ``monitor()`` cold (and warm again if asked); write timings and counts to ``result_path``."""
    started = time.perf_counter()
    from flows.monitor import monitor
    from core.settings import Settings

    phases = _time_phases()
    steps = _time_steps()
    collector = _time_gc()
    imported = time.perf_counter()
    own_cpu = _own_cpu()
    summary = monitor()
    cold = time.perf_counter() - imported
    gc_cold = dict(collector)
    flow_cpu = _own_cpu() - own_cpu
    worker_cpu = sum(cpu for pid, (_ppid, _rss, cpu) in proc_table().items() if pid in descendants(os.getpid()))
    rss_cold = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    result: dict[str, Any] = {
        "import_seconds": imported - started,
        "cold_seconds": cold,
        "peak_rss_mb": rss_cold,
        "feeds": len(summary.feeds),
        "feed_errors": sum(1 for f in summary.feeds if f.error),
        "new_entries": sum(f.new_entries for f in summary.feeds),
        "coded": summary.articles.coded,
        "failed": summary.articles.failed,
        "duplicates": summary.articles.duplicates,
        "claims": summary.articles.claims,
        "alerts": summary.emailed,
        "errors": summary.articles.errors[:5],
        "extract_processes": Settings().extract_processes,
        "batch_size": Settings().batch_size,
        "flow_cpu_seconds": flow_cpu,
        "worker_cpu_seconds": worker_cpu,  # the extraction/coding processes, started by this run
        "phase_seconds": dict(phases),
        "step_seconds": dict(steps),
        "gc_seconds": round(gc_cold.get("seconds", 0.0), 3),
        "gc_full_collections": gc_cold.get("full", 0),
    }
    if warm:
        again = time.perf_counter()
        rerun = monitor()
        result["warm_seconds"] = time.perf_counter() - again
        result["warm_phase_seconds"] = {k: round(v - result["phase_seconds"].get(k, 0.0), 3) for k, v in phases.items()}
        result["warm_feed_errors"] = [f"{f.name}: {f.error}" for f in rerun.feeds if f.error][:5]
        result["warm_not_modified"] = sum(1 for f in rerun.feeds if f.status == 304)
        result["warm_new_entries"] = sum(f.new_entries for f in rerun.feeds)
        result["peak_rss_after_warm_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(result_path).write_text(json.dumps(result))


def run_child(env: dict[str, str], workdir: Path, label: str, warm: bool, profile: str | None = None,
              gil_only: bool = False) -> dict[str, Any]:
    """Run the flow in a fresh child process; its output goes to a log file in ``workdir``."""
    result_path = workdir / f"{label}.json"
    log_path = workdir / f"{label}.log"
    command = [sys.executable, "-m", "benchmarks.pipeline", "--child", str(result_path)]
    if warm:
        command.append("--child-warm")
    if profile:
        py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        command = [py_spy, "record", "--format", "raw", "--rate", "50", "--subprocesses", "--nonblocking",
                   *(["--gil"] if gil_only else []), "-o", profile, "--", *command]
    started = time.perf_counter()
    servers_before = {pid: row[2] for pid, row in proc_table().items() if pid in descendants(os.getpid())}
    with open(log_path, "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        with TreeRss(process.pid) as tree:
            code = process.wait()
    wall = time.perf_counter() - started
    # the Prefect API server (this process's other descendants), over the child's whole life
    after = proc_table()
    server_cpu = sum(after[pid][2] - cpu for pid, cpu in servers_before.items() if pid in after)
    if code != 0 or not result_path.exists():
        tail = log_path.read_text(errors="replace")[-4000:]
        raise RuntimeError(f"{label}: flow child exited with {code}; log tail:\n{tail}")
    result = json.loads(result_path.read_text())
    result["wall_seconds"] = wall
    result["peak_tree_rss_mb"] = tree.peak_mb
    result["peak_tree_pss_mb"] = tree.peak_pss_mb
    result["server_cpu_seconds"] = server_cpu
    return result


def _timed(totals: dict[str, float], name: str, step: Any) -> Any:
    """``step``, adding the wall seconds of each call to ``totals[name]``."""
    import functools

    @functools.wraps(step)
    def run(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return step(*args, **kwargs)
        finally:
            totals[name] = round(totals.get(name, 0.0) + time.perf_counter() - began, 3)
    return run


def _time_phases() -> dict[str, float]:
    """Wall seconds of the monitor flow's body and its three phases (feeds, articles, alerts), summed
    over its runs until read: the steps are wrapped where the flow looks them up, the flow itself is
    unchanged."""
    from flows import monitor, tasks

    phases: dict[str, float] = {}
    monitor.monitor.fn = _timed(phases, "flow_body", monitor.monitor.fn)  # the rest of the call is Prefect's
    monitor.poll_feeds = _timed(phases, "feeds", monitor.poll_feeds)  # type: ignore[assignment]
    monitor.process_pending = _timed(phases, "articles", monitor.process_pending)  # type: ignore[assignment]
    tasks.alert = _timed(phases, "alerts", tasks.alert)  # type: ignore[assignment]
    return phases


def _time_steps() -> dict[str, float]:
    """Wall seconds of each stage function, summed over its calls (several batches are in flight at
    once, so the article steps may add up to more than their phase)."""
    from flows import delivery, pool, stages

    steps: dict[str, float] = {}
    for module, names in ((stages, ("register_feeds", "fetch_feeds", "store_feed_results", "claim_jobs", "fetch_pages",
                                    "store_batch")), (delivery, ("send_alerts",)), (pool, ("analyse_parallel",))):
        for name in names:
            setattr(module, name, _timed(steps, name, getattr(module, name)))
    return steps


def _time_gc() -> dict[str, float]:
    """Seconds the flow process spends in the garbage collector, and its full collections, from now on."""
    import gc

    totals: dict[str, float] = {"seconds": 0.0, "full": 0}
    began: list[float] = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            totals["seconds"] += time.perf_counter() - began[0]
            totals["full"] += info["generation"] == 2

    gc.callbacks.append(callback)
    return totals


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def proc_table() -> dict[int, tuple[int, int, float]]:
    """Every process: pid → (parent pid, RSS in KiB, CPU seconds so far), from /proc (Linux)."""
    table: dict[int, tuple[int, int, float]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()  # after "(command name)"
            with open(f"/proc/{entry.name}/status") as status:
                rss = next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            table[int(entry.name)] = (int(fields[1]), rss, (int(fields[11]) + int(fields[12])) / _TICKS)
        except (OSError, IndexError, ValueError):
            continue
    return table


def descendants(pid: int, table: dict[int, tuple[int, int, float]] | None = None) -> set[int]:
    """The processes below ``pid`` (not ``pid`` itself)."""
    table = proc_table() if table is None else table
    found: set[int] = set()
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, _rss, _cpu) in table.items():
            if ppid == parent and child not in found:
                found.add(child)
                frontier.append(child)
    return found


class TreeRss:
    """Samples the summed RSS of a process and all its descendants (the flow and its worker processes),
    and every ``PSS_EVERY`` samples their summed PSS: worker processes forked from one fork server
    share its pages, which RSS counts once per process and PSS divides among them."""

    PSS_EVERY = 5  # reading smaps_rollup walks the page tables: ~1 ms a process

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval, self.peak_mb, self.peak_pss_mb = pid, interval, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        samples = 0
        while not self._stop.wait(self.interval):
            table = proc_table()
            tree = [pid for pid in descendants(self.pid, table) | {self.pid} if pid in table]
            self.peak_mb = max(self.peak_mb, sum(table[pid][1] for pid in tree) / 1024)
            if samples % self.PSS_EVERY == 0:
                self.peak_pss_mb = max(self.peak_pss_mb, sum(map(_pss_kib, tree)) / 1024)
            samples += 1


def _pss_kib(pid: int) -> int:
    """A process's proportional set size in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except OSError:
        return 0


# --------------------------------------------------------------------------------------------------
# databases


@dataclass
class Target:
    """Where one run's data goes: the environment the child needs and the URL the parent may use."""

    url: str
    env: dict[str, str]


class Databases:
    """Fresh SQLite files in the work folder, or fresh PostgreSQL databases dropped at the end."""

    def __init__(self, server_url: str | None, workdir: Path) -> None:
        self.server_url = server_url
        self.workdir = workdir
        self.created: list[str] = []
        self.kind = "sqlite"
        if server_url:
            from sqlalchemy.engine import make_url

            backend = make_url(server_url).get_backend_name()
            if backend != "postgresql":
                raise SystemExit("--database-url: give a PostgreSQL server URL (omit it for SQLite)")
            self.kind = "postgresql"

    def fresh(self, label: str) -> Target:
        home = self.workdir / f"home-{label}"
        home.mkdir(parents=True, exist_ok=True)
        if self.server_url is None:
            return Target(f"sqlite:///{home / 'stancewatch.db'}", {"STANCEWATCH_HOME": str(home)})
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"stancewatch_bench_{secrets.token_hex(4)}"
        admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.created.append(name)
        url = make_url(self.server_url).set(database=name).render_as_string(hide_password=False)
        return Target(url, {"STANCEWATCH_HOME": str(home), "STANCEWATCH_DATABASE_URL": url})

    def drop_all(self) -> None:
        if not self.created or self.server_url is None:
            return
        from sqlalchemy import create_engine, text

        admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        self.created.clear()

    def describe(self) -> str:
        if self.server_url is None:
            return "sqlite"
        from sqlalchemy.engine import make_url

        url = make_url(self.server_url)
        return f"postgresql://{url.host}:{url.port or 5432}"


def fill_large_db(url: str, rows: int, texts: list[tuple[str, str]], claims: list[list[Any]],
                  feed_names: list[str], fingerprint: str) -> dict[str, int]:
    """Bulk-insert ``rows`` coded articles with their claims, plus positions and sent alerts (Core inserts).

    The articles belong to the benchmark's feed names (as if these feeds had been watched for months),
    with unique URLs and text hashes; texts and claims are recycled from the benchmark corpus.
    """
    from sqlalchemy import func, insert, select, text

    from parsers import neardup
    from parsers.article import text_hash
    from storage.db import make_engine
    from storage.models import Alert, AlertEvidence, Article, ClaimRecord, Delivery, Feed, MinhashBand, Position
    from storage.wire import outlet

    # Archive texts are recycled from the corpus, but a real archive holds distinct texts: each
    # archive article gets random MinHash values, so the band index has its full size and no false matches.
    rng = random.Random(1)

    engine = make_engine(url)  # creates the schema (Alembic)
    from benchmarks.corpus import FIRST_PUBLISHED

    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # stored naive UTC
    # the archive is the year of coverage before the new articles, as it would be for watched feeds
    start = FIRST_PUBLISHED.replace(tzinfo=None) - timedelta(days=365)
    counts = {"articles": 0, "claims": 0, "positions": 0, "alerts": 0, "feeds": len(feed_names)}
    positions: dict[tuple[str, str], tuple[int, str, datetime]] = {}
    alerts: list[dict[str, Any]] = []
    with engine.begin() as conn:
        conn.execute(insert(Feed.__table__), [
            {"id": n + 1, "name": name, "url": f"https://feeds.example.org/{name}.xml", "lang": name.split("-")[1]
             if name.count("-") >= 2 else None, "failures": 0, "last_status": 200, "last_fetched_at": now,
             "last_success_at": now, "last_new_entry_at": now - timedelta(hours=1)}
            for n, name in enumerate(feed_names)
        ])
        claim_id = 0
        for first in range(0, rows, BULK_CHUNK):
            article_rows, claim_rows, band_rows = [], [], []
            for k in range(first, min(rows, first + BULK_CHUNK)):
                article_id = k + 1
                lang, body = texts[k % len(texts)]
                body = f"{body}\n\n(Archiv {k:06d})"
                published = start + timedelta(seconds=int(k * 300 * 1_000 / max(rows, 1)) % (360 * 86_400))
                signature = tuple(rng.getrandbits(58) for _ in range(neardup.BINS))
                band_rows += [{"band_key": key, "article_id": article_id} for key in neardup.band_keys(signature)]
                article_url = f"https://www.outlet{k % 97:02d}.example/politik/{published:%Y/%m/%d}/meldung-{k:07d}.html"
                article_rows.append({
                    "source": outlet(article_url), "wire_group_id": article_id, "minhash": neardup.pack(signature),
                    "id": article_id,
                    "url": article_url,
                    "entry_key": f"urn:outlet{k % 97:02d}:{k:07d}",
                    "feed_id": (k % len(feed_names)) + 1 if feed_names else None,
                    "title": f"Archivmeldung {k:07d}", "summary": body[:280], "published": published, "lang": lang,
                    "text": body, "text_source": "page", "text_hash": text_hash(body), "status": "coded",
                    "attempts": 0, "lexicon_fingerprint": fingerprint, "created_at": published,
                    "coded_at": published,
                })
                for claim in claims[k % len(claims)]:
                    claim_id += 1
                    claim_rows.append({
                        "id": claim_id, "article_id": article_id, "actor": claim[0], "issue": claim[1],
                        "stance": claim[2], "modality": claim[3], "sentence": claim[4], "sentence_index": claim[5],
                        "confidence": claim[6], "lexicon_fingerprint": fingerprint,
                    })
                    if claim[3] == "asserted":
                        previous = positions.get((claim[0], claim[1]))
                        if previous is not None and previous[1] != claim[2] and len(alerts) < rows // 20:
                            alerts.append({
                                "id": len(alerts) + 1, "kind": "shift", "actor": claim[0], "issue": claim[1],
                                "from_stance": previous[1], "to_stance": claim[2], "severity": "normal",
                                "claim_id": claim_id, "previous_claim_id": previous[0], "status": "acked",
                                "created_at": published, "channel": "digest",
                                "evidence_count": 1, "sources": 1, "source": outlet(article_url), "group": article_id,
                            })
                        positions[(claim[0], claim[1])] = (claim_id, claim[2], published)
            conn.execute(insert(Article.__table__), article_rows)
            conn.execute(insert(MinhashBand.__table__), band_rows)
            if claim_rows:
                conn.execute(insert(ClaimRecord.__table__), claim_rows)
            counts["articles"] += len(article_rows)
            counts["claims"] += len(claim_rows)
        if positions:
            conn.execute(insert(Position.__table__), [
                {"id": n + 1, "actor": actor, "issue": issue, "stance": stance, "claim_id": cid, "since": when,
                 "last_seen": when, "count": 1, "origin": "monitor", "updated_at": when}
                for n, ((actor, issue), (cid, stance, when)) in enumerate(sorted(positions.items()))
            ])
        evidence = [{"alert_id": a["id"], "claim_id": a["claim_id"], "source": a.pop("source"),
                     "wire_group_id": a.pop("group"), "added_at": a["created_at"]} for a in alerts]
        deliveries = [{"alert_id": a["id"], "sender": "email", "state": "sent", "attempts": 1,
                       "message_id": f"<bench-{a['claim_id']}@x>", "delivered_at": a["created_at"]} for a in alerts]
        for first in range(0, len(alerts), BULK_CHUNK):
            conn.execute(insert(Alert.__table__), alerts[first:first + BULK_CHUNK])
            conn.execute(insert(AlertEvidence.__table__), evidence[first:first + BULK_CHUNK])
            conn.execute(insert(Delivery.__table__), deliveries[first:first + BULK_CHUNK])
        counts["positions"], counts["alerts"] = len(positions), len(alerts)
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("feeds", "articles", "claims", "positions", "alerts", "alert_evidence", "minhash_bands",
                          "deliveries"):
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                ))
        assert conn.scalar(select(func.count()).select_from(Article.__table__)) == rows
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))  # what autovacuum would have done on a database grown over months
    engine.dispose()
    return counts


# --------------------------------------------------------------------------------------------------
# the parent


def migrate(url: str) -> float:
    """Create the schema (as the deployment's migrate step does once), so both cold runs start alike."""
    from storage.db import make_engine

    started = time.perf_counter()
    make_engine(url).dispose()
    return time.perf_counter() - started


@contextmanager
def prefect_api() -> Iterator[tuple[str, float]]:
    """A local Prefect API (the test harness's subprocess server): its URL and start-up seconds."""
    started = time.perf_counter()
    import prefect.settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        elapsed = time.perf_counter() - started
        yield str(prefect.settings.PREFECT_API_URL.value()), elapsed


# Settings that tune the pipeline's speed, passed on to the child when set (to try other values);
# every other STANCEWATCH_ and PREFECT_ variable is the benchmark's own.
TUNING = ("STANCEWATCH_BATCH_SIZE", "STANCEWATCH_EXTRACT_PROCESSES", "STANCEWATCH_FETCH_THREADS",
          "STANCEWATCH_HOST_CONCURRENCY")


def child_env(target: Target, feeds_file: Path, api_url: str, prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STANCEWATCH_", "PREFECT_")) or k in TUNING}
    env.update(target.env)
    env.update({
        "STANCEWATCH_FEEDS_FILE": str(feeds_file),
        "STANCEWATCH_ALLOW_PRIVATE_ADDRESSES": "1",
        "STANCEWATCH_HOST_INTERVAL_SECONDS": "0",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": api_url,
        "PREFECT_HOME": str(prefect_home),
        "PYTHONPATH": str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""),
    })
    return env


def measure_extraction(pages: list[tuple[str, bytes]]) -> tuple[float, list[Any]]:
    """Bare trafilatura on every page, with the options parsers.article uses."""
    import trafilatura

    trafilatura.bare_extraction(pages[0][1], url=pages[0][0], include_comments=False, include_tables=False,
                                with_metadata=True)  # warm-up: lazy imports and caches, not page work
    docs = []
    started = time.perf_counter()
    for url, body in pages:
        docs.append(trafilatura.bare_extraction(body, url=url, include_comments=False, include_tables=False,
                                                with_metadata=True))
    return time.perf_counter() - started, docs


def measure_coder(texts: list[tuple[str, str, date]]) -> tuple[float, list[list[Any]], str]:
    """The claim coder on the extracted texts, one process; returns seconds, claims per text, fingerprint."""
    from parsers.claims import code_claims
    from parsers.lexicon import load_lexicon

    lexicon = load_lexicon()
    code_claims(texts[0][1], texts[0][0], lexicon, texts[0][2])  # warm-up (lazy matchers)
    started = time.perf_counter()
    coded = [code_claims(body, lang, lexicon, day) for lang, body, day in texts]
    elapsed = time.perf_counter() - started
    claims = [[(c.actor, c.issue, c.stance, c.modality, c.sentence, c.sentence_index, c.confidence) for c in cs]
              for cs in coded]
    return elapsed, claims, lexicon.fingerprint


@contextmanager
def served_corpus(articles: int, feeds: int, workdir: Path) -> Iterator[tuple[Any, Any, Path]]:
    """The benchmark corpus served on loopback: (site, corpus, the feeds file pointing at it)."""
    from benchmarks.corpus import build_corpus
    from stancewatch.demosite import serve_site

    with serve_site() as site:
        corpus = build_corpus(articles, feeds, site.base)
        site.routes.update(corpus.routes)
        feeds_file = workdir / "feeds.yaml"
        write_feeds_file(feeds_file, corpus.feeds, site.base)
        yield site, corpus, feeds_file


def write_feeds_file(path: Path, feeds: list[Any], base: str) -> None:
    lines = ["feeds:"]
    for feed in feeds:
        lines.append(f"  - {{name: {feed.name}, url: '{base}{feed.path}', lang: {feed.lang}, relevance_filter: false}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b > 0 else float("nan")


def run(args: argparse.Namespace) -> dict[str, Any]:

    sizes = dict(QUICK if args.quick else DEFAULTS)
    if args.articles is not None:
        sizes["articles"] = args.articles
    if args.feeds is not None:
        sizes["feeds"] = args.feeds
    if args.existing is not None:
        sizes["existing"] = args.existing
    workdir = Path(tempfile.mkdtemp(prefix="stancewatch-bench-"))
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ["PREFECT_HOME"] = str(workdir / "prefect")
    databases = Databases(args.database_url, workdir)
    out: dict[str, Any] = {}
    try:
        with served_corpus(sizes["articles"], sizes["feeds"], workdir) as (site, corpus, feeds_file):
            pages = corpus.pages(site.base)
            log(f"corpus: {len(pages)} pages ({statistics.mean(len(b) for _, b in pages) / 1024:.1f} KB mean), "
                f"{len(corpus.feeds)} feeds; work folder {workdir}")

            # (a) bare extraction
            extraction_seconds, docs = measure_extraction(pages)
            texts = []
            for article, doc in zip(corpus.articles, docs):
                body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
                texts.append((article.lang, body, article.published.date()))
            distinct = len({hashlib.sha256(" ".join(t[1].split()).encode()).hexdigest() for t in texts})
            log(f"(a) extraction: {extraction_seconds:.2f} s for {len(pages)} pages; {distinct} distinct texts")

            # (d) the claim coder alone
            coder_seconds, claims, fingerprint = measure_coder(texts)
            log(f"(d) coder: {coder_seconds:.2f} s, {len(texts) / coder_seconds:.0f} articles/s, "
                f"{sum(map(len, claims))} claims")

            with prefect_api() as (api_url, prefect_startup):
                log(f"Prefect API up in {prefect_startup:.1f} s at {api_url}")
                prefect_home = workdir / "prefect"

                # (b), (c), (e): cold run on a fresh database, then a warm re-run in the same process
                empty = databases.fresh("empty")
                schema_seconds = migrate(empty.url)
                env = child_env(empty, feeds_file, api_url, prefect_home)
                cold = run_child(env, workdir, "empty", warm=True, profile=args.profile, gil_only=args.profile_gil)
                log(f"(b) cold pipeline: {cold['cold_seconds']:.2f} s (child wall {cold['wall_seconds']:.1f} s, "
                    f"imports {cold['import_seconds']:.1f} s), coded {cold['coded']}, failed {cold['failed']}, "
                    f"duplicates {cold['duplicates']}; (c) warm: {cold['warm_seconds']:.2f} s, "
                    f"{cold['warm_not_modified']}/{cold['feeds']} feeds 304")
                if cold["errors"]:
                    log(f"    first errors: {cold['errors']}")

                # (f) the same cold run on a large database
                large = databases.fresh("large")
                migrate(large.url)
                filled_at = time.perf_counter()
                rows = fill_large_db(large.url, sizes["existing"], [(lang, body) for lang, body, _ in texts if body],
                                     claims or [[]], [f.name for f in corpus.feeds], fingerprint)
                fill_seconds = time.perf_counter() - filled_at
                log(f"large database filled in {fill_seconds:.1f} s: {rows}")
                env = child_env(large, feeds_file, api_url, prefect_home)
                big = run_child(env, workdir, "large", warm=False, profile=args.profile_large, gil_only=args.profile_gil)
                log(f"(f) cold pipeline on large database: {big['cold_seconds']:.2f} s, coded {big['coded']}")

        out = {
            "extraction_seconds": round(extraction_seconds, 3),
            "pipeline_seconds": round(cold["cold_seconds"], 3),
            "warm_rerun_seconds": round(cold["warm_seconds"], 3),
            "coder_articles_per_second": round(len(texts) / coder_seconds, 1),
            "peak_rss_mb": round(cold["peak_rss_mb"], 1),
            "large_db_pipeline_seconds": round(big["cold_seconds"], 3),
            "prefect_startup_seconds": round(prefect_startup, 3),
            "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "articles": len(pages),
            "feeds": len(corpus.feeds),
            "database": databases.describe(),
        }
        out["pipeline_over_extraction"] = ratio(out["pipeline_seconds"], out["extraction_seconds"])
        out["large_db_over_empty"] = ratio(out["large_db_pipeline_seconds"], out["pipeline_seconds"])
        # (a) and (d) split perfectly over the cores, and nothing else: the least the ratio above can be
        out["extraction_and_coding_floor"] = ratio(extraction_seconds + coder_seconds, out["cores"] * extraction_seconds)
        used = cold["flow_cpu_seconds"] + cold["worker_cpu_seconds"] + cold["server_cpu_seconds"]
        out["cpu_busy_share"] = round(used / (out["cores"] * out["pipeline_seconds"]), 2)
        out.update({
            "coder_seconds": round(coder_seconds, 3),
            "schema_setup_seconds": round(schema_seconds, 3),
            "child_import_seconds": round(cold["import_seconds"], 3),
            "pipeline_child_wall_seconds": round(cold["wall_seconds"], 3),
            "peak_rss_after_warm_mb": round(cold["peak_rss_after_warm_mb"], 1),
            "peak_tree_rss_mb": round(cold["peak_tree_rss_mb"], 1),
            "peak_tree_pss_mb": round(cold["peak_tree_pss_mb"], 1),
            "extract_processes": cold["extract_processes"],
            "large_db_peak_rss_mb": round(big["peak_rss_mb"], 1),
            "large_db_existing_articles": rows["articles"],
            "large_db_existing_claims": rows["claims"],
            "large_db_fill_seconds": round(fill_seconds, 3),
            "coded": cold["coded"],
            "failed": cold["failed"],
            "duplicates": cold["duplicates"],
            "claims": cold["claims"],
            "alerts_emailed": cold["alerts"],
            "large_db_coded": big["coded"],
            "large_db_alerts_emailed": big["alerts"],
            "warm_feeds_not_modified": cold["warm_not_modified"],
            "distinct_texts": distinct,
            "mean_page_kb": round(statistics.mean(len(b) for _, b in pages) / 1024, 1),
            "mean_text_kb": round(statistics.mean(len(t[1].encode()) for t in texts) / 1024, 2),
            "batch_size": cold["batch_size"],
            # where the cold run's CPU went; busy share = all of it over (cores × pipeline seconds)
            "flow_cpu_seconds": round(cold["flow_cpu_seconds"], 2),
            "flow_gc_seconds": cold["gc_seconds"],
            "flow_gc_full_collections": cold["gc_full_collections"],
            "worker_cpu_seconds": round(cold["worker_cpu_seconds"], 2),
            "prefect_server_cpu_seconds": round(cold["server_cpu_seconds"], 2),
            "pipeline_phase_seconds": cold["phase_seconds"],
            "pipeline_step_seconds": cold["step_seconds"],
            "large_db_phase_seconds": big["phase_seconds"],
            "warm_phase_seconds": cold["warm_phase_seconds"],
            "warm_feed_errors": cold["warm_feed_errors"],
            "quick": bool(args.quick),
        })
        return out
    finally:
        databases.drop_all()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"kept {workdir}")


def table(result: dict[str, Any]) -> str:
    rows = [
        ("articles / feeds", f"{result['articles']} / {result['feeds']}", ""),
        ("database", result["database"], ""),
        ("cores", str(result["cores"]), ""),
        ("prefect_startup_seconds", f"{result['prefect_startup_seconds']:.2f}", "(paid once by a served deployment)"),
        ("extraction_seconds (a)", f"{result['extraction_seconds']:.2f}", ""),
        ("pipeline_seconds (b)", f"{result['pipeline_seconds']:.2f}", ""),
        ("warm_rerun_seconds (c)", f"{result['warm_rerun_seconds']:.2f}", ""),
        ("coder_articles_per_second (d)", f"{result['coder_articles_per_second']:.0f}", ""),
        ("peak_rss_mb (e)", f"{result['peak_rss_mb']:.0f}",
         (f"(flow process; with its {result.get('extract_processes', '?')} worker processes: "
          f"{result.get('peak_tree_rss_mb', 0):.0f}, shared pages counted once: "
          f"{result.get('peak_tree_pss_mb', 0):.0f})")),
        ("large_db_pipeline_seconds (f)", f"{result['large_db_pipeline_seconds']:.2f}",
         f"({result.get('large_db_existing_articles', '?')} articles already stored)"),
        ("pipeline_over_extraction", f"{result['pipeline_over_extraction']:.2f}", ""),
        ("  floor of that ratio", f"{result.get('extraction_and_coding_floor', 0):.2f}",
         "(extraction and coding alone, split perfectly over the cores)"),
        ("large_db_over_empty", f"{result['large_db_over_empty']:.2f}", ""),
        ("cpu seconds of (b)", f"{result.get('flow_cpu_seconds', 0) + result.get('worker_cpu_seconds', 0):.1f}",
         (f"(flow {result.get('flow_cpu_seconds', 0):.1f}, of it garbage collection "
          f"{result.get('flow_gc_seconds', 0):.1f}; workers {result.get('worker_cpu_seconds', 0):.1f}; "
          f"Prefect server {result.get('prefect_server_cpu_seconds', 0):.1f} over cold and warm runs; "
          f"cores busy {result.get('cpu_busy_share', 0):.0%})")),
        ("phases of (b)", "", ", ".join(f"{k} {v:.1f} s" for k, v in result.get("pipeline_phase_seconds", {}).items())),
        ("steps of (b)", "", ", ".join(f"{k} {v:.1f} s" for k, v in result.get("pipeline_step_seconds", {}).items())),
        ("phases of (f)", "", ", ".join(f"{k} {v:.1f} s" for k, v in result.get("large_db_phase_seconds", {}).items())),
    ]
    lines = []
    for name, value, note in rows:
        key = name.split(" ")[0]
        mark = ""
        if key in TARGETS:
            op, goal = TARGETS[key]
            ok = result[key] <= goal if op == "<=" else result[key] >= goal
            mark = f"target {op} {goal:g}: {'met' if ok else 'MISSED'}"
        lines.append(f"  {name:<32} {value:>14}  {mark} {note}".rstrip())
    return "\n".join(["stancewatch pipeline benchmark", *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pipeline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, help="article pages (default 1000; quick 60)")
    parser.add_argument("--feeds", type=int, help="feeds (default 200; quick 10)")
    parser.add_argument("--existing", type=int, help="articles already in the large database (default 100000; quick 2000)")
    parser.add_argument("--database-url", help="PostgreSQL server URL; fresh databases are created on it and dropped")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 60 articles, 10 feeds, 2000 stored articles")
    parser.add_argument("--profile", metavar="FILE", help="run the cold pipeline child under py-spy, raw stacks to FILE")
    parser.add_argument("--profile-large", metavar="FILE", help="the same for the run on the large database")
    parser.add_argument("--profile-gil", action="store_true",
                        help="profile only threads holding the GIL: where each process spends CPU, not waits")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, databases)")
    parser.add_argument("--child", metavar="RESULT", help=argparse.SUPPRESS)
    parser.add_argument("--child-warm", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args.child, args.child_warm)
        return 0
    result = run(args)
    print(table(result), file=sys.stderr, flush=True)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
