"""Indonesian address levels (kota, kecamatan, kelurahan) with approximate centroids.

Shared lookup used by seekers and employers, in the core so that jobs and seekers both import
it: `coordinates_for` fills a point from an address when the user gave none, so distance
matching works for people who only know their kelurahan.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).resolve().parent / "data" / "regions.json"


def _key(name: str) -> str:
    name = (name or "").strip().lower()
    for prefix in ("kota ", "kecamatan ", "kec. ", "kelurahan ", "kel. ", "desa "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return " ".join(name.replace("-", " ").split())


@lru_cache(maxsize=1)
def regions() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(_DATA.read_text(encoding="utf-8"))
    return loaded


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, ...], tuple[float, float]]:
    points: dict[tuple[str, ...], tuple[float, float]] = {}
    for city in regions():
        city_key = _key(city["city"])
        points[(city_key,)] = (city["lat"], city["lon"])
        for district in city["districts"]:
            district_key = _key(district["name"])
            points[(city_key, district_key)] = (district["lat"], district["lon"])
            for subdistrict in district["subdistricts"]:
                points[(city_key, district_key, _key(subdistrict["name"]))] = (
                    subdistrict["lat"],
                    subdistrict["lon"],
                )
    return points


def coordinates_for(
    *, city: str, district: str = "", subdistrict: str = ""
) -> tuple[float, float] | None:
    """The most precise known point for an address: kelurahan, else kecamatan, else city."""
    index = _index()
    city_key, district_key, subdistrict_key = _key(city), _key(district), _key(subdistrict)
    for key in ((city_key, district_key, subdistrict_key), (city_key, district_key), (city_key,)):
        if all(key) and key in index:
            return index[key]
    return None


@dataclass(frozen=True)
class Place:
    """A known address: the names as the regions list spells them, and its most precise point."""

    city: str
    district: str
    subdistrict: str
    latitude: float
    longitude: float


@lru_cache(maxsize=1)
def _places() -> dict[tuple[str, ...], Place]:
    places: dict[tuple[str, ...], Place] = {}
    for city in regions():
        city_key = _key(city["city"])
        for district in city["districts"]:
            district_key = _key(district["name"])
            places[(city_key, district_key)] = Place(
                city["city"], district["name"], "", district["lat"], district["lon"]
            )
            for subdistrict in district["subdistricts"]:
                places[(city_key, district_key, _key(subdistrict["name"]))] = Place(
                    city["city"],
                    district["name"],
                    subdistrict["name"],
                    subdistrict["lat"],
                    subdistrict["lon"],
                )
    return places


def locate(*, city: str, district: str, subdistrict: str = "") -> Place | None:
    """The known place for a seeker's address, or None.

    Needs a known city and district (kecamatan): a city centroid alone is too coarse for the
    few-kilometre distances seekers travel. A known kelurahan refines the point; an unknown one
    keeps the district's point and the seeker's own spelling of the kelurahan.
    """
    places = _places()
    city_key, district_key, subdistrict_key = _key(city), _key(district), _key(subdistrict)
    if not (city_key and district_key):
        return None
    if subdistrict_key and (city_key, district_key, subdistrict_key) in places:
        return places[(city_key, district_key, subdistrict_key)]
    place = places.get((city_key, district_key))
    if place is None:
        return None
    return Place(place.city, place.district, subdistrict.strip(), place.latitude, place.longitude)
