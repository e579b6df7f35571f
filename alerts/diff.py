"""The diff: compare a new asserted claim with the stored position of its actor on its issue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

ChangeKind = Literal["new", "shift", "reaffirm", "stale"]


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
    """Classify a claim: a new position, a shift, a reaffirmation, or stale (older than the stored one)."""
    if stored is None:
        return Change("new", None, stance)
    if stored.stance == stance:
        return Change("reaffirm", stance, stance)
    # An article older than the evidence of a monitored position reports the past, not a move.
    # The baseline is the reference point instead: whatever the monitor reads after it may move it.
    if stored.origin != "baseline" and published is not None and stored.since is not None and published < stored.since:
        return Change("stale", stored.stance, stance)
    return Change("shift", stored.stance, stance)
