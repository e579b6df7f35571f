"""The diff: compare a new asserted claim with the stored position of its actor on its issue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

ChangeKind = Literal["new", "shift", "reaffirm", "older"]


@dataclass(frozen=True)
class StoredPosition:
    """What the store holds for one (actor, issue)."""

    stance: str
    since: datetime | None
    origin: str = "monitor"  # baseline | monitor | editor


@dataclass(frozen=True)
class Change:
    """The outcome of one claim against the stored position."""

    kind: ChangeKind
    from_stance: str | None
    to_stance: str


def diff_claim(stored: StoredPosition | None, stance: str, published: datetime | None) -> Change:
    """Classify a claim: a new position, a shift, a reaffirmation, or an older report.

    The stored position is the newest evidence's: a claim published before it that contradicts it is
    an ``older`` report, raised for an editor to see but never moving the position, whoever set it
    (seed, monitor or editor). A claim without a date cannot be placed and is read as news.
    """
    if stored is None:
        return Change("new", None, stance)
    if stored.stance == stance:
        return Change("reaffirm", stance, stance)
    if published is not None and stored.since is not None and published < stored.since:
        return Change("older", stored.stance, stance)
    return Change("shift", stored.stance, stance)
