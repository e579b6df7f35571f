"""Politeness shared by every worker: the next free request slot per host, kept in the database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import HostSlot
from storage.rows import insert_once, utcnow


def reserve_slot(session: Session, host: str, interval: timedelta) -> float:
    """Reserve the next request slot for ``host``; return the seconds to wait before using it."""
    now = utcnow()
    query = select(HostSlot).where(HostSlot.host == host).with_for_update()
    slot = session.scalar(query)
    if slot is None:
        if insert_once(session, HostSlot(host=host, next_allowed_at=now + interval)):
            return 0.0
        slot = session.scalars(query).one()  # another worker reserved the first slot just now
    start = max(now, slot.next_allowed_at)
    slot.next_allowed_at = start + interval
    return (start - now).total_seconds()
