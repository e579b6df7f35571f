"""Row helpers every store module uses: the clock as stored, chunked IN lists, race-safe inserts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

# Keys per IN query: well below SQLite's bound-parameter limit.
IN_CHUNK = 500

T = TypeVar("T")


def chunked(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """``values`` in slices of ``IN_CHUNK``, one IN query each."""
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


def utcnow() -> datetime:
    """Naive UTC now, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def insert_new(session: Session, model: type[T], rows: Sequence[dict[str, Any]]) -> list[T]:
    """Insert ``rows`` in one statement, skipping any whose unique key is taken (a concurrent run was
    first); the inserted rows come back as objects, in the rows' order.

    One statement for a feed's new entries: a savepoint and flush per row cost ~0.5 ms each.
    """
    if not rows:
        return []
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).on_conflict_do_nothing().returning(model)
    inserted = list(session.scalars(statement, rows))
    return sorted(inserted, key=lambda row: row.id)  # ids follow the rows


def insert_once(session: Session, row: object) -> bool:
    """Insert ``row`` in a savepoint; False when a concurrent run inserted the same unique key first."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True
