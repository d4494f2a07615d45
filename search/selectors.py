"""Reads that go through the search backend: ids and scores from the index, rows from the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from search.analysis import fold, stems
from search.backend import get_search_backend
from search.queries import Hit, SearchPage, VacancyQuery


@dataclass
class VacancyResult:
    vacancy: object
    hit: Hit


def vacancy_search(*, query: VacancyQuery) -> tuple[SearchPage, list[VacancyResult]]:
    """Search open vacancies; rows are loaded last and re-checked, so a stale index shows nothing closed."""
    from jobs.models import Vacancy

    page = get_search_backend().search_vacancies(query)
    pks = [hit.pk for hit in page.hits]
    rows = {
        vacancy.pk: vacancy
        for vacancy in Vacancy.objects.filter(
            pk__in=pks, status="published", valid_through__gte=timezone.localdate()
        )
        .select_related("employer")
        .prefetch_related("skill_links__skill")
    }
    return page, [VacancyResult(vacancy=rows[hit.pk], hit=hit) for hit in page.hits if hit.pk in rows]


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "skill" or "title"
    text: str
    slug: str | None
    count: int | None


def vacancy_suggestions(*, prefix: str, size: int = 8) -> list[Suggestion]:
    """Typeahead for the search box: skills that open vacancies ask for, then vacancy titles."""
    from jobs.models import Skill

    typed = fold(prefix).strip()
    if len(typed) < 2:
        return []
    typed_stem = (stems(typed) or [typed])[-1]
    counts = get_search_backend().open_counts(field="skill_slugs")
    suggestions: list[Suggestion] = []
    if counts:
        skills = Skill.objects.filter(slug__in=list(counts)).filter(
            Q(name_id__icontains=typed) | Q(name_en__icontains=typed) | Q(slug__icontains=typed)
            | Q(synonyms__icontains=typed) | Q(synonyms__icontains=typed_stem)
        )
        ranked = sorted(skills, key=lambda skill: (-counts.get(skill.slug, 0), skill.name))
        suggestions += [
            Suggestion(kind="skill", text=skill.name, slug=skill.slug, count=counts[skill.slug])
            for skill in ranked[:size]
        ]
    remaining = size - len(suggestions)
    if remaining > 0:
        suggestions += [
            Suggestion(kind="title", text=title, slug=None, count=None)
            for title in get_search_backend().title_suggestions(prefix, size=remaining)
        ]
    return suggestions
