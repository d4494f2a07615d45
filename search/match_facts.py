"""What scoring a match reads, from a search document or from flat database rows.

``search.matching`` scores a ``SeekerFacts`` against a ``VacancyFacts``. The ranked page of a
match comes from the engine with each hit's document (``facts_of_vacancy_document``,
``facts_of_seeker_document``: no row is loaded to explain a match); the database backend, and
the asking side itself, read the same facts with flat queries (``vacancy_facts_by_pk``,
``seeker_facts_by_pk``). Skill names come from the process's taxonomy (``search.taxonomy``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from jobs.models import Vacancy, VacancySkill
from search.matching import DEFAULT_MAX_DISTANCE_KM, SeekerFacts, VacancyFacts
from search.taxonomy import SkillRow, skill_names, taxonomy
from seekers.models import SeekerProfile, SeekerSkill, SkillSource

# The document fields a ranked hit brings back (``_source``): what the facts read.
VACANCY_FACT_SOURCE = (
    "pk",
    "skill_slugs",
    "required_skill_slugs",
    "location",
    "work_type",
    "work_days",
    "hours_start",
    "hours_end",
    "published_at",
)
SEEKER_FACT_SOURCE = (
    "pk",
    "skill_slugs",
    "verified_skill_slugs",
    "experience_skill_slugs",
    "location",
    "max_distance_km",
    "work_types",
    "available_days",
    "available_from",
    "available_until",
    "updated_at",
)


def _time(minute: int | None) -> time | None:
    return None if minute is None else time(minute // 60, minute % 60)


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _point(source: dict[str, Any]) -> tuple[float | None, float | None]:
    location = source.get("location") or {}
    return location.get("lat"), location.get("lon")


def _names(slugs: list[str], skills: dict[str, SkillRow]) -> dict[str, str]:
    return {slug: skills[slug].name for slug in slugs if slug in skills}


def facts_of_vacancy_document(
    source: dict[str, Any], skills: dict[str, SkillRow] | None = None
) -> VacancyFacts:
    """``skills``: the taxonomy (``search.taxonomy``), read once for a page of hits."""
    skills = taxonomy().skills if skills is None else skills
    slugs = list(source.get("skill_slugs") or [])
    required = set(source.get("required_skill_slugs") or [])
    latitude, longitude = _point(source)
    return VacancyFacts(
        pk=int(source["pk"]),
        required=tuple(slug for slug in slugs if slug in required),
        preferred=tuple(slug for slug in slugs if slug not in required),
        skill_names=_names(slugs, skills),
        latitude=latitude,
        longitude=longitude,
        work_type=source["work_type"],
        work_days=tuple(source.get("work_days") or ()),
        hours_start=_time(source.get("hours_start")),
        hours_end=_time(source.get("hours_end")),
        published_at=_moment(source.get("published_at")),
    )


def _source_of(slug: str, verified: set[str], experience: set[str]) -> str:
    if slug in verified:
        return SkillSource.TRAINING
    if slug in experience:
        return SkillSource.EXPERIENCE
    return SkillSource.SELF


def facts_of_seeker_document(
    source: dict[str, Any], skills: dict[str, SkillRow] | None = None
) -> SeekerFacts:
    skills = taxonomy().skills if skills is None else skills
    slugs = list(source.get("skill_slugs") or [])
    verified = set(source.get("verified_skill_slugs") or [])
    experience = set(source.get("experience_skill_slugs") or [])
    latitude, longitude = _point(source)
    return SeekerFacts(
        pk=int(source["pk"]),
        skills={slug: _source_of(slug, verified, experience) for slug in slugs},
        skill_names=_names(slugs, skills),
        latitude=latitude,
        longitude=longitude,
        max_distance_km=source.get("max_distance_km") or DEFAULT_MAX_DISTANCE_KM,
        wanted_work_types=tuple(source.get("work_types") or ()),
        available_days=tuple(source.get("available_days") or ()),
        available_from=_time(source.get("available_from")),
        available_until=_time(source.get("available_until")),
        updated_at=_moment(source.get("updated_at")),
    )


def _skills_by_owner(
    model: type[VacancySkill] | type[SeekerSkill], owner: str, pks: list[int], column: str
) -> defaultdict[int, list[tuple[str, Any]]]:
    """(slug, ``column``) of each owner's skills, in link order: one flat query."""
    skills: defaultdict[int, list[tuple[str, Any]]] = defaultdict(list)
    rows = (
        model.objects.filter(**{f"{owner}_id__in": pks})
        .order_by("pk")
        .values_list(f"{owner}_id", "skill__slug", column)
    )
    for owner_pk, slug, value in rows:
        skills[owner_pk].append((slug, value))
    return skills


VACANCY_FACT_COLUMNS = (
    "pk",
    "latitude",
    "longitude",
    "work_type",
    "work_days",
    "hours_start",
    "hours_end",
    "published_at",
)
SEEKER_FACT_COLUMNS = (
    "pk",
    "latitude",
    "longitude",
    "max_distance_km",
    "wanted_work_types",
    "available_days",
    "available_from",
    "available_until",
    "updated_at",
)


def vacancy_facts_by_pk(
    pks: list[int], *, today: date | None = None, open_only: bool = True
) -> dict[int, VacancyFacts]:
    """The facts of the vacancies among ``pks`` (only the open ones unless told otherwise): two
    flat queries."""
    vacancies = Vacancy.objects.filter(pk__in=pks)
    if open_only:
        vacancies = vacancies.open(today=today)
    rows = list(vacancies.values(*VACANCY_FACT_COLUMNS))
    skills = _skills_by_owner(VacancySkill, "vacancy", [row["pk"] for row in rows], "is_required")
    names = skill_names([slug for links in skills.values() for slug, _ in links])
    facts = {}
    for row in rows:
        links = skills[row["pk"]]
        facts[row["pk"]] = VacancyFacts(
            pk=row["pk"],
            required=tuple(slug for slug, required in links if required),
            preferred=tuple(slug for slug, required in links if not required),
            skill_names={slug: names.get(slug, slug) for slug, _ in links},
            latitude=row["latitude"],
            longitude=row["longitude"],
            work_type=row["work_type"],
            work_days=tuple(row["work_days"] or ()),
            hours_start=row["hours_start"],
            hours_end=row["hours_end"],
            published_at=row["published_at"],
        )
    return facts


def seeker_facts_by_pk(pks: list[int], *, open_to_work: bool = True) -> dict[int, SeekerFacts]:
    """The facts of the seekers among ``pks`` (only those open to work unless told otherwise):
    two flat queries."""
    seekers = SeekerProfile.objects.filter(pk__in=pks)
    if open_to_work:
        seekers = seekers.filter(is_open_to_work=True)
    rows = list(seekers.values(*SEEKER_FACT_COLUMNS))
    skills = _skills_by_owner(SeekerSkill, "seeker", [row["pk"] for row in rows], "source")
    names = skill_names([slug for links in skills.values() for slug, _ in links])
    facts = {}
    for row in rows:
        links = skills[row["pk"]]
        facts[row["pk"]] = SeekerFacts(
            pk=row["pk"],
            skills=dict(links),
            skill_names={slug: names.get(slug, slug) for slug, _ in links},
            latitude=row["latitude"],
            longitude=row["longitude"],
            max_distance_km=row["max_distance_km"] or DEFAULT_MAX_DISTANCE_KM,
            wanted_work_types=tuple(row["wanted_work_types"] or ()),
            available_days=tuple(row["available_days"] or ()),
            available_from=row["available_from"],
            available_until=row["available_until"],
            updated_at=row["updated_at"],
        )
    return facts
