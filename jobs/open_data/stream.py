"""Reading the change log by cursor: the open-data stream.

A cursor is an opaque string naming the last change a consumer has (``seq``); the stream
returns the changes after it in ``seq`` order, which is commit order (``jobs.open_data.log``),
so following ``next_cursor`` page after page, with any pause in between, misses and repeats
nothing. No cursor starts from the beginning of the kept log.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import VacancyChange, VacancyChangeCounter
from jobs.open_data.log import COUNTER_PK
from sicaker.errors import Invalid
from sicaker.ids import MAX_ID

CURSOR_PREFIX = "v1:"
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class CursorTooOld(Exception):
    """The changes after this cursor were partly pruned: take the snapshot and follow from its
    cursor."""

    def __init__(self, *, pruned_through: int) -> None:
        super().__init__(pruned_through)
        self.pruned_through = pruned_through


def encode_cursor(seq: int) -> str:
    """The opaque cursor of a position in the log (urlsafe base64, no padding)."""
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The position a cursor names; a cursor this service did not hand out is ``Invalid``."""
    text = ""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        pass
    number = text.removeprefix(CURSOR_PREFIX)
    if (
        not text.startswith(CURSOR_PREFIX)
        or not (number.isascii() and number.isdigit())
        or int(number) > MAX_ID
    ):
        raise Invalid(
            {
                "since": [
                    _(
                        "This is not a cursor of this stream; use a next_cursor from a previous "
                        "page or the cursor of the snapshot, or leave since out to start at the "
                        "beginning."
                    )
                ]
            }
        )
    return int(number)


@dataclass(frozen=True)
class StreamPage:
    items: list[dict[str, Any]]
    next_cursor: str
    has_more: bool
    last_seq: int


def change_item(*, seq: int, vacancy_id: int, kind: str, at: Any, payload: dict) -> dict:
    """One item of the stream: the change, its cursor, and the whole public vacancy after it
    (``null`` once the vacancy is no longer public)."""
    return {
        "cursor": encode_cursor(seq),
        "change": kind,
        "vacancy_id": vacancy_id,
        "changed_at": timezone.localtime(at).isoformat(),
        "vacancy": payload or None,
    }


def pruned_through() -> int:
    counter = VacancyChangeCounter.objects.filter(pk=COUNTER_PK).values_list(
        "pruned_through", flat=True
    )
    return next(iter(counter), 0)


def current_seq() -> int:
    """The ``seq`` of the newest committed change (0 before any)."""
    counter = VacancyChangeCounter.objects.filter(pk=COUNTER_PK).values_list("last_seq", flat=True)
    return next(iter(counter), 0)


def read_stream(*, since: int | None, limit: int = PAGE_SIZE) -> StreamPage:
    """The changes after ``since`` (all kept changes when None), at most ``limit``.

    Raises ``CursorTooOld`` when changes after ``since`` were pruned. The entries are read
    first and the prune horizon after them: a prune committing in between moves the horizon
    past ``since`` and the page is refused rather than served with a hole.
    """
    start = since or 0
    rows = list(
        VacancyChange.objects.filter(seq__gt=start)
        .order_by("seq")
        .values_list("seq", "vacancy_id", "kind", "created_at", "payload")[: limit + 1]
    )
    horizon = pruned_through()
    if since is not None and since < horizon:
        raise CursorTooOld(pruned_through=horizon)
    has_more = len(rows) > limit
    rows = rows[:limit]
    items = [
        change_item(seq=seq, vacancy_id=vacancy_id, kind=kind, at=at, payload=payload)
        for seq, vacancy_id, kind, at, payload in rows
    ]
    last_seq = rows[-1][0] if rows else start
    return StreamPage(
        items=items, next_cursor=encode_cursor(last_seq), has_more=has_more, last_seq=last_seq
    )
