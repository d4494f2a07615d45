"""Serializer fields shared by the API of every app."""

from __future__ import annotations

from rest_framework import serializers

# The largest id a database row can have (a signed 64-bit integer). SQLite cannot even compare a
# larger number with a column (a 500 before), so anything above is invalid input, a 400.
MAX_ID = 2**63 - 1


class IdField(serializers.IntegerField):
    """The id of a row, as a filter or a reference: a whole number from 1 to MAX_ID."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
