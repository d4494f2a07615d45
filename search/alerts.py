"""Job alerts as reverse queries: a new vacancy is matched against every saved search at once.

Elasticsearch's percolator module is not part of the distribution this project runs locally, so
alerts are indexed as documents describing their criteria, and a vacancy is turned into one query
over them (``terms_set`` makes "every word of the alert is in the vacancy" a single clause; radius
alerts are bucketed for the index and checked exactly in Python). ``alert_matches`` is the same
rule in plain Python: the database backend uses it, and tests compare both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import QuerySet

from search.analysis import analyze_query, skill_token
from search.documents import PendingDocument, haversine_km, pending_documents
from search.models import JobAlert

RADIUS_BUCKETS_KM = (1, 2, 5, 10, 20, 50, 100, 200)


@dataclass(frozen=True)
class AlertCriteria:
    pk: int
    user_id: int
    terms: tuple[str, ...]
    skill_slugs: tuple[str, ...]
    work_types: tuple[str, ...]
    city: str
    district: str
    pay_min: int | None
    latitude: float | None
    longitude: float | None
    radius_km: float | None


def alert_criteria(alert: JobAlert) -> AlertCriteria:
    # Its words as written: an alert is not read for intents (a work type is its own field).
    analyzed = analyze_query(alert.text, understand=False)
    # Every word must be in the vacancy; a word naming a skill (any synonym) is satisfied by the
    # skill's token, so "overlock" also finds a vacancy that only says "obras".
    terms = tuple(
        dict.fromkeys(
            [*analyzed.other_terms, *(skill_token(slug) for slug in analyzed.skill_slugs)]
        )
    )
    has_point = alert.latitude is not None and alert.longitude is not None and alert.radius_km
    return AlertCriteria(
        pk=alert.pk,
        user_id=alert.user_id,
        terms=terms,
        skill_slugs=tuple(alert.skill_slugs or ()),
        work_types=tuple(alert.work_types or ()),
        city=alert.city or "",
        district=alert.district or "",
        pay_min=alert.pay_min,
        latitude=alert.latitude if has_point else None,
        longitude=alert.longitude if has_point else None,
        radius_km=alert.radius_km if has_point else None,
    )


def radius_bucket(radius_km: float) -> int:
    return next(
        (bucket for bucket in RADIUS_BUCKETS_KM if radius_km <= bucket), RADIUS_BUCKETS_KM[-1]
    )


def alert_body(alert: JobAlert) -> dict[str, Any]:
    criteria = alert_criteria(alert)
    body = {
        "pk": alert.pk,
        "user_id": alert.user_id,
        "is_active": alert.is_active,
        "terms": list(criteria.terms),
        "terms_count": len(criteria.terms),
        "skill_slugs": list(criteria.skill_slugs),
        "has_skills": bool(criteria.skill_slugs),
        "work_types": list(criteria.work_types),
        "has_work_types": bool(criteria.work_types),
        "city": criteria.city or None,
        "district": criteria.district or None,
        "pay_min": criteria.pay_min,
    }
    if criteria.radius_km:
        body["location"] = {"lat": criteria.latitude, "lon": criteria.longitude}
        body["radius_km"] = criteria.radius_km
        body["radius_bucket"] = radius_bucket(criteria.radius_km)
    return body


def alert_matches(criteria: AlertCriteria, vacancy_body: dict) -> bool:
    """Does this alert want this vacancy? The rule both backends implement."""
    tokens = set(vacancy_body["text"].split())
    return (
        all(term in tokens for term in criteria.terms)
        and (
            not criteria.skill_slugs
            or bool(set(criteria.skill_slugs) & set(vacancy_body["skill_slugs"]))
        )
        and (not criteria.work_types or vacancy_body["work_type"] in criteria.work_types)
        and (not criteria.city or vacancy_body["city"] == criteria.city)
        and (not criteria.district or vacancy_body["district"] == criteria.district)
        and (criteria.pay_min is None or (vacancy_body["pay_max"] or 0) >= criteria.pay_min)
        and within_radius(criteria, vacancy_body)
    )


class PointAndRadius(Protocol):
    """Where an alert looks: a point and a radius (all three set, or no radius)."""

    @property
    def latitude(self) -> float | None: ...

    @property
    def longitude(self) -> float | None: ...

    @property
    def radius_km(self) -> float | None: ...


def within_radius(criteria: PointAndRadius, vacancy_body: dict[str, Any]) -> bool:
    if not criteria.radius_km:
        return True
    assert criteria.latitude is not None and criteria.longitude is not None, "radius without point"
    location = vacancy_body.get("location")
    if not location:
        return False
    distance = haversine_km(criteria.latitude, criteria.longitude, location["lat"], location["lon"])
    return distance <= criteria.radius_km


def alert_queryset() -> QuerySet[JobAlert]:
    return JobAlert.objects.all()


def pending_alerts(pks: list[int]) -> list[PendingDocument]:
    """Active alerts are indexed; paused or deleted ones are removed from the index."""
    return pending_documents(
        alert_queryset(), pks, is_indexed=lambda alert: alert.is_active, body=alert_body
    )
