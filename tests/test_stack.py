"""`stancewatch stack up/status/down`: the compose topology as processes on one machine, used as a person
without Docker would: a monitor run triggered through the Prefect API reaches the mail sink, the web app
answers, and `stack down` leaves no process behind."""

import json
import mailbox
import os
import subprocess
import sys
import time

import httpx

from flows.stack import PrefectApi
from stancewatch.demosite import serve_site
from tests.conftest import DEMO, ROOT, free_port
from tests.test_workpool import wait_for


def cli(env, *args, timeout=300):
    return subprocess.run([sys.executable, "-m", "stancewatch", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return not open(f"/proc/{pid}/stat").read().split(") ", 1)[1].startswith("Z")
    except OSError:
        return False


def test_stack_up_runs_a_monitor_to_the_mail_sink_and_stack_down_stops_everything(home, tmp_path):
    prefect_port, smtp_port, web_port = free_port(), free_port(), free_port()
    with serve_site(DEMO) as site:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(f"feeds:\n  - {{name: demo, url: '{site.base}/feeds/all.xml', relevance_filter: false}}\n")
        env = dict(os.environ, STANCEWATCH_FEEDS_FILE=str(feeds), STANCEWATCH_WEB_PORT=str(web_port),
                   PREFECT_HOME=str(tmp_path / "prefect"), DO_NOT_TRACK="1", STANCEWATCH_EXTRACT_PROCESSES="1")
        env.pop("PREFECT_API_URL", None)
        started = cli(env, "stack", "up", "--workers", "2", "--prefect-port", str(prefect_port),
                      "--smtp-port", str(smtp_port))
        try:
            assert started.returncode == 0, started.stderr
            again = cli(env, "stack", "up", "--prefect-port", str(free_port()))
            assert again.returncode == 2 and "running already" in again.stderr  # one stack at a time
            rows = json.loads(cli(env, "stack", "status", "--format", "json").stdout)
            names = {row["name"] for row in rows}
            assert names == {"smtp-sink", "prefect-server", "worker-1", "worker-2", "web"}
            assert all(row["alive"] for row in rows)
            assert httpx.get(f"http://127.0.0.1:{web_port}/healthz").text == "ok"
            logs = home / "stack"
            wait_for("the workers", lambda: all("started" in (logs / f"worker-{n}.log").read_text() for n in (1, 2)), 60)

            api = PrefectApi(f"http://127.0.0.1:{prefect_port}/api")
            run = api.run("monitor-feeds/monitor-group", group=0, groups=1)
            assert wait_for("the monitor run", lambda: api.finished(run), 180) == ["COMPLETED"]
            messages = wait_for("mail in the sink", lambda: (logs / "mail" / "new").is_dir()
                                and list(mailbox.Maildir(logs / "mail", create=False)), 30)
            assert any("stancewatch" in (m["Subject"] or "") for m in messages)
        finally:
            stopped = cli(env, "stack", "down")
        assert stopped.returncode == 0 and "stopped 5" in stopped.stdout
        deadline = time.monotonic() + 10
        while any(alive(row["pid"]) for row in rows) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(row["pid"]) for row in rows)
        assert json.loads(cli(env, "stack", "status", "--format", "json").stdout) == []
