"""Deployments: served in one process (`stancewatch serve`) or registered on a work pool (`stancewatch deploy`).

No business logic here.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Coroutine
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import serve
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.exceptions import ObjectAlreadyExists
from prefect.flows import Flow

from core.settings import Settings
from flows.monitor import monitor
from flows.rerun import rerun

APP_DIR = Path(__file__).resolve().parent.parent


T = TypeVar("T")


def _sync(value: T | Coroutine[Any, Any, T]) -> T:
    """Prefect's sync/async methods return the value itself when called outside an event loop."""
    assert not inspect.iscoroutine(value), "called inside an event loop"
    return cast(T, value)


def serve_monitor(settings: Settings) -> None:
    """Serve the monitor every ``schedule_minutes`` and on demand (blocks until interrupted)."""
    scheduled = _sync(monitor.to_deployment(
        name="monitor-scheduled",
        interval=timedelta(minutes=settings.schedule_minutes),
        description="Poll all configured feeds, code new articles, alert on shifts.",
    ))
    manual = _sync(monitor.to_deployment(
        name="monitor-manual",
        description="Run by hand from the Prefect UI with parameters: feed, feed_url, url, since.",
    ))
    recode = _sync(rerun.to_deployment(
        name="rerun-manual",
        description="Re-code stored articles of a period with the current lexicons: since, until, feed.",
    ))
    serve(scheduled, manual, recode)


async def _ensure_pool(name: str) -> None:
    async with get_client() as client:
        try:
            await client.create_work_pool(WorkPoolCreate(name=name, type="process"))
        except ObjectAlreadyExists:
            pass


# A worker killed mid-run leaves its flow run "Running" for ever: flow runs send heartbeats
# (PREFECT_FLOWS_HEARTBEAT_FREQUENCY, seconds), and this automation marks a run that missed this many
# of them as crashed, Prefect's documented way for a self-hosted server.
MISSED_HEARTBEATS = 3
ZOMBIE_AUTOMATION = "stancewatch: crash flow runs that stopped sending heartbeats"


async def _ensure_zombie_automation() -> None:
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState
    from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture
    from prefect.events.schemas.events import ResourceSpecification
    from prefect.settings import get_current_settings

    frequency = get_current_settings().flows.heartbeat_frequency or 180
    async with get_client() as client:
        if await client.read_automations_by_name(ZOMBIE_AUTOMATION):
            return
        await client.create_automation(AutomationCore(
            name=ZOMBIE_AUTOMATION,
            description="A flow run that stops sending heartbeats (its worker or machine died) is marked crashed.",
            trigger=EventTrigger(
                after={"prefect.flow-run.heartbeat"},
                expect={"prefect.flow-run.heartbeat", "prefect.flow-run.Completed", "prefect.flow-run.Failed",
                        "prefect.flow-run.Cancelled", "prefect.flow-run.Crashed"},
                match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
                for_each={"prefect.resource.id"},
                posture=Posture.Proactive,
                threshold=1,
                within=timedelta(seconds=frequency * MISSED_HEARTBEATS),
            ),
            actions=[ChangeFlowRunState(name=None, force=False, state=StateType.CRASHED,
                                        message=f"no heartbeat for {frequency * MISSED_HEARTBEATS} s: its worker stopped")],
        ))


async def _prepare(pool: str) -> None:
    await _ensure_pool(pool)
    await _ensure_zombie_automation()


def deploy_to_pool(settings: Settings, pool: str, groups: int) -> list[str]:
    """Register the monitor (per feed group) and the scheduled dispatcher on a process work pool.

    Workers started with `prefect worker start --pool POOL` in the application image run them; the
    code is taken from this checkout's path, which is the same in every container of the image.
    """
    asyncio.run(_prepare(pool))
    source = str(APP_DIR)
    group_run = _sync(_sync(Flow.from_source(source=source, entrypoint="flows/monitor.py:monitor")).to_deployment(
        name="monitor-group",
        work_pool_name=pool,
        description="One feed group (parameters group, groups); also feed, feed_url, url, since by hand.",
    ))
    dispatcher = _sync(_sync(Flow.from_source(source=source, entrypoint="flows/dispatch.py:dispatch")).to_deployment(
        name="dispatch-scheduled",
        work_pool_name=pool,
        interval=timedelta(minutes=settings.schedule_minutes),
        parameters={"groups": groups},
        description="Every schedule interval: one monitor-group run per feed group.",
    ))
    recode = _sync(_sync(Flow.from_source(source=source, entrypoint="flows/rerun.py:rerun")).to_deployment(
        name="rerun-manual",
        work_pool_name=pool,
        description="Re-code stored articles of a period with the current lexicons: since, until, feed.",
    ))
    return [str(_sync(d.apply(work_pool_name=pool))) for d in (group_run, dispatcher, recode)]

