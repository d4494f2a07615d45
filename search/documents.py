"""What a vacancy looks like to search: one builder used by both backends."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from jobs.models import Vacancy, VacancyQuerySet
from search.analysis import analyze_document_forms
from search.duplicates import fingerprint
from search.matching import DEFAULT_MAX_DISTANCE_KM, DISTANCE_BANDS, band_points

# Defined beside the score it serves; long imported from here (jobs.web, alerts, backends).
from search.matching import haversine_km as haversine_km  # noqa: PLC0414
from seekers.models import SeekerProfile, SeekerProfileQuerySet, SkillSource

CONFIRM_BATCH = 5_000


@dataclass(frozen=True)
class PendingDocument:
    """A row to write to the index (``body``) or to remove from it (``body`` is None)."""

    pk: int
    version: int
    body: dict | None


def is_vacancy_public(vacancy: Vacancy, today: date | None = None) -> bool:
    return vacancy.is_open(today)


def minute_of_day(value: time) -> int:
    return value.hour * 60 + value.minute


def _unit(count: int) -> float | None:
    """1 / count: a match query multiplies it by the weight of each item held, so that the
    engine adds up the same share of a list that ``search.matching`` computes."""
    return 1 / count if count else None


def _match_fields_of_vacancy(vacancy: Vacancy, links: list[Any]) -> dict[str, Any]:
    """What ranking a seeker's matches in the engine reads (``search.match_queries``)."""
    required = [link.skill.slug for link in links if link.is_required]
    preferred = [link.skill.slug for link in links if not link.is_required]
    days = list(vacancy.work_days or [])
    fields: dict[str, Any] = {
        "preferred_skill_slugs": preferred,
        "required_unit": _unit(len(required)),
        "preferred_unit": _unit(len(preferred)),
        "work_days": days,
        "work_days_unit": _unit(len(days)),
    }
    if vacancy.hours_start is not None and vacancy.hours_end is not None:
        start, end = minute_of_day(vacancy.hours_start), minute_of_day(vacancy.hours_end)
        fields.update(hours_start=start, hours_end=end)
        if end > start:
            fields["hours_unit"] = 1 / (end - start)
    return fields


def _match_fields_of_seeker(seeker: SeekerProfile, links: list[Any]) -> dict[str, Any]:
    """What ranking a vacancy's candidates in the engine reads (``search.match_queries``): how
    she holds each skill, her availability, and the distance points of each band for her limit
    (a function of her limit only, so they are stored rather than computed per query)."""
    fields: dict[str, Any] = {
        "experience_skill_slugs": [
            link.skill.slug for link in links if link.source == SkillSource.EXPERIENCE
        ],
        "available_days": list(seeker.available_days or []),
    }
    if seeker.available_from is not None and seeker.available_until is not None:
        start, end = minute_of_day(seeker.available_from), minute_of_day(seeker.available_until)
        fields.update(available_from=start, available_until=end)
        if end > start:
            fields["available_minutes"] = end - start
    limit = seeker.max_distance_km or DEFAULT_MAX_DISTANCE_KM
    for band in DISTANCE_BANDS:
        fields[f"distance_points_{band.code}"] = band_points(band, limit)
    return fields


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
    analysed, surface = analyze_document_forms(text, skill_slugs)
    body = {
        "pk": vacancy.pk,
        "title": vacancy.title,
        "text": analysed,
        "surface": surface,
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
    body.update(_match_fields_of_vacancy(vacancy, links))
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
        **_match_fields_of_seeker(seeker, links),
    }
    if seeker.latitude is not None and seeker.longitude is not None:
        body["location"] = {"lat": seeker.latitude, "lon": seeker.longitude}
    return body


def seeker_queryset() -> SeekerProfileQuerySet:
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
    """Candidates (open to work, consents (a) and (b) given, account claimed:
    ``SeekerProfile.objects.candidates()``) are indexed; the others are removed from the index."""
    shown = set(SeekerProfile.objects.filter(pk__in=pks).candidates().values_list("pk", flat=True))
    return pending_documents(
        seeker_queryset(), pks, is_indexed=lambda seeker: seeker.pk in shown, body=seeker_body
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
