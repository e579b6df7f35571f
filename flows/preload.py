"""Imported once by the worker processes' fork server (``flows.pool.PRELOAD``), never by the flow.

It loads the run's lexicon there, so every worker forked from the server starts with its patterns
compiled instead of compiling them itself (~0.4 s of CPU a worker, at the start of the articles phase,
when the workers are the bottleneck). The fork server inherits the flow's environment, so the settings
name the same lexicon folders.
"""

from __future__ import annotations

from pathlib import Path

from core.settings import Settings
from parsers.lexicon import Lexicon, load_lexicon


def _load() -> tuple[tuple[Path, ...], Lexicon | None]:
    try:
        dirs = tuple(Settings().lexicon_dirs())
        return dirs, load_lexicon(list(dirs))
    except Exception:  # noqa: BLE001 - the fork server survives only ImportError from a preload module
        return (), None  # a bad lexicon or setting: each worker loads it again and reports the error


LEXICON_DIRS, LEXICON = _load()


def lexicon_for(extra_dirs: tuple[Path, ...]) -> Lexicon | None:
    """The lexicon loaded in the fork server, if it was loaded from ``extra_dirs``."""
    return LEXICON if LEXICON is not None and LEXICON_DIRS == extra_dirs else None
