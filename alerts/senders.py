"""The ways alerts go out. A sender takes the alerts of one message (an instant alert, or the digest)
and delivers them; each keeps its own delivery state per alert in the store (``storage.models.Delivery``).

Email is the first sender. A webhook or chat sender is one class here with a ``name`` and a
``send``, added to ``SENDERS`` and named in ``STANCEWATCH_SENDERS``: the flow, the store and the
review need no change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from alerts.render import render_alerts
from alerts.send import Handover, deliver
from alerts.types import AlertView, SilentFeed
from core.errors import ConfigError
from core.settings import Settings


@dataclass(frozen=True)
class Outgoing:
    """One message's worth of alerts, as every sender is given it."""

    views: Sequence[AlertView]
    message_id: str  # recorded before sending, so a retry of the same alerts reuses it (idempotency)
    digest: bool = False  # the digest of several alerts, or one instant alert
    silent: Sequence[SilentFeed] = ()  # feeds newly silent, told in the digest
    timelines: Mapping[str, bytes] = field(default_factory=dict)  # a PNG per issue, for senders that show them
    uncertain: int = 0  # earlier alerts that may not have arrived (the digest says so)


class Sender(Protocol):
    """A way alerts go out."""

    name: str  # its name in STANCEWATCH_SENDERS and in the store's delivery rows
    shows_timelines: bool  # drawing the issue timelines costs ~0.2 s each: only for senders that show them

    def send(self, outgoing: Outgoing, on_handover: Handover) -> str:
        """Deliver the message; return where it went. ``on_handover`` is called just before the point
        from which the receiver may hold the message even if no answer comes. Raises DeliveryError
        naming where it failed, with ``ambiguous`` set when it may have arrived."""
        ...


class EmailSender:
    """Alerts by email: SMTP when a host is set, else .eml files in the outbox folder."""

    name = "email"
    shows_timelines = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, outgoing: Outgoing, on_handover: Handover) -> str:
        message = render_alerts(outgoing.views, self.settings.mail_from, self.settings.recipients(),
                                outgoing.message_id, outgoing.silent, digest=outgoing.digest,
                                timelines=outgoing.timelines, uncertain=outgoing.uncertain)
        return deliver(message, self.settings, on_handover=on_handover)


# Every sender stancewatch knows, by name.
SENDERS: dict[str, Callable[[Settings], Sender]] = {"email": EmailSender}


def senders_for(settings: Settings) -> list[Sender]:
    """The senders the settings name, in their order; an unknown name is a ConfigError naming the known ones."""
    unknown = [name for name in settings.senders if name not in SENDERS]
    if unknown:
        raise ConfigError(f"STANCEWATCH_SENDERS: unknown sender {unknown[0]!r} (known: {', '.join(sorted(SENDERS))})")
    return [SENDERS[name](settings) for name in dict.fromkeys(settings.senders)]
