"""A local stack without Docker: the topology of docker-compose.yml as processes on one machine.

`stancewatch stack up` starts a Prefect server, registers the deployments (`stancewatch deploy`),
starts N process workers, the web app and, when no mail server is configured, an SMTP sink that keeps
every message in a maildir. Each process runs in a session of its own with its log in
``STANCEWATCH_HOME/stack``; the pids are kept in ``stack.json`` there, so `stack status` and
`stack down` find them from any shell.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import httpx

from core.errors import ConfigError
from core.settings import Settings
from flows.pool import alive

STATE_FILE = "stack.json"
# What a stopped process gets before SIGKILL: a worker finishing its flow run's current step
STOP_SECONDS = 20.0
SERVER_START_SECONDS = 120.0
# Heartbeats of flow runs on the stack: a run whose worker dies is marked crashed after three missed
HEARTBEAT_SECONDS = "60"


@dataclass(frozen=True)
class Process:
    """One running part of the stack."""

    name: str
    pid: int
    command: list[str]
    log: str
    url: str | None = None


@dataclass(frozen=True)
class Plan:
    """What `stack up` starts."""

    workers: int = 2
    web: bool = True
    prefect_port: int = 4200
    smtp_port: int = 1025
    pool: str | None = None
    worker_limit: int | None = None  # flow runs at once per worker (None: no limit)


def folder(settings: Settings) -> Path:
    return settings.home / "stack"


def _bin(name: str) -> str:
    """A console script of this installation (the one beside this Python)."""
    return str(Path(sys.executable).parent / name)


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def running(settings: Settings) -> list[Process]:
    """The stack's processes as recorded by `stack up` ([] when there is none)."""
    path = folder(settings) / STATE_FILE
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read the stack's state ({exc}): stop its processes by hand, "
                          "then delete the file") from None
    return [Process(**entry) for entry in data]


def status(settings: Settings) -> list[dict[str, object]]:
    """One row per process: name, pid, alive, address, log."""
    return [{"name": p.name, "pid": p.pid, "alive": alive(p.pid), "url": p.url or "", "log": p.log}
            for p in running(settings)]


