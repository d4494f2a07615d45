"""What a typed query means besides its words: a work type, a pay unit, a place, an amount.

"kerja dari rumah", "paruh waktu", "borongan", "gaji harian", "di Sukun", "2jt" are read here
into ``Intents`` and taken out of the words. Both backends turn intents into boosts (and count a
vacancy of the wanted work type, pay unit or place as a match even when its text lacks the
words); the search page offers each as a filter to apply ("Tampilkan hanya kerja dari rumah?").
An intent never filters by itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from sicaker.regions import regions
from sicaker.text import fold, tokenize

# Phrases (folded words) naming a work type; the longest phrase found first wins.
WORK_TYPE_PHRASES = {
    "home_based": [
        "kerja dari rumah", "dari rumah", "kerja di rumah", "wfh", "work from home",
        "kerja rumahan",
    ],
    "part_time": ["paruh waktu", "part time", "parttime", "sampingan", "kerja sampingan"],
    "full_time": ["penuh waktu", "full time", "fulltime"],
    "piece_rate": ["borongan", "borong", "sistem borongan", "upah borongan"],
    "freelance": ["lepas", "pekerja lepas", "freelance", "freelancer", "serabutan"],
}  # fmt: skip
# Phrases naming how the pay is counted (``jobs.models.PayUnit``).
PAY_UNIT_PHRASES = {
    "day": ["gaji harian", "upah harian", "harian", "per hari", "perhari", "sehari"],
    "week": ["gaji mingguan", "mingguan", "per minggu", "seminggu"],
    "month": ["gaji bulanan", "bulanan", "per bulan", "perbulan", "sebulan"],
    "hour": ["per jam", "perjam", "sejam"],
    "piece": ["per potong", "per pcs", "per biji", "per buah", "per lembar"],
}
# District names that are also common words: read as a place only after "di" / "kecamatan".
AMBIGUOUS_PLACES = frozenset(["taman", "kota"])
PLACE_MARKERS = frozenset(["di", "kec", "kecamatan"])
# "2jt", "2,5 juta", "150rb", "150 ribu", "Rp 2.000.000": an amount of pay.
_AMOUNT = re.compile(
    r"(?:\brp\.?\s*(?P<rupiah>\d{1,3}(?:\.\d{3})+|\d{4,}))"
    r"|(?:\b(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>rb|ribu|k|jt|juta)\b)"
)
_UNIT_FACTOR = {"rb": 1_000, "ribu": 1_000, "k": 1_000, "jt": 1_000_000, "juta": 1_000_000}


@dataclass(frozen=True)
class Intents:
    work_types: tuple[str, ...] = ()
    pay_units: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    pay_at_least: int | None = None

    def __bool__(self) -> bool:
        return bool(
            self.work_types
            or self.pay_units
            or self.districts
            or self.cities
            or self.pay_at_least is not None
        )

    @property
    def matches_alone(self) -> bool:
        """Whether a vacancy can match on these intents alone (a pay amount only ranks)."""
        return bool(self.work_types or self.pay_units or self.districts or self.cities)


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], tuple[str, str]]:
    """(folded words) -> (kind, value), for every intent phrase and place name."""
    phrases: dict[tuple[str, ...], tuple[str, str]] = {}
    for kind, table in (("work_type", WORK_TYPE_PHRASES), ("pay_unit", PAY_UNIT_PHRASES)):
        for value, names in table.items():
            for name in names:
                phrases[tuple(tokenize(name))] = (kind, value)
    for city in regions():
        city_words = tuple(tokenize(city["city"]))
        phrases.setdefault(city_words, ("city", city["city"]))
        phrases.setdefault(city_words[-1:], ("city", city["city"]))  # "malang"
        for district in city["districts"]:
            phrases[tuple(tokenize(district["name"]))] = ("district", district["name"])
    return phrases


def read_amount(text: str) -> tuple[int | None, str]:
    """The first amount of pay in ``text`` (folded), and the text without every amount."""
    amount: int | None = None

    def take(match: re.Match[str]) -> str:
        nonlocal amount
        if match.group("rupiah"):
            value = int(match.group("rupiah").replace(".", ""))
        else:
            number = float(match.group("number").replace(",", "."))
            value = round(number * _UNIT_FACTOR[match.group("unit")])
        if amount is None and value > 0:
            amount = value
        return " "

    rest = _AMOUNT.sub(take, text)
    return amount, rest


def read_intents(
    text: str, normalize: Callable[[list[str]], list[str]]
) -> tuple[Intents, list[str], list[str]]:
    """The intents named in ``text``, its remaining words and the words of the phrases read as
    intents (folded, ``normalize``d: spelling variants), in order. Phrases are matched longest
    first; amounts of pay leave no word."""
    amount, rest = read_amount(fold(text))
    words = normalize(tokenize(rest))
    phrases = _phrases()
    longest = max(len(key) for key in phrases)
    found: dict[str, list[str]] = {"work_type": [], "pay_unit": [], "district": [], "city": []}
    kept: list[str] = []
    consumed: list[str] = []
    start = 0
    while start < len(words):
        for size in range(min(longest, len(words) - start), 0, -1):
            key = tuple(words[start : start + size])
            meaning = phrases.get(key)
            if meaning is None:
                continue
            kind, value = meaning
            after_marker = start > 0 and words[start - 1] in PLACE_MARKERS
            if size == 1 and key[0] in AMBIGUOUS_PLACES and not after_marker:
                continue
            if value not in found[kind]:
                found[kind].append(value)
            consumed.extend(key)
            start += size
            break
        else:
            kept.append(words[start])
            start += 1
    intents = Intents(
        work_types=tuple(found["work_type"]),
        pay_units=tuple(found["pay_unit"]),
        districts=tuple(found["district"]),
        cities=tuple(found["city"]),
        pay_at_least=amount,
    )
    return intents, kept, consumed
