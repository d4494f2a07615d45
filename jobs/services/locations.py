"""Filling a point (latitude, longitude) from an address when the user gave none."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sicaker.regions import coordinates_for

LOCATION_FIELDS = ("address", "city", "district", "subdistrict", "latitude", "longitude")
ADDRESS_LEVELS = ("city", "district", "subdistrict")


def fill_coordinates(
    *, data: dict[str, Any], previous: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Return ``data`` with latitude/longitude looked up from the address levels when missing.

    ``previous`` is the stored location on an update: a point is looked up when the request gives
    no point and either nothing is stored or the address levels changed (the stored point would
    then be wrong). An address the regions list does not know leaves the point empty.
    """
    data = dict(data)
    if data.get("latitude") is not None and data.get("longitude") is not None:
        return data
    # The serializers accept both coordinates or neither; both null means "clear and look up".
    is_cleared = data.pop("latitude", None) is None and "longitude" in data
    data.pop("longitude", None)
    previous = previous or {}
    merged = {level: data.get(level, previous.get(level, "")) for level in ADDRESS_LEVELS}
    is_address_changed = any(
        level in data and data[level] != previous.get(level, "") for level in ADDRESS_LEVELS
    )
    has_point = previous.get("latitude") is not None and previous.get("longitude") is not None
    if has_point and not is_address_changed and not is_cleared:
        return data
    point = coordinates_for(
        city=merged["city"], district=merged["district"], subdistrict=merged["subdistrict"]
    )
    data["latitude"], data["longitude"] = point if point else (None, None)
    return data
