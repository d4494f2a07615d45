"""Match ranking inside Elasticsearch: ``search.matching.score_pair``'s score as one query.

The Elasticsearch this project runs has no scripting module (no Painless), so the score is built
from what every distribution has: a ``bool`` query whose ``should`` clauses are the score's
parts, each a ``constant_score`` or ``function_score`` that matches only the documents that
earn points from it (a ``function_score`` whose filters all miss a document would give it 1).
The asking side (the seeker, or the vacancy) is a constant of the query; the other side's
figures are fields of its document (``search.documents``):

- required and preferred skills: for each skill held, ``weight x 1/count`` of the list it is in
  (``required_unit``: the engine adds the same share ``_skill_share`` computes);
- distance: the band (a ring of two ``geo_distance`` filters, at the rounding ``score_pair``
  applies) gives ``band_points`` for the seeker's limit: a constant when the seeker asks, stored
  in her document when a vacancy asks;
- work type: a term;
- hours: the share of days (a sum of ``1/count`` per day held), the share of hours (four cases
  of the overlap, each a product of a linear decay and ``1/length``), the smaller of the two
  (``boost_mode: min``), or 5 when unknown;
- recency: a linear decay of the publication (or profile) date over 30 days.

Scoring every candidate this way is too dear (a seeker's candidates are often most of the
index), so a request ranks in two passes: constant-score clauses (the skill and work type parts
exactly, the distance as one ring, no hours or recency) pick each shard's RESCORE_WINDOW best,
and only those are rescored with the exact clauses. Among equal scores the newer comes first
(a tie-break of at most 0.0001). The engine's score is a 32-bit float (about 1e-5 off
``score_pair``'s); the score and reasons shown are ``score_pair``'s own, computed from the hit's
document (``tests/search/test_match_ranking.py`` compares the two on random pairs).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobs.models import WorkType
from search.matching import (
    DISTANCE_BANDS,
    RECENCY_DAYS,
    SOURCE_WEIGHT,
    UNKNOWN_DISTANCE_POINTS,
    WEIGHTS,
    SeekerFacts,
    VacancyFacts,
    band_points,
)
from seekers.models import SkillSource

Query = dict[str, Any]
MINUTES_PER_DAY = 1440
# score_pair bands the distance rounded to 10 m: "under 2 km" is a rounded distance below 2.00,
# so an exact distance of at most 1.995 km.
ROUNDING_KM = 0.005


def _constant(filter_: Query, points: float) -> Query:
    return {"constant_score": {"filter": filter_, "boost": points}}


def _scored(query: Query, functions: list[Query], *, score_mode: str = "sum") -> Query:
    """The functions' combined value as the score of each document ``query`` matches."""
    return {
        "function_score": {
            "query": query,
            "functions": functions,
            "score_mode": score_mode,
            "boost_mode": "replace",
        }
    }


def _term(field: str, value: Any) -> Query:
    return {"term": {field: value}}


def _terms(field: str, values: list[Any]) -> Query:
    return {"terms": {field: values}}


def _exists(field: str) -> Query:
    return {"exists": {"field": field}}


def _bool(**clauses: Any) -> Query:
    """A bool query of the clauses given (empty ones left out); match_all if none is left."""
    kept = {name: value for name, value in clauses.items() if value}
    if not any(name in kept for name in ("must", "filter", "should", "must_not")):
        return {"match_all": {}}
    return {"bool": kept}


def _range(field: str, **bounds: float) -> Query:
    return {"range": {field: bounds}}


def _factor(field: str, factor: float, filter_: Query | None = None) -> Query:
    function: Query = {"field_value_factor": {"field": field, "factor": factor, "missing": 0}}
    if filter_ is not None:
        function["filter"] = filter_
    return function


def _linear(field: str, origin: Any, scale: Any, weight: float) -> Query:
    """``weight * max(0, 1 - |value - origin| / (2 * scale))`` (decay 0.5 at ``scale``)."""
    return {"linear": {field: {"origin": origin, "scale": scale, "decay": 0.5}}, "weight": weight}


def _minutes(value: Any) -> int:
    return int(value.hour * 60 + value.minute)


def _within(point: dict[str, float], field: str, km: float) -> Query:
    return {"geo_distance": {"distance": f"{km}km", field: point}}


