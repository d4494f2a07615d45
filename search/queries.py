"""Typed queries going into a search backend, and what comes back: ids, scores and facets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from search.intents import Intents


class VacancySort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    DISTANCE = "distance"
    CHOICES = (RELEVANCE, NEWEST, DISTANCE)


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lon: float


@dataclass(frozen=True)
class VacancyQuery:
    text: str = ""
    skill_slugs: tuple[str, ...] = ()
    work_types: tuple[str, ...] = ()
    city: str = ""
    district: str = ""
    near: GeoPoint | None = None
    radius_km: float | None = None
    pay_min: int | None = None
    sort: str = VacancySort.RELEVANCE
    page: int = 1
    page_size: int = 20
    # The day whose open vacancies are searched; None means today (Asia/Jakarta).
    today: date | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class Hit:
    pk: int
    score: float
    distance_km: float | None = None


@dataclass(frozen=True)
class SimilarVacancy:
    """An open vacancy near-identical to the one compared, and how similar (0..1, Jaccard)."""

    pk: int
    similarity: float


@dataclass
class SearchPage:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    open_positions: int = 0
    # The engine's own time for the query (Elasticsearch "took"), for benchmarks and logs.
    took_ms: int | None = None
    # What the backend could not do for this query, in words a user can act on.
    notices: list[str] = field(default_factory=list)
    # Typed word -> the word searched instead (no open vacancy holds the typed one).
    corrections: dict[str, str] = field(default_factory=dict)
    # What the words meant besides themselves (work type, pay, place): boosts, offered as filters.
    intents: Intents = field(default_factory=Intents)
    # Set by ``search.understanding``: the "did you mean" text, what was relaxed to find
    # something (in words), and the filters the query's intents suggest.
    did_you_mean: str = ""
    relaxed: list[str] = field(default_factory=list)
    suggested_filters: list[SuggestedFilter] = field(default_factory=list)


@dataclass(frozen=True)
class SuggestedFilter:
    """A filter the query's words asked for, offered (never applied silently)."""

    field: str  # the search parameter: "work_type", "district", "pay_min"
    value: str
    label: str
