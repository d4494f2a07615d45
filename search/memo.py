"""A small per-process memory of recent answers, each kept for a fixed number of seconds."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class TimedMemo(Generic[Value]):
    """key -> value, each forgotten ``seconds`` after it was remembered (0: remember nothing).

    At most ``size`` keys: when full, everything is forgotten at once (an answer is cheap to
    ask again; a bound on memory matters more than keeping the hottest keys)."""

    def __init__(
        self,
        *,
        seconds: Callable[[], float],
        size: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._seconds = seconds
        self._size = size
        self._clock = clock
        self._entries: dict[str, tuple[float, Value]] = {}
        self._lock = threading.Lock()

    def recall(self, keys: Iterable[str]) -> dict[str, Value]:
        """The keys remembered and still fresh, with their values."""
        now = self._clock()
        found = {}
        for key in keys:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > now:
                found[key] = entry[1]
        return found

    def remember(self, values: dict[str, Value]) -> None:
        seconds = self._seconds()
        if seconds <= 0 or not values:
            return
        expires = self._clock() + seconds
        with self._lock:
            if len(self._entries) + len(values) > self._size:
                self._entries.clear()
            for key, value in values.items():
                self._entries[key] = (expires, value)

    def forget(self) -> None:
        with self._lock:
            self._entries.clear()