def _band_filters(point: dict[str, float], field: str) -> list[tuple[str, Query]]:
    """(band code, filter of the documents whose distance from ``point`` falls in the band)."""
    bands = []
    for band in DISTANCE_BANDS:
        must_not = (
            [] if band.lower_km == 0 else [_within(point, field, band.lower_km - ROUNDING_KM)]
        )
        filter_ = (
            [] if band.upper_km is None else [_within(point, field, band.upper_km - ROUNDING_KM)]
        )
        bands.append((band.code, _bool(filter=filter_, must_not=must_not)))
    return bands


def _recency(field: str, now: datetime) -> Query:
    return _scored(
        _exists(field),
        [
            _linear(
                field,
                int(now.timestamp() * 1000),
                f"{RECENCY_DAYS * 86_400_000 // 2}ms",
                WEIGHTS["recency"],
            )
        ],
    )


def _hours_share(
    *, start: str, end: str, unit: str, window: tuple[int, int], points: float
) -> Query | None:
    """``points x`` the share of each document's hours [start, end) inside ``window``
    (the asking side's), for documents whose hours overlap it; None if nothing can overlap.

    The document's length is ``1 / unit``: the four ways the two spans overlap are each a
    linear decay of one end times ``unit`` (and a constant)."""
    low, high = window
    if high <= low:
        return None
    inside = _constant(
        _bool(filter=[_range(start, gte=low), _range(end, lte=high)]), points
    )  # whole span inside: its full length overlaps
    cases: list[Query] = [inside]
    # starts before the window, ends inside it: (end - low) / length
    cases.append(
        _scored(
            _bool(filter=[_range(start, lt=low), _range(end, gt=low, lte=high)]),
            [
                _linear(end, MINUTES_PER_DAY, (MINUTES_PER_DAY - low) / 2, 1.0),
                _factor(unit, points * (MINUTES_PER_DAY - low)),
            ],
            score_mode="multiply",
        )
    )
    # starts inside the window, ends after it: (high - start) / length
    cases.append(
        _scored(
            _bool(filter=[_range(start, gte=low, lt=high), _range(end, gt=high)]),
            [_linear(start, 0, high / 2, 1.0), _factor(unit, points * high)],
            score_mode="multiply",
        )
    )
    # covers the whole window: (high - low) / length
    cases.append(
        _scored(
            _bool(filter=[_range(start, lt=low), _range(end, gt=high)]),
            [_factor(unit, points * (high - low))],
        )
    )
    return _bool(filter=[_exists(unit)], should=cases, minimum_should_match=1)


def _hours_clauses(
    *,
    days_query: Query | None,
    days_functions: list[Query],
    days_field: str,
    hours_query: Query | None,
    hours_known: bool,
    hours_field: str,
) -> list[Query]:
    """The hours part (``search.matching.hours_part``): the smaller of the day share and the
    hours share where both are known, the one known otherwise, half the points if neither.

    ``days_query`` is None when the asking side named no days; ``hours_known`` says whether it
    named its hours (``hours_query`` is then None if its hours cannot overlap any)."""
    clauses: list[Query] = []
    days_known = days_query is not None
    if days_known and hours_known:
        if hours_query is not None:
            clauses.append(
                {
                    "function_score": {
                        "query": _bool(filter=[days_query], must=[hours_query]),
                        "functions": days_functions,
                        "score_mode": "sum",
                        "boost_mode": "min",
                    }
                }
            )
        # documents naming days but no hours: the day share alone
        clauses.append(
            _scored(_bool(filter=[days_query], must_not=[_exists(hours_field)]), days_functions)
        )
        # documents naming hours but no days: the hours share alone
        if hours_query is not None:
            clauses.append(_bool(must=[hours_query], must_not=[_exists(days_field)]))
    elif days_known:
        clauses.append(_scored(_bool(filter=[days_query]), days_functions))
    elif hours_known and hours_query is not None:
        clauses.append(hours_query)
    unknown = []
    if days_known:
        unknown.append(_exists(days_field))
    if hours_known:
        unknown.append(_exists(hours_field))
    clauses.append(_constant(_bool(must_not=unknown), WEIGHTS["hours"] / 2))
    return clauses


# -- a seeker's matches: vacancy documents --------------------------------------------------------


