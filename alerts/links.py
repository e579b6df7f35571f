"""Signed one-click links in alert emails: each names one alert and one action, expires, and is checked
by the web app before its confirmation page shows (only that page's POST changes anything)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

ACTIONS = ("confirm", "dismiss", "ack")
# Separates these signatures from the session cookie's, which the same secret signs.
_SALT = "stancewatch.alert-action"


class LinkError(ValueError):
    """A link that cannot act: ``reason`` is 'expired' or 'invalid' (tampered, wrong key, malformed)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class ActionLink:
    """What a valid link asks for; ``link_id`` makes it usable once."""

    alert_id: int
    action: str
    link_id: str


@dataclass(frozen=True)
class AlertLinks:
    """The web addresses an alert email shows: the alert's page, and one-click actions if signed."""

    page: str
    actions: dict[str, str]


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def sign_action(secret: str, alert_id: int, action: str) -> str:
    """A token for one action on one alert, with a fresh link id."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return str(_serializer(secret).dumps([alert_id, action, secrets.token_urlsafe(12)]))


def read_action(secret: str, token: str, max_age: timedelta) -> ActionLink:
    """The action a token asks for; LinkError if it expired or was not signed with ``secret``."""
    try:
        payload = _serializer(secret).loads(token, max_age=int(max_age.total_seconds()))
    except SignatureExpired:
        raise LinkError("expired", "this link has expired") from None
    except BadSignature:
        raise LinkError("invalid", "this link is not valid (it was changed or cut short)") from None
    match payload:
        case [int(alert_id), str(action), str(link_id)] if action in ACTIONS:
            return ActionLink(alert_id, action, link_id)
    raise LinkError("invalid", "this link is not valid")


def links_for(base_url: str, alert_id: int, secret: str | None) -> AlertLinks:
    """The alert page's address under ``base_url``, and signed action links when there is a secret."""
    base = base_url.rstrip("/")
    actions = {action: f"{base}/act/{sign_action(secret, alert_id, action)}" for action in ACTIONS} if secret else {}
    return AlertLinks(page=f"{base}/alerts/{alert_id}", actions=actions)
