"""Extraction and coding in worker processes: trafilatura and the coder hold the GIL, threads do not help."""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TypeVar

from core.settings import Settings
from flows.analyse import PageJob, analyse_batch
from flows.fetch import FetchResult
from parsers.lexicon import Lexicon, load_lexicon
from parsers.types import Analysed

# Below this many pages a batch is analysed in the flow's own process: handing pages to another
# process costs more than it saves (measured: ~20 ms of extraction per page, ~1 ms to pickle one).
MIN_PARALLEL_PAGES = 8

# What the fork server imports once for every worker: the extraction and coding stage, the run's
# lexicon, and the picture code the digest's timelines use (matplotlib costs ~0.25 s of CPU to import).
PRELOAD = ("flows.analyse", "flows.preload", "alerts.plots", "matplotlib.figure", "matplotlib.backends.backend_agg")

T = TypeVar("T")

_worker_lexicon: Lexicon | None = None
_worker_lexicon_dirs: tuple[Path, ...] = ()


# How often a worker looks whether the process that started it is still there.
ORPHAN_CHECK_SECONDS = 2.0


def alive(pid: int) -> bool:
    """Is process ``pid`` running (not gone, not a zombie waiting to be reaped)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return os.name != "posix" or not Path("/proc").is_dir()


def _exit_with(owner: int) -> None:
    """A run killed with SIGKILL cannot stop its workers, and the fork server waits for them: each
    worker watches the process that made the pool and ends itself once it is gone."""
    while True:
        time.sleep(ORPHAN_CHECK_SECONDS)
        if not alive(owner):
            os._exit(0)


def _init_worker(extra_dirs: tuple[Path, ...], owner: int) -> None:
    global _worker_lexicon, _worker_lexicon_dirs  # one lexicon per worker process, loaded once
    from flows import preload  # the fork server's copy; under spawn, imported (and loaded) here

    threading.Thread(target=_exit_with, args=(owner,), name="stancewatch-owner-watch", daemon=True).start()
    # Ctrl-C reaches the terminal's whole process group: the process that made the pool handles it
    # and shuts the pool down; a worker interrupted on its own would only print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    _worker_lexicon_dirs = extra_dirs
    _worker_lexicon = preload.lexicon_for(extra_dirs) or load_lexicon(list(extra_dirs))
    # What is loaded now lives as long as the worker: kept out of the garbage collector's full passes
    # (they would walk every object of trafilatura, matplotlib and the lexicon; ~1% of a worker's time).
    gc.freeze()


def _analyse_chunk(pages: Sequence[tuple[PageJob, FetchResult | str]], fingerprint: str) -> list[Analysed]:
    global _worker_lexicon
    assert _worker_lexicon is not None
    if _worker_lexicon.fingerprint != fingerprint:  # the lexicon files changed under a running pool
        _worker_lexicon = load_lexicon(list(_worker_lexicon_dirs))
    return analyse_batch(pages, _worker_lexicon)


_pool_lock = threading.Lock()


def _pool(processes: int, extra_dirs: tuple[Path, ...]) -> ProcessPoolExecutor:
    """This process's pool of workers for these settings, made once (by whichever thread asks first)."""
    with _pool_lock:
        return _make_pool(processes, extra_dirs)


@functools.lru_cache(maxsize=2)
def _make_pool(processes: int, extra_dirs: tuple[Path, ...]) -> ProcessPoolExecutor:
    # Not fork: the flow process runs Prefect's threads, which must not be forked mid-flight. A fork
    # server is a fresh single-threaded process that imports trafilatura, the parsers and matplotlib
    # once (~0.8 s of CPU) and forks every worker from there, sharing those pages; spawn imports them
    # per worker.
    context: BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(list(PRELOAD))
        context = forkserver
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(processes, mp_context=context, initializer=_init_worker, initargs=(extra_dirs, os.getpid()))


def _ready() -> None:
    """Nothing: submitted once per worker so that it starts (and loads its lexicon) ahead of the work."""


def start(settings: Settings) -> None:
    """Start the worker processes now, without waiting for them.

    Starting the fork server, its imports and the workers' lexicons take ~1.5 s; begun while the flow
    polls the feeds, they are done before the first batch of pages arrives. A thread starts them, as
    starting a worker waits until the fork server has done its imports.
    """
    if settings.extract_processes > 1:
        # not a daemon: a run with nothing to do ends before its workers are up, and a worker still
        # starting while the interpreter exits finds its pool's semaphores gone (a traceback on stderr)
        threading.Thread(target=_start, args=(settings.extract_processes, tuple(settings.lexicon_dirs())),
                         name="stancewatch-workers-start", daemon=False).start()


def _start(processes: int, extra_dirs: tuple[Path, ...]) -> None:
    pool = _pool(processes, extra_dirs)
    try:
        for _ in range(processes):
            pool.submit(_ready)
    except RuntimeError:  # the run ended first ("cannot schedule new futures after interpreter shutdown")
        pass


def analyse_parallel(
    pages: Sequence[tuple[PageJob, FetchResult | str]], lexicon: Lexicon, settings: Settings
) -> list[Analysed]:
    """Extract and code a batch, split over ``extract_processes`` worker processes; order is kept."""
    processes = min(settings.extract_processes, len(pages) // (MIN_PARALLEL_PAGES // 2) or 1)
    if processes <= 1 or len(pages) < MIN_PARALLEL_PAGES:
        return analyse_batch(pages, lexicon)
    pool = _pool(settings.extract_processes, tuple(settings.lexicon_dirs()))
    size = -(-len(pages) // processes)
    chunks = [list(pages[i : i + size]) for i in range(0, len(pages), size)]
    futures = [pool.submit(_analyse_chunk, chunk, lexicon.fingerprint) for chunk in chunks]
    return [result for future in futures for result in future.result()]


def run_each(calls: Sequence[Callable[[], T]], settings: Settings) -> list[T]:
    """Run independent CPU-bound calls (picklable: module-level functions or partials of them) on the
    worker processes, results in order; in this process when there are no workers or one call.

    For the digest's timeline pictures (~0.2 s each): the workers are idle once the articles are
    coded, and drawing them side by side shortens the run's serial tail.
    """
    if settings.extract_processes <= 1 or len(calls) < 2:
        return [call() for call in calls]
    pool = _pool(settings.extract_processes, tuple(settings.lexicon_dirs()))
    return [future.result() for future in [pool.submit(call) for call in calls]]
