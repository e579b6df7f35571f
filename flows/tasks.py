"""Prefect tasks, sized per batch (a task run costs more than fetching a page): all feeds, a batch of articles, delivery."""

from __future__ import annotations

from collections.abc import Sequence

from prefect import task
from prefect.cache_policies import NO_CACHE
from sqlalchemy.exc import OperationalError

from core.errors import StorageError
from core.feedlist import FeedConfig
from core.settings import Settings
from flows import delivery, stages
from flows.fetch import FetchResult
from parsers.lexicon import Lexicon
from storage.ingest import BatchSummary


def _database_hiccup(_task: object, _run: object, state: object) -> bool:
    """Retry when the database was busy or briefly away; every storage step is safe to repeat."""
    try:
        state.result()  # type: ignore[attr-defined]
    except (OperationalError, StorageError):
        return True
    except Exception:  # noqa: BLE001 (any other failure is no database hiccup: no retry)
        return False
    return False


# A database restart or a long lock is over within seconds; a longer outage fails the run, and the
# next run resumes from the stored state.
DB_RETRY_DELAYS = [2.0, 10.0]


@task(name="fetch_feeds", cache_policy=NO_CACHE)
def fetch_feeds(
    feeds: Sequence[tuple[FeedConfig, stages.FeedState]], settings: Settings
) -> list[FetchResult | BaseException]:
    return stages.fetch_feeds(feeds, settings)


@task(name="process_batch", retries=2, retry_delay_seconds=DB_RETRY_DELAYS, retry_condition_fn=_database_hiccup,
      cache_policy=NO_CACHE)
def process_batch(
    lexicon: Lexicon, settings: Settings, run: str, number: int, order: stages.StoreOrder,
    feed_ids: Sequence[int] | None, url: str | None,
) -> BatchSummary:
    """Lease a batch, fetch its pages, extract and code them in the worker processes, store and diff.

    One task run per batch of ``batch_size`` articles: per-article or per-stage task runs would cost
    more in orchestration than the work. Batch ``number`` of ``run`` leases under its own name, which a
    retry after a database hiccup reuses to take back what it leased (articles whose results were
    stored are no longer pending); it stores after the run's earlier batches (``order``).
    """
    return stages.process_batch(lexicon, settings, f"{run}:{number}", order, feed_ids, url)


@task(name="alert", retries=2, retry_delay_seconds=DB_RETRY_DELAYS, retry_condition_fn=_database_hiccup,
      cache_policy=NO_CACHE)
def alert(lexicon: Lexicon, settings: Settings) -> delivery.DeliveryOutcome:
    return delivery.send_alerts(lexicon, settings)