def up(settings: Settings, plan: Plan, env: Mapping[str, str] | None = None) -> list[Process]:
    """Start the stack; ConfigError (nothing left running) when a port is taken or a stack runs."""
    if any(alive(p.pid) for p in running(settings)):
        raise ConfigError("a stack is running already: `stancewatch stack status` shows it, `stancewatch stack down` "
                          "stops it")
    smtp_sink = settings.smtp_host is None
    ports = {"Prefect server": plan.prefect_port}
    if smtp_sink:
        ports["SMTP sink"] = plan.smtp_port
    if plan.web:
        ports["web app"] = settings.web_port
    for what, port in ports.items():
        if not _port_free(port):
            raise ConfigError(f"port {port} for the {what} is taken: choose another (see `stancewatch stack up --help`)")
    base = folder(settings)
    base.mkdir(parents=True, exist_ok=True)
    api = f"http://127.0.0.1:{plan.prefect_port}/api"
    child_env = dict(os.environ if env is None else env)
    child_env.update(PREFECT_API_URL=api, DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false",
                     STANCEWATCH_HOME=str(settings.home))
    child_env.setdefault("PREFECT_HOME", str(base / "prefect"))
    child_env.setdefault("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", HEARTBEAT_SECONDS)
    if smtp_sink:
        child_env.update(STANCEWATCH_SMTP_HOST="127.0.0.1", STANCEWATCH_SMTP_PORT=str(plan.smtp_port),
                         STANCEWATCH_SMTP_TLS="none")
    started: list[Process] = []

    def start(name: str, command: list[str], url: str | None = None) -> None:
        log = base / f"{name}.log"
        with open(log, "ab") as out:  # the child keeps its own descriptor
            child = subprocess.Popen(command, env=child_env, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        started.append(Process(name, child.pid, command, str(log), url))
        _save(base, started)

    try:
        if smtp_sink:
            # (the sink makes the maildir itself: a bare folder there would not be one)
            start("smtp-sink", [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{plan.smtp_port}",
                                "-c", "aiosmtpd.handlers.Mailbox", str(base / "mail")], f"smtp://127.0.0.1:{plan.smtp_port}")
        start("prefect-server", [_bin("prefect"), "server", "start", "--host", "127.0.0.1", "--port",
                                 str(plan.prefect_port)], f"http://127.0.0.1:{plan.prefect_port}")
        _wait_healthy(f"{api}/health", started[-1])
        pool = plan.pool or settings.work_pool
        subprocess.run([sys.executable, "-m", "stancewatch", "deploy", "--pool", pool], env=child_env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
        for n in range(plan.workers):
            limit = ["--limit", str(plan.worker_limit)] if plan.worker_limit else []
            start(f"worker-{n + 1}", [_bin("prefect"), "worker", "start", "--pool", pool, "--type", "process",
                                      "--name", f"{pool}-worker-{n + 1}", *limit])
        if plan.web:
            start("web", [sys.executable, "-m", "stancewatch", "web"], f"http://{settings.web_host}:{settings.web_port}")
            _wait_healthy(f"http://127.0.0.1:{settings.web_port}/healthz", started[-1])
    except BaseException:
        _stop(started)
        (base / STATE_FILE).unlink(missing_ok=True)
        raise
    return started


def _wait_healthy(url: str, process: Process) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if not alive(process.pid):
            raise ConfigError(f"the {process.name} stopped while starting: see {process.log}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise ConfigError(f"the {process.name} did not answer within {SERVER_START_SECONDS:.0f} s: see {process.log}")


def _save(base: Path, processes: list[Process]) -> None:
    temporary = base / f"{STATE_FILE}.tmp"
    temporary.write_text(json.dumps([asdict(p) for p in processes], indent=2))
    temporary.replace(base / STATE_FILE)


def down(settings: Settings) -> list[Process]:
    """Stop every process of the stack (SIGTERM to each process group, SIGKILL after a grace period)."""
    processes = running(settings)
    _stop(processes)
    (folder(settings) / STATE_FILE).unlink(missing_ok=True)
    return processes


def _stop(processes: list[Process]) -> None:
    # the web app and the workers first, the server and the mail sink last (a worker's last report)
    for sig, wait in ((signal.SIGTERM, STOP_SECONDS), (signal.SIGKILL, 5.0)):
        for process in reversed(processes):
            try:
                os.killpg(process.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and any(alive(p.pid) for p in processes):
            for p in processes:
                try:
                    os.waitpid(p.pid, os.WNOHANG)  # reap our own children
                except ChildProcessError:
                    pass
            time.sleep(0.2)
        if not any(alive(p.pid) for p in processes):
            return


# Flow-run states after which nothing more happens.
FINISHED = frozenset({"COMPLETED", "FAILED", "CRASHED", "CANCELLED"})


class PrefectApi:
    """The few calls of Prefect's REST API the stack's users make, as its UI makes them: start a
    deployment's flow run, read its state, list a deployment's runs."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=30)

    def deployment(self, name: str) -> str:
        answer = self.client.get(f"/deployments/name/{name}")
        answer.raise_for_status()
        return str(answer.json()["id"])

    def run(self, deployment: str, **parameters: object) -> str:
        """Start a flow run of ``flow/deployment`` with ``parameters``; its id."""
        deployment_id = self.deployment(deployment)
        for _ in range(20):  # the server answers 503 while its SQLite database is busy; retry, as the UI does
            answer = self.client.post(f"/deployments/{deployment_id}/create_flow_run", json={"parameters": parameters})
            if answer.status_code != 503:
                break
            time.sleep(0.5)
        answer.raise_for_status()
        return str(answer.json()["id"])

    def state(self, run_id: str) -> str:
        answer = self.client.get(f"/flow_runs/{run_id}")
        answer.raise_for_status()
        return str(answer.json()["state"]["type"])

    def runs_of(self, deployment: str, after: datetime) -> list[dict[str, object]]:
        """The deployment's flow runs expected to start after ``after`` (aware)."""
        answer = self.client.post("/flow_runs/filter", json={
            "deployments": {"id": {"any_": [self.deployment(deployment)]}},
            "flow_runs": {"expected_start_time": {"after_": after.isoformat()}}})
        answer.raise_for_status()
        return list(answer.json())

    def workers(self, pool: str) -> set[str]:
        """The names of the workers that have polled ``pool`` (sent a heartbeat)."""
        answer = self.client.post(f"/work_pools/{pool}/workers/filter", json={})
        answer.raise_for_status()
        return {str(worker["name"]) for worker in answer.json()}

    def finished(self, *run_ids: str) -> list[str] | None:
        """The runs' final states once all have finished, else None."""
        states = [self.state(run_id) for run_id in run_ids]
        return states if all(s in FINISHED for s in states) else None
