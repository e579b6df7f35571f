"""Scale-out run for real (issue 19): a Prefect server, two process workers on our work pool, our
deployments registered by `stancewatch deploy`, runs triggered through the Prefect API as the UI does,
on PostgreSQL, with a real SMTP server. One worker is killed with SIGKILL in the middle of a flow run:
its run is marked crashed (the heartbeat automation `deploy` registers), and the next scheduled run
finishes the work. Nothing is lost, nothing is done twice.

The timeline (which worker ran what, the kill, the recovery) is printed and written to
.cache/workpool-timeline.txt."""

import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select

from flows.stack import PrefectApi
from stancewatch.demosite import build_site, serve_site
from storage.db import make_engine, session_scope
from storage.models import Alert, Article, ClaimRecord
from tests.conftest import DEMO_ARTICLES, ROOT, empty_postgres, free_port
from tests.test_concurrency import body

POOL = "stancewatch-test"
VENV_BIN = os.path.dirname(sys.executable)

pytestmark = pytest.mark.postgres


class Stack:
    """The processes of the test, each in a session of its own; every one is stopped at the end."""

    def __init__(self, env, folder):
        self.env, self.folder = env, folder
        self.processes: dict[str, subprocess.Popen] = {}
        self.started = time.monotonic()
        self.timeline: list[str] = []

    def note(self, text):
        self.timeline.append(f"{time.monotonic() - self.started:6.1f} s  {text}")

    def start(self, name, *command):
        with open(self.folder / f"{name}.log", "w") as log:  # the child keeps its own copy of the descriptor
            self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,
                                                    stderr=subprocess.STDOUT, start_new_session=True)
        return self.processes[name]

    def log(self, name):
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def kill(self, name):
        """SIGKILL a process with everything it started (a machine or container that dies)."""
        process = self.processes[name]
        for pid in [process.pid, *_descendants(process.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait(10)

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


def _descendants(pid):
    found = []
    children = subprocess.run(["pgrep", "-P", str(pid)], check=False, capture_output=True, text=True).stdout.split()
    for child in map(int, children):
        found += [child, *_descendants(child)]
    return found


def wait_for(what, check, timeout):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.5)


def worker_of(stack, run_id):
    # the submitting worker names itself in the line ("Worker 'worker-b' submitting flow run '…'"), which
    # tells it even where the line reached another process's log; both workers may try to submit the same
    # run, and the one the server turns away logs "Aborted submission of flow run '…'" in its own log
    logs = {name: stack.log(name) for name in ("worker-a", "worker-b")}
    everything = "".join(logs.values())
    return next((name for name in ("worker-a", "worker-b")
                 if f"Worker '{name}' submitting flow run '{run_id}'" in everything
                 and f"Aborted submission of flow run '{run_id}'" not in logs[name]), None)


def test_two_process_workers_run_our_deployments_and_survive_a_killed_worker(
        postgres_url, home, tmp_path, smtp_server, monkeypatch):
    empty_postgres(postgres_url)
    controller, inbox = smtp_server
    first, later = DEMO_ARTICLES[:12], DEMO_ARTICLES
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    with serve_site(first) as site:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text("feeds:\n" + "".join(
            f"  - {{name: {name}, url: '{site.base}/feeds/{path}', relevance_filter: false}}\n"
            for name, path in (("demo-de", "de.xml"), ("demo-en", "en.atom"))))
        env = dict(os.environ, STANCEWATCH_DATABASE_URL=postgres_url, STANCEWATCH_FEEDS_FILE=str(feeds),
                   STANCEWATCH_SMTP_HOST="127.0.0.1", STANCEWATCH_SMTP_PORT=str(controller.port),
                   STANCEWATCH_BATCH_SIZE="3", STANCEWATCH_LEASE_MINUTES="0.25", STANCEWATCH_EXTRACT_PROCESSES="1",
                   PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_API_URL=api_url, DO_NOT_TRACK="1",
                   PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_FLOWS_HEARTBEAT_FREQUENCY="30",
                   PREFECT_WORKER_QUERY_SECONDS="1", PREFECT_LOGGING_LEVEL="INFO",
                   PATH=f"{VENV_BIN}:{os.environ.get('PATH', '')}")
        env.pop("PREFECT_PROFILES_PATH", None)
        stack = Stack(env, tmp_path)
        try:
            stack.start("server", f"{VENV_BIN}/prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port))
            wait_for("the Prefect server", lambda: _healthy(api_url), 120)
            stack.note("prefect server up")
            subprocess.run([sys.executable, "-m", "stancewatch", "deploy", "--pool", POOL, "--groups", "2"], cwd=ROOT,
                           env=env, check=True, capture_output=True, timeout=120)
            stack.note("stancewatch deploy: monitor-group, dispatch-scheduled, rerun-manual on the pool")
            for name in ("worker-a", "worker-b"):
                stack.start(name, f"{VENV_BIN}/prefect", "worker", "start", "--pool", POOL, "--type", "process",
                            "--name", name, "--limit", "1")
            api = PrefectApi(api_url)
            # both polling the pool (not merely started): then each takes one of two runs at once
            wait_for("both workers to poll", lambda: api.workers(POOL) >= {"worker-a", "worker-b"}, 60)
            stack.note("two process workers polling the pool (one flow run at a time each)")

            # both feed groups, and then a rerun, as an editor would start them in the UI. The second group
            # starts once a worker has taken the first, whose slow pages keep it busy: with a limit of one
            # run each, only the other worker can take the second (started together, one worker had once
            # finished the first run before the other polled, and took both; with 1.0 s pages a fast coder
            # still could, and on a loaded CI machine once even with 4 s pages, so the pages take 8 s)
            site.page_delay = 8.0
            groups = [api.run("monitor-feeds/monitor-group", group=0, groups=2)]
            wait_for("a worker to take group 0", lambda: worker_of(stack, groups[0]), 60)
            groups.append(api.run("monitor-feeds/monitor-group", group=1, groups=2))
            states = wait_for("the two feed groups", lambda: api.finished(*groups), 150)
            site.page_delay = 0
            assert states == ["COMPLETED", "COMPLETED"]
            ran = {run_id: worker_of(stack, run_id) for run_id in groups}
            for n, run_id in enumerate(groups):
                stack.note(f"monitor-group {n} of 2: {ran[run_id]} ran it, {states[n].lower()}")
            assert set(ran.values()) == {"worker-a", "worker-b"}  # each worker took one
            recode = api.run("rerun-articles/rerun-manual", since="2020-01-01")
            assert wait_for("the rerun", lambda: api.finished(recode), 120) == ["COMPLETED"]
            stack.note(f"rerun-manual: {worker_of(stack, recode)} ran it, completed")
            engine = make_engine(postgres_url)
            everything_once(engine, inbox, len(first))
            emails_before = len(inbox.messages)

            # more coverage arrives; a monitor run starts on a slow site and its worker dies mid-run
            site.routes.update(build_site(later, site.base))
            # (slow enough that the run is still fetching its leased pages when the kill lands: with 1.5 s a
            # fast coder once finished the run between the lease check and the kill)
            site.page_delay = 4.0
            victim_run = api.run("monitor-feeds/monitor-group", group=0, groups=1)
            victim = wait_for("a worker to take the run", lambda: worker_of(stack, victim_run), 60)
            wait_for("the run to lease articles", lambda: _leased(engine), 90)
            stack.kill(victim)
            killed_at = datetime.now(UTC)
            stack.note(f"SIGKILL {victim} (and its flow-run process) while its monitor run holds leased articles")
            assert wait_for("the run to be marked crashed", lambda: api.finished(victim_run), 200) == ["CRASHED"]
            stack.note("the killed run is marked crashed (no heartbeat)")

            # the next scheduled dispatch: the surviving worker finishes the work
            site.page_delay = 0
            dispatch = api.run("dispatch-monitor/dispatch-scheduled", groups=2)
            assert wait_for("the dispatch", lambda: api.finished(dispatch), 120) == ["COMPLETED"]
            def new_group_runs():
                runs = [r["id"] for r in api.runs_of("monitor-feeds/monitor-group", killed_at) if r["id"] != victim_run]
                return runs if len(runs) >= 2 else None

            children = wait_for("its group runs", new_group_runs, 60)
            children = [c for c in children if c != victim_run]
            finished = wait_for("the group runs", lambda: api.finished(*children), 180)
            assert finished == ["COMPLETED"] * len(children)
            for run_id in children:
                stack.note(f"next scheduled run: monitor-group {run_id[:8]}: {worker_of(stack, run_id)} ran it, completed")
            everything_once(engine, inbox, len(later))
            assert len(inbox.messages) > emails_before
            stack.note("all 24 articles coded once, every alert raised once and emailed once")
        finally:
            stack.stop()
            timeline = "\n".join(stack.timeline)
            (ROOT / ".cache").mkdir(exist_ok=True)
            (ROOT / ".cache" / "workpool-timeline.txt").write_text(timeline + "\n")
            print("\n" + timeline)
    assert all(p.poll() is not None for p in stack.processes.values())


def _healthy(api_url):
    try:
        return httpx.get(f"{api_url}/health", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _leased(engine):
    with session_scope(engine) as session:
        return session.scalar(select(func.count(Article.id)).where(Article.lease_owner.is_not(None),
                                                                   Article.status == "pending"))


def everything_once(engine, inbox, articles):
    """Every article coded once, claims and alerts once each, every alert in exactly one email."""
    with session_scope(engine) as session:
        from_feeds = session.scalar(select(func.count(Article.id)).where(Article.feed_id.is_not(None)))
        done = session.scalar(select(func.count(Article.id)).where(Article.status.in_(("coded", "duplicate"))))
        urls = session.scalar(select(func.count(func.distinct(Article.url))))
        total = session.scalar(select(func.count(Article.id)))
        claims = session.scalar(select(func.count(ClaimRecord.id)))
        distinct = session.execute(select(func.count()).select_from(select(
            ClaimRecord.article_id, ClaimRecord.actor, ClaimRecord.issue, ClaimRecord.stance,
            ClaimRecord.modality).distinct().subquery())).scalar()
        alerts = list(session.scalars(select(Alert)))
    assert from_feeds == articles == done == total == urls  # nothing left pending, nothing stored twice
    assert claims == distinct
    assert len({a.claim_id for a in alerts}) == len(alerts) > 0
    mentioned = [int(n) for m in inbox.messages for n in re.findall(r"^#(\d+) \[", body(m[2]), re.MULTILINE)]
    assert sorted(mentioned) == sorted(a.id for a in alerts)
