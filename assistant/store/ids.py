"""Row ids a caller names: one outside the range a key column holds is simply not there.

The key columns are 32-bit INTEGER on PostgreSQL (64-bit on SQLite); sending a larger number
to either database raises a driver error instead of "not found", so it is refused first.
"""

from assistant.errors import NotFoundError

MAX_ROW_ID = 2**31 - 1


def existing_id(value: int, what: str) -> int:
    """The id unchanged, or NotFoundError when no row can carry it."""
    if not 1 <= value <= MAX_ROW_ID:
        raise NotFoundError(f"no {what} {value}")
    return value
