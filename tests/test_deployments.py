"""Deployments on a work pool, and the feed groups that let more workers share a long feed list."""

import asyncio

import pytest
from prefect.client.orchestration import get_client

from flows.deployments import deploy_to_pool
from flows.monitor import select_feeds
from core.errors import ConfigError
from core.settings import Settings


def feeds_file(tmp_path, n):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n" + "".join(f"  - {{name: f{i:02d}, url: 'https://n{i}.example/rss'}}\n" for i in range(n)))
    return path


def test_feed_groups_split_the_list_without_overlap_or_gap(home, tmp_path, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_FEEDS_FILE", str(feeds_file(tmp_path, 7)))
    settings = Settings()
    groups = [{f.name for f in select_feeds(settings, None, None, g, 3)} for g in range(3)]
    assert sum(len(g) for g in groups) == 7 and set.union(*groups) == {f"f{i:02d}" for i in range(7)}
    assert max(len(g) for g in groups) - min(len(g) for g in groups) <= 1
    with pytest.raises(ConfigError, match="feed group 3 does not exist"):
        select_feeds(settings, None, None, 3, 3)


@pytest.mark.usefixtures("prefect_harness")
def test_deploy_registers_the_group_monitor_and_the_scheduled_dispatcher(home, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_SCHEDULE_MINUTES", "15")
    group_id, dispatch_id, rerun_id = deploy_to_pool(Settings(), "newsroom", groups=4)
    deploy_to_pool(Settings(), "newsroom", groups=4)  # again: the pool exists already, nothing breaks

    async def read():
        async with get_client() as client:
            return [await client.read_deployment(i) for i in (group_id, dispatch_id, rerun_id)]

    group, dispatcher, recode = asyncio.run(read())
    assert recode.entrypoint == "flows/rerun.py:rerun" and recode.work_pool_name == "newsroom"
    assert (group.work_pool_name, group.entrypoint) == ("newsroom", "flows/monitor.py:monitor")
    assert dispatcher.parameters == {"groups": 4} and dispatcher.entrypoint == "flows/dispatch.py:dispatch"
    (schedule,) = dispatcher.schedules
    assert schedule.schedule.interval.total_seconds() == 15 * 60