def vacancy_ranking_clauses(seeker: SeekerFacts, *, now: datetime) -> list[Query]:
    """The ``should`` clauses whose sum is ``score_pair(seeker, vacancy)`` for each vacancy."""
    clauses: list[Query] = []
    held = {slug: SOURCE_WEIGHT.get(source, 0.6) for slug, source in seeker.skills.items()}
    no_required = _bool(must_not=[_exists("required_skill_slugs")])
    if held:
        slugs = list(held)
        required_functions = []
        for slug, weight in held.items():
            required_functions.append(
                _factor(
                    "required_unit",
                    WEIGHTS["required"] * weight,
                    _term("required_skill_slugs", slug),
                )
            )
            required_functions.append(
                _factor(
                    "preferred_unit",
                    WEIGHTS["required"] * weight,
                    _bool(filter=[_term("preferred_skill_slugs", slug), no_required]),
                )
            )
        clauses.append(
            _scored(
                _bool(
                    should=[
                        _terms("required_skill_slugs", slugs),
                        _bool(filter=[_terms("preferred_skill_slugs", slugs), no_required]),
                    ],
                    minimum_should_match=1,
                ),
                required_functions,
            )
        )
        clauses.append(
            _scored(
                _terms("preferred_skill_slugs", slugs),
                [
                    _factor(
                        "preferred_unit",
                        WEIGHTS["preferred"] * weight,
                        _term("preferred_skill_slugs", slug),
                    )
                    for slug, weight in held.items()
                ],
            )
        )
    clauses.append(_constant(_bool(must_not=[_exists("skill_slugs")]), WEIGHTS["required"] / 2))

    home_based = _term("work_type", WorkType.HOME_BASED)
    clauses.append(_constant(home_based, WEIGHTS["distance"]))
    if seeker.latitude is None or seeker.longitude is None:
        clauses.append(_constant(_bool(must_not=[home_based]), UNKNOWN_DISTANCE_POINTS))
    else:
        point = {"lat": seeker.latitude, "lon": seeker.longitude}
        clauses.append(
            _constant(_bool(must_not=[home_based, _exists("location")]), UNKNOWN_DISTANCE_POINTS)
        )
        for band, (code, ring) in zip(
            DISTANCE_BANDS, _band_filters(point, "location"), strict=True
        ):
            points = band_points(band, seeker.max_distance_km)
            assert band.code == code
            if points > 0:
                clauses.append(
                    _constant(
                        _bool(filter=[ring, _exists("location")], must_not=[home_based]), points
                    )
                )

    if seeker.wanted_work_types:
        clauses.append(
            _constant(_terms("work_type", list(seeker.wanted_work_types)), WEIGHTS["work_type"])
        )
    else:
        clauses.append(_constant({"match_all": {}}, WEIGHTS["work_type"] / 2))

    days = sorted(set(seeker.available_days))
    hours_known = seeker.available_from is not None and seeker.available_until is not None
    hours_query = None
    if hours_known:
        hours_query = _hours_share(
            start="hours_start",
            end="hours_end",
            unit="hours_unit",
            window=(_minutes(seeker.available_from), _minutes(seeker.available_until)),
            points=WEIGHTS["hours"],
        )
    clauses += _hours_clauses(
        days_query=_terms("work_days", days) if days else None,
        days_functions=[
            _factor("work_days_unit", WEIGHTS["hours"], _term("work_days", day)) for day in days
        ],
        days_field="work_days",
        hours_query=hours_query,
        hours_known=hours_known,
        hours_field="hours_start",
    )
    clauses.append(_recency("published_at", now))
    return clauses


# -- a vacancy's candidates: seeker documents -----------------------------------------------------


def _candidate_distance_clauses(vacancy: VacancyFacts) -> list[Query]:
    """The distance part of a candidate's score: the band's points for her limit (stored in her
    document), 15 for home-based work, 5 when either place is unknown."""
    clauses: list[Query] = []
    if vacancy.work_type == WorkType.HOME_BASED:
        clauses.append(_constant({"match_all": {}}, WEIGHTS["distance"]))
    elif vacancy.latitude is None or vacancy.longitude is None:
        clauses.append(_constant({"match_all": {}}, UNKNOWN_DISTANCE_POINTS))
    else:
        point = {"lat": vacancy.latitude, "lon": vacancy.longitude}
        clauses.append(_constant(_bool(must_not=[_exists("location")]), UNKNOWN_DISTANCE_POINTS))
        for code, ring in _band_filters(point, "location"):
            clauses.append(
                _scored(
                    _bool(filter=[ring, _exists("location")]),
                    [_factor(f"distance_points_{code}", 1.0)],
                )
            )
    return clauses


