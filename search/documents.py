"""What a vacancy looks like to search: one builder used by both backends."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from jobs.models import Vacancy, VacancyQuerySet
from search.analysis import analyze_document
from search.duplicates import fingerprint
from seekers.models import SeekerProfile, SkillSource

CONFIRM_BATCH = 5_000


@dataclass(frozen=True)
class PendingDocument:
    """A row to write to the index (``body``) or to remove from it (``body`` is None)."""

    pk: int
    version: int
    body: dict | None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6371.0088
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def is_vacancy_public(vacancy: Vacancy, today: date | None = None) -> bool:
    return vacancy.is_open(today)


def vacancy_body(vacancy: Vacancy) -> dict[str, Any]:
    links = list(vacancy.skill_links.all())
    skill_slugs = [link.skill.slug for link in links]
    skill_words = " ".join(
        " ".join([link.skill.name_id, link.skill.name_en, *link.skill.synonyms]) for link in links
    )
    text = " ".join(
        [
            vacancy.title,
            vacancy.description,
            skill_words,
            vacancy.employer.name,
            vacancy.district,
            vacancy.city,
        ]
    )
    body = {
        "pk": vacancy.pk,
        "title": vacancy.title,
        "text": analyze_document(text, skill_slugs),
        "skill_slugs": skill_slugs,
        "required_skill_slugs": [link.skill.slug for link in links if link.is_required],
        "work_type": vacancy.work_type,
        "city": vacancy.city,
        "district": vacancy.district,
        "employer_id": vacancy.employer_id,
        "pay_min": vacancy.pay_min,
        "pay_max": vacancy.pay_max,
        "pay_unit": vacancy.pay_unit or None,
        "positions_open": vacancy.positions_open,
        "valid_through": vacancy.valid_through.isoformat(),
        "published_at": vacancy.published_at.isoformat() if vacancy.published_at else None,
    }
    # Near-duplicate detection (search.duplicates): the MinHash signature Elasticsearch
    # compares, and the shingles the database backend compares exactly.
    vacancy_fingerprint = fingerprint(vacancy.title, vacancy.description)
    body["duplicate_signature"] = list(vacancy_fingerprint.signature)
    body["duplicate_shingles"] = sorted(vacancy_fingerprint.shingles)
    if vacancy.latitude is not None and vacancy.longitude is not None:
        body["location"] = {"lat": vacancy.latitude, "lon": vacancy.longitude}
    return body


def seeker_body(seeker: SeekerProfile) -> dict[str, Any]:
    links = list(seeker.skill_links.all())
    body = {
        "pk": seeker.pk,
        "skill_slugs": [link.skill.slug for link in links],
        "verified_skill_slugs": [
            link.skill.slug for link in links if link.source == SkillSource.TRAINING
        ],
        "work_types": list(seeker.wanted_work_types or []),
        "city": seeker.city,
        "district": seeker.district,
        "education_level": seeker.education_level or None,
        "max_distance_km": seeker.max_distance_km,
        "is_open_to_work": seeker.is_open_to_work,
        "updated_at": seeker.updated_at.isoformat() if seeker.updated_at else None,
    }
    if seeker.latitude is not None and seeker.longitude is not None:
        body["location"] = {"lat": seeker.latitude, "lon": seeker.longitude}
    return body


def seeker_queryset() -> QuerySet[SeekerProfile]:
    return SeekerProfile.objects.prefetch_related("skill_links__skill")


def pending_documents(
    queryset: QuerySet[Any],
    pks: list[int],
    *,
    is_indexed: Callable[[Any], bool],
    body: Callable[[Any], dict[str, Any]],
) -> list[PendingDocument]:
    """The current state of these rows: a body for those the index should hold, a removal for
    the rest (gone rows get version 0: deleted without a version check)."""
    rows = {row.pk: row for row in queryset.filter(pk__in=pks)}
    pending = []
    for pk in pks:
        row = rows.get(pk)
        if row is None:
            pending.append(PendingDocument(pk=pk, version=0, body=None))
        else:
            document = body(row) if is_indexed(row) else None
            pending.append(PendingDocument(pk=pk, version=row.search_version, body=document))
    return pending


def pending_seekers(pks: list[int]) -> list[PendingDocument]:
    """Seekers open to work are indexed; the others are removed from the index."""
    return pending_documents(
        seeker_queryset(), pks, is_indexed=lambda seeker: seeker.is_open_to_work, body=seeker_body
    )


def vacancy_queryset() -> VacancyQuerySet:
    return Vacancy.objects.select_related("employer").prefetch_related("skill_links__skill")


def pending_vacancies(pks: list[int]) -> list[PendingDocument]:
    """Published, unexpired vacancies are indexed; the others are removed from the index."""
    today = timezone.localdate()
    return pending_documents(
        vacancy_queryset(),
        pks,
        is_indexed=lambda vacancy: is_vacancy_public(vacancy, today),
        body=vacancy_body,
    )


def confirm_indexed(*, model_label: str, versions: dict[int, int]) -> None:
    """Record which version the index now holds, so the sweep skips these rows.

    Rows are grouped by version (after a rebuild nearly all share one), so confirming 100k rows
    is a handful of ``UPDATE ... WHERE pk IN (...)`` statements, not one CASE per row."""
    model = apps.get_model(model_label)
    by_version: dict[int, list[int]] = defaultdict(list)
    for pk, version in versions.items():
        by_version[version].append(pk)
    for version, pks in by_version.items():
        for start in range(0, len(pks), CONFIRM_BATCH):
            # Rows already confirmed at this version (a second rebuild) are not rewritten.
            model.objects.filter(pk__in=pks[start : start + CONFIRM_BATCH]).exclude(
                indexed_version=version
            ).update(indexed_version=version)
