"""The range of object ids: what a primary key column (64-bit signed) can hold."""

from __future__ import annotations

# PostgreSQL bigint and SQLite INTEGER both stop here; a larger number names no object.
MAX_ID = 2**63 - 1


def is_storable_id(value: int) -> bool:
    """Whether ``value`` could be the id of a stored object (1..MAX_ID)."""
    return 1 <= value <= MAX_ID
