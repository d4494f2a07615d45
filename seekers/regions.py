"""Indonesian address levels (kota, kecamatan, kelurahan) with approximate centroids.

Shared lookup used by seekers and employers: `coordinates_for` fills a point from an address
when the user gave none, so distance matching works for people who only know their kelurahan.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "regions.json"


def _key(name: str) -> str:
    name = (name or "").strip().lower()
    for prefix in ("kota ", "kecamatan ", "kec. ", "kelurahan ", "kel. ", "desa "):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return " ".join(name.replace("-", " ").split())


@lru_cache(maxsize=1)
def regions() -> list[dict]:
    return json.loads(_DATA.read_text(encoding="utf-8"))


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
                    subdistrict["lat"], subdistrict["lon"],
                )
    return points


def coordinates_for(*, city: str, district: str = "", subdistrict: str = "") -> tuple[float, float] | None:
    """The most precise known point for an address: kelurahan, else kecamatan, else city."""
    index = _index()
    city_key, district_key, subdistrict_key = _key(city), _key(district), _key(subdistrict)
    for key in ((city_key, district_key, subdistrict_key), (city_key, district_key), (city_key,)):
        if all(key) and key in index:
            return index[key]
    return None