def seeker_ranking_clauses(vacancy: VacancyFacts, *, now: datetime) -> list[Query]:
    """The ``should`` clauses whose sum is ``score_pair(seeker, vacancy)`` for each seeker."""
    clauses: list[Query] = []

    def held_share(slugs: tuple[str, ...], points: float) -> Query:
        unit = points / len(slugs)
        functions = []
        for slug in slugs:
            functions += [
                {
                    "filter": _term("verified_skill_slugs", slug),
                    "weight": unit * SOURCE_WEIGHT[SkillSource.TRAINING],
                },
                {
                    "filter": _term("experience_skill_slugs", slug),
                    "weight": unit * SOURCE_WEIGHT[SkillSource.EXPERIENCE],
                },
                {
                    "filter": _bool(
                        filter=[_term("skill_slugs", slug)],
                        must_not=[
                            _term("verified_skill_slugs", slug),
                            _term("experience_skill_slugs", slug),
                        ],
                    ),
                    "weight": unit * SOURCE_WEIGHT[SkillSource.SELF],
                },
            ]
        return _scored(_terms("skill_slugs", list(slugs)), functions)

    scored = vacancy.required or vacancy.preferred
    if scored:
        clauses.append(held_share(scored, WEIGHTS["required"]))
    else:
        clauses.append(_constant({"match_all": {}}, WEIGHTS["required"] / 2))
    if vacancy.preferred:
        clauses.append(held_share(vacancy.preferred, WEIGHTS["preferred"]))

    clauses += _candidate_distance_clauses(vacancy)
    clauses.append(_constant(_term("work_types", vacancy.work_type), WEIGHTS["work_type"]))
    clauses.append(_constant(_bool(must_not=[_exists("work_types")]), WEIGHTS["work_type"] / 2))

    days = list(dict.fromkeys(vacancy.work_days))
    hours_known = vacancy.hours_start is not None and vacancy.hours_end is not None
    hours_query = None
    if hours_known:
        start, end = _minutes(vacancy.hours_start), _minutes(vacancy.hours_end)
        hours_query = _availability_share(start, end, WEIGHTS["hours"])
    clauses += _hours_clauses(
        days_query=_terms("available_days", days) if days else None,
        days_functions=[
            {
                "filter": _term("available_days", day),
                "weight": WEIGHTS["hours"] / len(vacancy.work_days),
            }
            for day in days
        ],
        days_field="available_days",
        hours_query=hours_query,
        hours_known=hours_known,
        hours_field="available_from",
    )
    clauses.append(_recency("updated_at", now))
    return clauses


def _availability_share(start: int, end: int, points: float) -> Query | None:
    """``points x`` the share of the vacancy's hours [start, end) inside each seeker's
    availability [available_from, available_until); None when the vacancy's span is empty."""
    if end <= start:
        return None
    length = end - start
    low, high = "available_from", "available_until"
    cases: list[Query] = [
        # her window covers the whole span
        _constant(_bool(filter=[_range(low, lte=start), _range(high, gte=end)]), points),
        # she starts inside the span and stays to its end: (end - from) / length
        _scored(
            _bool(filter=[_range(low, gt=start, lt=end), _range(high, gte=end)]),
            [_linear(low, 0, end / 2, points * end / length)],
        ),
        # she is there from the start and leaves inside the span: (until - start) / length
        _scored(
            _bool(filter=[_range(low, lte=start), _range(high, gt=start, lt=end)]),
            [
                _linear(
                    high,
                    MINUTES_PER_DAY,
                    (MINUTES_PER_DAY - start) / 2,
                    points * (MINUTES_PER_DAY - start) / length,
                )
            ],
        ),
        # her whole window lies inside the span: (until - from) / length
        _scored(
            _bool(
                filter=[_range(low, gt=start), _range(high, lt=end), _exists("available_minutes")]
            ),
            [_factor("available_minutes", points / length)],
        ),
    ]
    return _bool(should=cases, minimum_should_match=1)


# A list's share per skill held, for lists of 1..4 skills (``1/count`` is stored exactly, so a
# term on it picks the documents of one length); longer lists count as 5.
_LIST_LENGTHS = (1, 2, 3, 4)


def _shares_by_length(
    field: str, unit: str, slug: str, points: float, extra: list[Query]
) -> list[Query]:
    """Constant clauses worth ``points / length`` for a document listing ``slug`` in ``field``."""
    clauses = [
        _constant(
            _bool(filter=[_term(field, slug), _term(unit, 1 / length), *extra]), points / length
        )
        for length in _LIST_LENGTHS
    ]
    longer = _range(unit, lt=1 / (_LIST_LENGTHS[-1] + 0.5))
    clauses.append(_constant(_bool(filter=[_term(field, slug), longer, *extra]), points / 5))
    return clauses


