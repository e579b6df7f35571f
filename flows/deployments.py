"""Deployments: the monitor served on a schedule (`stancewatch serve`). No business logic here."""

from __future__ import annotations

from datetime import timedelta

from prefect import serve

from flows.monitor import monitor
from stancewatch.settings import Settings


def serve_monitor(settings: Settings) -> None:
    """Serve the monitor every ``schedule_minutes`` and on demand (blocks until interrupted)."""
    scheduled = monitor.to_deployment(
        name="monitor-scheduled",
        interval=timedelta(minutes=settings.schedule_minutes),
        description="Poll all configured feeds, code new articles, alert on shifts.",
    )
    manual = monitor.to_deployment(
        name="monitor-manual",
        description="Run by hand from the Prefect UI with parameters: feed, feed_url, url, since.",
    )
    serve(scheduled, manual)
