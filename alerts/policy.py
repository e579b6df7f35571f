"""Which alerts matter how much, and which go out at once: severity per issue and actor, and the channel."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from core.settings import Settings
    from parsers.lexicon import Lexicon

Channel = Literal["instant", "digest"]
SEVERITY_RANK = {"high": 0, "normal": 1, "low": 2}


def most_severe_first(severity: str) -> int:
    """Sort key: high before normal before low, anything unknown last."""
    return SEVERITY_RANK.get(severity, len(SEVERITY_RANK))


@dataclass(frozen=True)
class AlertPolicy:
    """Severities from the lexicon (issues, with actor overrides) and the severities mailed at once."""

    issue_severity: Mapping[str, str] = field(default_factory=dict)
    actor_severity: Mapping[str, str] = field(default_factory=dict)
    instant: Collection[str] = ("high",)
    senders: tuple[str, ...] = ("email",)  # what each new alert goes out by (alerts.senders)

    def severity(self, actor: str, issue: str) -> str:
        """The higher of the issue's and the actor's severity; 'normal' when neither is set."""
        found = [s for s in (self.issue_severity.get(issue), self.actor_severity.get(actor)) if s]
        return min(found, key=most_severe_first) if found else "normal"

    def channel(self, severity: str) -> Channel:
        return "instant" if severity in self.instant else "digest"


def policy_for(lexicon: Lexicon, settings: Settings) -> AlertPolicy:
    """Severities from the lexicon's issues, overridden per issue or actor in the settings: the one
    policy the store, the emails, the report and the web app all read."""
    overrides = settings.severity_overrides
    issues = {issue_id: overrides.get(issue_id, issue.severity) for issue_id, issue in lexicon.issues.items()}
    actors = {actor_id: overrides[actor_id] for actor_id in lexicon.actors if actor_id in overrides}
    return AlertPolicy(issues, actors, frozenset(settings.instant_severities), tuple(settings.senders))
