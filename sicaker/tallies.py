"""The port through which the domain keeps the labor office's running tallies in step.

The office's dashboard reads counts that are kept up to date inside the writing transactions
(``applications.tallies``) instead of counting 300,000 applications on every visit. The domain
apps (jobs, seekers) sit below the app that keeps them and never import it: their services wrap
each write in ``tallied(vacancies=..., seekers=...)``. The tallier that applications plugs in at
start-up (``ApplicationsConfig.ready``) computes what those rows add to the tallies before the
write (locking them), again after it, and adds the difference, in the same transaction. Without
a tallier nothing happens.

Why before-and-after and not "+1 here": one rule per row instead of one per kind of change, so an
edit that moves a vacancy's closing date, skills and positions at once cannot be counted wrong,
and the nightly rebuild (``manage.py tallies_rebuild``) uses the very same rule for every row.
A ``tallied`` block inside another one for the same rows is a no-op (the outer one counts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

from django.db import transaction

# The kinds of rows that count, in the order their rows are locked (vacancies before seekers,
# the order of applying: the vacancy, then her).
KINDS = ("vacancy", "seeker")


class Tallier(Protocol):
    """What keeps the tallies (called inside the writing transaction)."""

    def contribution(self, kind: str, pks: list[int], *, lock: bool) -> Counter[Any]: ...

    def add(self, deltas: Counter[Any]) -> None: ...


_plugged: dict[str, Tallier] = {}
_active: ContextVar[frozenset[tuple[str, int]]] = ContextVar("tallied", default=frozenset())


def plug(tallier: Tallier | None) -> None:
    """Install the tallier (the applications app, at start-up)."""
    _plugged.pop("tallier", None)
    if tallier is not None:
        _plugged["tallier"] = tallier


@contextmanager
def tallied(*, vacancies: Iterable[int] = (), seekers: Iterable[int] = ()) -> Iterator[None]:
    """Wrap a write to these vacancies and seekers (or to their skills, completions and
    applications); call inside the writing transaction, before anything is changed.

    Locks the rows (vacancies first), notes what they count for, and when the block ends without
    an error adds the difference to the tallies. Rows an enclosing ``tallied`` already watches
    are left to it."""
    tallier = _plugged.get("tallier")
    outer = _active.get()
    wanted = {
        kind: sorted({pk for pk in pks if (kind, pk) not in outer})
        for kind, pks in zip(KINDS, (vacancies, seekers), strict=True)
    }
    if tallier is None or not any(wanted.values()):
        yield
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("tallied() must run inside the writing transaction")
    before: Counter[Any] = Counter()
    for kind, pks in wanted.items():
        if pks:
            before.update(tallier.contribution(kind, pks, lock=True))
    token = _active.set(outer | {(kind, pk) for kind, pks in wanted.items() for pk in pks})
    try:
        yield
    finally:
        _active.reset(token)
    after: Counter[Any] = Counter()
    for kind, pks in wanted.items():
        if pks:
            after.update(tallier.contribution(kind, pks, lock=False))
    deltas: Counter[Any] = Counter(after)
    deltas.subtract(before)
    tallier.add(Counter({key: delta for key, delta in deltas.items() if delta}))
