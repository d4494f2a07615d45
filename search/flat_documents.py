"""Documents for a rebuild, read with flat queries: the per-row bodies, without the ORM graph.

A rebuild reads every indexed row. Loading them as model instances with their prefetched skills
cost about 1 ms a row, several times the building of the document itself. Here each chunk of rows
is one ``values()`` query plus one query for their skill links, the taxonomy is read once, and
the very same body functions (``vacancy_body``, ``seeker_body``, ``alert_body``) run over light
rows carrying exactly the attributes they read, so the documents cannot drift from the per-row
path (tests compare both, document by document).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet

from jobs.models import Skill, Vacancy, VacancySkill
from search.alerts import alert_body
from search.documents import StoredAnalyses, seeker_body
from search.models import JobAlert
from seekers.models import SeekerProfile, SeekerSkill

REBUILD_CHUNK = 2_000

# (pk, search_version, body) of every row the index should hold, in pk order.
Documents = Iterator[tuple[int, int, dict[str, Any]]]
# Only the rows with low < pk <= high (a rebuild builds ranges in several processes).
PkRange = tuple[int, int] | None

VACANCY_FIELDS = (
    "pk",
    "search_version",
    "title",
    "description",
    "employer_id",
    "employer__name",
    "work_type",
    "city",
    "district",
    "pay_min",
    "pay_max",
    "pay_unit",
    "positions",
    "positions_filled",
    "valid_through",
    "published_at",
    "latitude",
    "longitude",
    "work_days",
    "hours_start",
    "hours_end",
)
SEEKER_FIELDS = (
    "pk",
    "search_version",
    "wanted_work_types",
    "city",
    "district",
    "education_level",
    "max_distance_km",
    "is_open_to_work",
    "updated_at",
    "latitude",
    "longitude",
    "available_days",
    "available_from",
    "available_until",
)
ALERT_FIELDS = (
    "pk",
    "search_version",
    "user_id",
    "is_active",
    "text",
    "skill_slugs",
    "work_types",
    "city",
    "district",
    "pay_min",
    "latitude",
    "longitude",
    "radius_km",
)


class _VacancyRow(SimpleNamespace):
    positions_open = Vacancy.positions_open  # the model's own rule, not a copy of it


class _Links:
    """Stands in for a prefetched ``skill_links`` manager: ``.all()`` and nothing else."""

    def __init__(self, links: list[SimpleNamespace]) -> None:
        self._links = links

    def all(self) -> list[SimpleNamespace]:
        return self._links


def _skills() -> dict[int, SimpleNamespace]:
    """The whole taxonomy (a few hundred rows), read once per rebuild."""
    return {
        row["pk"]: SimpleNamespace(**row)
        for row in Skill.objects.values("pk", "slug", "name_id", "name_en", "synonyms")
    }


def _chunks(
    queryset: QuerySet[Any], fields: tuple[str, ...], pk_range: PkRange = None
) -> Iterator[list[dict[str, Any]]]:
    """Rows as dicts, REBUILD_CHUNK at a time, in pk order (keyset pages: no OFFSET)."""
    last = 0
    if pk_range is not None:
        last = pk_range[0]
        queryset = queryset.filter(pk__lte=pk_range[1])
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values(*fields)[:REBUILD_CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def _links_by_owner(
    model: type[VacancySkill] | type[SeekerSkill],
    owner: str,
    pks: list[int],
    extra: str,
    skills: dict[int, SimpleNamespace],
) -> dict[int, list[SimpleNamespace]]:
    links: dict[int, list[SimpleNamespace]] = defaultdict(list)
    rows = (
        model.objects.filter(**{f"{owner}_id__in": pks})
        .order_by("pk")
        .values_list(f"{owner}_id", "skill_id", extra)
    )
    for owner_pk, skill_pk, value in rows:
        links[owner_pk].append(SimpleNamespace(skill=skills[skill_pk], **{extra: value}))
    return links


def vacancy_documents(pk_range: PkRange = None) -> Documents:
    """Every open vacancy's document (``vacancy_body``), as the per-row path builds it.

    Per chunk, one query reads the stored analyses (``StoredAnalyses``: used where current)
    and one upsert stores those computed, before the chunk's documents are handed on."""
    skills = _skills()
    for rows in _chunks(Vacancy.objects.open(), VACANCY_FIELDS, pk_range):
        pks = [row["pk"] for row in rows]
        links = _links_by_owner(VacancySkill, "vacancy", pks, "is_required", skills)
        analyses = StoredAnalyses(pks)
        documents = []
        for row in rows:
            employer = SimpleNamespace(name=row.pop("employer__name"))
            vacancy = _VacancyRow(
                **row, employer=employer, skill_links=_Links(links.get(row["pk"], []))
            )
            body = analyses.body(vacancy)  # type: ignore[arg-type]
            documents.append((row["pk"], row["search_version"], body))
        analyses.save()
        yield from documents


def seeker_documents(pk_range: PkRange = None) -> Documents:
    """Every candidate (``SeekerProfile.objects.candidates()``, ``seeker_body``), as the per-row
    path builds it."""
    skills = _skills()
    for rows in _chunks(SeekerProfile.objects.candidates(), SEEKER_FIELDS, pk_range):
        links = _links_by_owner(
            SeekerSkill, "seeker", [row["pk"] for row in rows], "source", skills
        )
        for row in rows:
            seeker = SimpleNamespace(**row, skill_links=_Links(links.get(row["pk"], [])))
            yield row["pk"], row["search_version"], seeker_body(seeker)  # type: ignore[arg-type]


def alert_documents(pk_range: PkRange = None) -> Documents:
    """Every active job alert (``alert_body``), as the per-row path builds it."""
    for rows in _chunks(JobAlert.objects.filter(is_active=True), ALERT_FIELDS, pk_range):
        for row in rows:
            alert = SimpleNamespace(**row)
            yield row["pk"], row["search_version"], alert_body(alert)  # type: ignore[arg-type]


FLAT_DOCUMENTS: dict[str, Callable[..., Documents]] = {
    "jobs.vacancy": vacancy_documents,
    "seekers.seekerprofile": seeker_documents,
    "search.jobalert": alert_documents,
}
