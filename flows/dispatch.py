"""Fan-out: one scheduled flow starts one monitor run per feed group on the work pool's workers."""

from __future__ import annotations

from typing import cast

from prefect import flow, get_run_logger
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment

GROUP_DEPLOYMENT = "monitor-feeds/monitor-group"


@flow(name="dispatch-monitor", flow_run_name="dispatch-{groups}-groups")
def dispatch(groups: int = 1) -> list[str]:
    """Start ``groups`` monitor runs, one per feed group, without waiting: idle workers take them."""
    logger = get_run_logger()
    started = []
    for group in range(groups):
        # called from a sync flow, run_deployment returns the FlowRun itself, not a coroutine
        run = cast(FlowRun, run_deployment(GROUP_DEPLOYMENT, parameters={"group": group, "groups": groups},
                                           timeout=0, as_subflow=False))
        started.append(str(run.id))
        logger.info("started feed group %d of %d as flow run %s", group, groups, run.id)
    return started
