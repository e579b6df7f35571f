"""Prefect tasks: each body is one call into a stage; retries only on the I/O of fetching feeds."""

from __future__ import annotations

from collections.abc import Sequence

from prefect import task
from prefect.cache_policies import NO_CACHE
from sqlalchemy.exc import OperationalError

from flows import pool, stages
from flows.fetch import FetchResult
from parsers.lexicon import Lexicon
from stancewatch.errors import FetchError, StorageError
from stancewatch.feedlist import FeedConfig
from stancewatch.settings import Settings

# Retries within a run wait a few seconds; a server asking for more is left alone until later runs.
MAX_RETRY_WAIT_SECONDS = 10


def _transient(_task: object, _run: object, state: object) -> bool:
    """Retry timeouts, connection errors and 5xx; a 404 or a refused address will not change."""
    try:
        state.result()  # type: ignore[attr-defined]
    except FetchError as exc:
        if exc.retry_after is not None and exc.retry_after > MAX_RETRY_WAIT_SECONDS:
            return False  # the server asked for a longer rest: the feed backs off until a later run
        return "timed out" in exc.reason or "HTTP 5" in exc.reason or "Error" in exc.reason
    except Exception:
        return False
    return False


def _database_hiccup(_task: object, _run: object, state: object) -> bool:
    """Retry when the database was busy or briefly away; every storage step is safe to repeat."""
    try:
        state.result()  # type: ignore[attr-defined]
    except (OperationalError, StorageError):
        return True
    except Exception:
        return False
    return False


# A database restart or a long lock is over within seconds; a longer outage fails the run, and the
# next run resumes from the stored state.
DB_RETRY_DELAYS = [2.0, 10.0]


@task(name="fetch_feed", retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=_transient, cache_policy=NO_CACHE)
def fetch_feed(config: FeedConfig, etag: str | None, modified: str | None, settings: Settings) -> FetchResult:
    return stages.fetch_feed_body(config, etag, modified, settings)


@task(name="fetch_pages", cache_policy=NO_CACHE)
def fetch_pages(jobs: Sequence[stages.PageJob], settings: Settings) -> list[tuple[stages.PageJob, FetchResult | str]]:
    return stages.fetch_pages(jobs, settings)


@task(name="extract_and_code", cache_policy=NO_CACHE)
def extract_and_code(
    pages: Sequence[tuple[stages.PageJob, FetchResult | str]], lexicon: Lexicon, settings: Settings
) -> list[stages.Analysed]:
    return pool.analyse_parallel(pages, lexicon, settings)


@task(name="store_and_diff", retries=2, retry_delay_seconds=DB_RETRY_DELAYS, retry_condition_fn=_database_hiccup,
      cache_policy=NO_CACHE)
def store_and_diff(
    results: Sequence[stages.Analysed], lexicon: Lexicon, settings: Settings, owner: str
) -> stages.BatchSummary:
    return stages.store_batch(results, lexicon, settings, owner)


@task(name="claim", retries=2, retry_delay_seconds=DB_RETRY_DELAYS, retry_condition_fn=_database_hiccup,
      cache_policy=NO_CACHE)
def claim(settings: Settings, owner: str, feed_ids: Sequence[int] | None, url: str | None) -> list[stages.PageJob]:
    return stages.claim_jobs(settings, owner, feed_ids, url)


@task(name="alert", retries=2, retry_delay_seconds=DB_RETRY_DELAYS, retry_condition_fn=_database_hiccup,
      cache_policy=NO_CACHE)
def alert(lexicon: Lexicon, settings: Settings) -> stages.DeliveryOutcome:
    return stages.send_alerts(lexicon, settings)