def vacancy_first_pass_clauses(seeker: SeekerFacts) -> list[Query]:
    """The cheap estimate that picks the window scored exactly: constant scores only, so the
    engine can skip what cannot reach the window. The skill parts are exact (one clause per
    skill held and list length), the work type exact, the distance one ring (her travel
    distance, full points); hours and recency are left out (at most 15 of the 100)."""
    clauses: list[Query] = []
    no_required = _bool(must_not=[_exists("required_skill_slugs")])
    for slug, source in seeker.skills.items():
        weight = SOURCE_WEIGHT.get(source, 0.6)
        clauses += _shares_by_length(
            "required_skill_slugs", "required_unit", slug, WEIGHTS["required"] * weight, []
        )
        clauses += _shares_by_length(
            "preferred_skill_slugs",
            "preferred_unit",
            slug,
            WEIGHTS["required"] * weight,
            [no_required],
        )
        clauses += _shares_by_length(
            "preferred_skill_slugs", "preferred_unit", slug, WEIGHTS["preferred"] * weight, []
        )
    clauses.append(_constant(_bool(must_not=[_exists("skill_slugs")]), WEIGHTS["required"] / 2))
    home_based = _term("work_type", WorkType.HOME_BASED)
    clauses.append(_constant(home_based, WEIGHTS["distance"]))
    if seeker.latitude is not None and seeker.longitude is not None:
        point = {"lat": seeker.latitude, "lon": seeker.longitude}
        near = _within(point, "location", seeker.max_distance_km)
        clauses.append(_constant(_bool(filter=[near], must_not=[home_based]), WEIGHTS["distance"]))
    if seeker.wanted_work_types:
        clauses.append(
            _constant(_terms("work_type", list(seeker.wanted_work_types)), WEIGHTS["work_type"])
        )
    return clauses


def seeker_first_pass_clauses(vacancy: VacancyFacts) -> list[Query]:
    """As ``vacancy_first_pass_clauses``, for candidates: how she holds each skill adds up
    exactly from constant clauses (any 0.6, verified +0.4, experience +0.2)."""
    clauses: list[Query] = []
    self_weight = SOURCE_WEIGHT[SkillSource.SELF]
    extra = {
        "verified_skill_slugs": SOURCE_WEIGHT[SkillSource.TRAINING] - self_weight,
        "experience_skill_slugs": SOURCE_WEIGHT[SkillSource.EXPERIENCE] - self_weight,
    }
    for slugs, points in (
        (vacancy.required or vacancy.preferred, WEIGHTS["required"]),
        (vacancy.preferred, WEIGHTS["preferred"]),
    ):
        for slug in slugs:
            unit = points / len(slugs)
            clauses.append(_constant(_term("skill_slugs", slug), unit * self_weight))
            for field, more in extra.items():
                clauses.append(_constant(_term(field, slug), unit * more))
    if (
        vacancy.work_type != WorkType.HOME_BASED
        and vacancy.latitude is not None
        and vacancy.longitude is not None
    ):
        point = {"lat": vacancy.latitude, "lon": vacancy.longitude}
        clauses.append(_constant(_within(point, "location", 10), WEIGHTS["distance"]))
    clauses.append(_constant(_term("work_types", vacancy.work_type), WEIGHTS["work_type"]))
    return clauses


# The best documents of the cheap first pass that are scored exactly (per shard); deeper than
# the MATCH_CANDIDATES shown, so a match the estimate undervalues by its missing parts still
# reaches the page.
RESCORE_WINDOW = 500
# Among equal scores the newer first: a tie-break far below the 0.01 a score is shown with.
TIE_BREAK_WEIGHT = 0.0001


def ranked_request(
    *, first_pass: list[Query], exact: list[Query], recency_field: str, now: datetime
) -> dict[str, Any]:
    """The query and rescore of one ranking request: the filter and the cheap estimate pick
    each shard's RESCORE_WINDOW best, which are then scored exactly (the estimate's score is
    dropped: ``query_weight`` 0) and returned best first."""
    tie_break = _scored(
        _exists(recency_field),
        [_linear(recency_field, int(now.timestamp() * 1000), "1825d", TIE_BREAK_WEIGHT)],
    )
    return {
        "should": first_pass,
        "rescore": {
            "window_size": RESCORE_WINDOW,
            "query": {
                "rescore_query": {"bool": {"should": [*exact, tie_break]}},
                "query_weight": 0,
                "rescore_query_weight": 1,
                "score_mode": "total",
            },
        },
    }
