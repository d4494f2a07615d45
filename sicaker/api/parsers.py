"""Request body parsers: DRF's JSON parser with a bound on nesting.

Python's ``json`` decoder recurses once per level, so a body nested about a thousand levels deep
raised ``RecursionError`` inside the parser: a 500, reachable without an account. No request of
this API nests deeper than a few levels; anything deeper than ``MAX_JSON_DEPTH`` is a 400.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, Any

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# The deepest request body of the API (a seeker's skills: object > list > object) is 3 levels.
MAX_JSON_DEPTH = 32


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` (parsed JSON) nests deeper than ``limit`` levels (iterative: a
    recursive walk would fail on the very input it is meant to refuse)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """JSON bodies, refused with a 400 when nested deeper than ``MAX_JSON_DEPTH`` levels."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        message = _(
            "The JSON body is nested too deeply (at most %(depth)d levels); send a flatter body."
        ) % {"depth": MAX_JSON_DEPTH}
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(message) from None
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            raise ParseError(message)
        return data
