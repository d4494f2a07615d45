"""Serializer fields every API app shares: object ids that the database can hold.

Primary keys are 64-bit signed integers (PostgreSQL ``bigint``, SQLite ``INTEGER``). A larger
number in a filter or a reference is refused here with a field message: SQLite cannot even bind
it (``OverflowError``, a 500 before), and on PostgreSQL it silently matched nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sicaker.ids import MAX_ID, is_storable_id

__all__ = ["MAX_ID", "IdField", "PrimaryKeyRelatedField"]


class IdField(serializers.IntegerField):
    """An object's id given as a number (filters, references): 1 to ``MAX_ID``."""

    default_error_messages = {
        "invalid": _("Give the id as a whole number, e.g. 42."),
        "min_value": _("Ids start at 1; give the id of an existing object."),
        "max_value": _("No object has an id this large (ids go up to {max_value})."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """DRF's field, but an id the database cannot hold is simply "does not exist" (a 400 with
    the field's own message) instead of reaching the database."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, bool):
            number = data
            if isinstance(data, str) and data.strip().isascii() and data.strip().isdigit():
                number = int(data.strip())
            if isinstance(number, int) and not is_storable_id(number):
                self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)
