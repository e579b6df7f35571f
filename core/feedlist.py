"""The watched-feeds file: a validated YAML list of feeds."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError

from core.errors import ConfigError

SHIPPED_FEEDS = Path(__file__).resolve().parent.parent / "flows" / "feeds.yaml"


class FeedConfig(BaseModel):
    """One watched feed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    url: HttpUrl
    lang: Literal["de", "en"] | None = None
    relevance_filter: bool = True


def load_feed_list(path: Path | None = None) -> list[FeedConfig]:
    """Read and validate a feeds file; ConfigError names the file and the entry."""
    path = path or SHIPPED_FEEDS
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}): save the feeds file as UTF-8") from exc
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read feeds file: {exc}") from exc
    entries = data.get("feeds") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a top-level 'feeds:' list")
    feeds: list[FeedConfig] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, start=1):
        try:
            feeds.append(FeedConfig.model_validate(entry))
        except ValidationError as exc:
            name = entry.get("name", "?") if isinstance(entry, dict) else "?"
            reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            problems.append(f"{path}: feed #{number} ({name}): {reasons}")
    names = [f.name for f in feeds]
    problems += [f"{path}: feed name {n!r} is used twice" for n in sorted({n for n in names if names.count(n) > 1})]
    if problems:
        raise ConfigError("\n".join(problems))
    return feeds
