"""Reads through the search backend: ids and scores from the index, rows from the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application
from jobs.models import Skill, Vacancy, VacancyStatus
from search.backend import get_search_backend
from search.matching import Match, score_pair, seeker_facts, vacancy_facts
from search.models import JobAlert
from search.queries import Hit, SearchPage, VacancyQuery
from seekers.models import SeekerProfile
from sicaker.errors import Conflict, Forbidden, NotFound
from sicaker.text import fold, stems

MIN_PREFIX = 2  # typeahead answers from the second letter typed


@dataclass
class VacancyResult:
    vacancy: Vacancy
    hit: Hit


def vacancy_search(*, query: VacancyQuery) -> tuple[SearchPage, list[VacancyResult]]:
    """Search open vacancies; rows are loaded last and re-checked, so a stale index shows no
    closed vacancy."""
    page = get_search_backend().search_vacancies(query)
    pks = [hit.pk for hit in page.hits]
    rows = {
        vacancy.pk: vacancy
        for vacancy in Vacancy.objects.filter(pk__in=pks)
        .open()
        .select_related("employer")
        .prefetch_related("skill_links__skill")
    }
    return page, [
        VacancyResult(vacancy=rows[hit.pk], hit=hit) for hit in page.hits if hit.pk in rows
    ]


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "skill" or "title"
    text: str
    slug: str | None
    count: int | None


def vacancy_suggestions(*, prefix: str, size: int = 8) -> list[Suggestion]:
    """Typeahead for the search box: skills that open vacancies ask for, then vacancy titles."""
    # A NUL byte cannot reach PostgreSQL (psycopg refuses it); typeahead just ignores it.
    typed = fold(prefix.replace("\x00", "")).strip()
    if len(typed) < MIN_PREFIX:
        return []
    typed_stem = (stems(typed) or [typed])[-1]
    counts = get_search_backend().open_counts(field="skill_slugs")
    suggestions: list[Suggestion] = []
    if counts:
        skills = Skill.objects.filter(slug__in=list(counts)).filter(
            Q(name_id__icontains=typed)
            | Q(name_en__icontains=typed)
            | Q(slug__icontains=typed)
            | Q(synonyms__icontains=typed)
            | Q(synonyms__icontains=typed_stem)
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


# Plausible candidates the engine pre-ranks by shared skills; scoring more costs latency
# (about 0.3 ms each) without changing the top of the list in practice.
MATCH_CANDIDATES = 100


@dataclass
class VacancyMatch:
    vacancy: Vacancy
    match: Match
    application_status: str | None


@dataclass
class CandidateMatch:
    seeker: SeekerProfile
    match: Match
    application_status: str | None


_Ranked = TypeVar("_Ranked", VacancyMatch, CandidateMatch)


def _rank(items: list[_Ranked], published: Callable[[_Ranked], float]) -> list[_Ranked]:
    return sorted(items, key=lambda item: (-item.match.score, -published(item), _pk(item)))


def _pk(item: VacancyMatch | CandidateMatch) -> int:
    return item.vacancy.pk if isinstance(item, VacancyMatch) else item.seeker.pk


def matching_seeker_profile(*, user: User) -> SeekerProfile | None:
    """The profile whose matches ``user`` may see: hers when she is a job seeker (None when she
    has not filled one in yet); Forbidden for anyone else. The API and the web page share it."""
    if not getattr(user, "is_seeker", False):
        raise Forbidden(_("Only job seekers have matches; employers see candidates per vacancy."))
    return SeekerProfile.objects.filter(user=user).first()


def vacancy_matches_for_seeker(*, seeker: SeekerProfile) -> list[VacancyMatch]:
    """Open vacancies ranked for this seeker, each with its score and reasons.

    The search backend picks up to MATCH_CANDIDATES plausible vacancies; the score in
    ``search.matching`` orders them. Vacancies she applied to (or withdrew from) are marked."""
    seeker = SeekerProfile.objects.prefetch_related("skill_links__skill").get(pk=seeker.pk)
    facts = seeker_facts(seeker)
    pks = get_search_backend().vacancy_candidates(facts, limit=MATCH_CANDIDATES)
    vacancies = (
        Vacancy.objects.filter(pk__in=pks)
        .open()
        .select_related("employer")
        .prefetch_related("skill_links__skill")
    )
    statuses = dict(
        Application.objects.filter(seeker=seeker, vacancy_id__in=pks).values_list(
            "vacancy_id", "status"
        )
    )
    now = timezone.now()
    matches = [
        VacancyMatch(
            vacancy=vacancy,
            match=score_pair(facts, vacancy_facts(vacancy), now=now),
            application_status=statuses.get(vacancy.pk),
        )
        for vacancy in vacancies
    ]
    return _rank(
        matches,
        lambda item: item.vacancy.published_at.timestamp() if item.vacancy.published_at else 0,
    )


def vacancy_for_matching(*, user: User, vacancy_id: int) -> Vacancy:
    """The vacancy if this user may see its candidates (its employer, or staff); else one 404."""
    vacancies = Vacancy.objects.select_related("employer")
    if not getattr(user, "is_officer", False):
        vacancies = vacancies.filter(employer__owner=user)
    vacancy = vacancies.filter(pk=vacancy_id).first()
    if vacancy is None:
        raise NotFound()
    return vacancy


def candidate_matches_for_vacancy(*, vacancy: Vacancy) -> list[CandidateMatch]:
    """Seekers open to work ranked for this vacancy; applicants (and who withdrew) are marked.

    Rule: only for a vacancy that has been published (not a draft) of an employer the labor office
    verified (Conflict otherwise, for its employer and staff alike): otherwise anyone could
    register, place drafts at chosen points and read how far each seeker lives from them. Each
    candidate's distance is a band, never a figure (``score_pair(reveal_distance=False)``), even
    after she applied: applicants are shown with their district, never an exact point.
    """
    # A draft closed without ever being published counts as a draft.
    if vacancy.status == VacancyStatus.DRAFT or vacancy.published_at is None:
        raise Conflict(_("A draft has no candidates yet; publish the vacancy to see who fits it."))
    if not vacancy.employer.is_verified:
        raise Conflict(
            _(
                "Candidates are shown once the labor office has verified your organisation; "
                "ask your Disnaker to verify it."
            )
        )
    vacancy = Vacancy.objects.prefetch_related("skill_links__skill").get(pk=vacancy.pk)
    facts = vacancy_facts(vacancy)
    pks = get_search_backend().seeker_candidates(facts, limit=MATCH_CANDIDATES)
    seekers = SeekerProfile.objects.filter(pk__in=pks, is_open_to_work=True).prefetch_related(
        "skill_links__skill"
    )
    statuses = dict(
        Application.objects.filter(vacancy=vacancy, seeker_id__in=pks).values_list(
            "seeker_id", "status"
        )
    )
    now = timezone.now()
    matches = [
        CandidateMatch(
            seeker=seeker,
            match=score_pair(
                seeker_facts(seeker), facts, now=now, recency_of="seeker", reveal_distance=False
            ),
            application_status=statuses.get(seeker.pk),
        )
        for seeker in seekers
    ]
    return _rank(
        matches, lambda item: item.seeker.updated_at.timestamp() if item.seeker.updated_at else 0
    )


def applicant_matches(*, vacancy: Vacancy, seekers: list[SeekerProfile]) -> dict[int, Match]:
    """seeker pk -> how each applicant fits ``vacancy``: the score, matched and missing skills
    and the reasons, as her candidate card shows them (a distance band, never a figure).

    The seekers' ``skill_links`` with their skill should be prefetched (the applications list
    does): no query per applicant."""
    vacancy = Vacancy.objects.prefetch_related("skill_links__skill").get(pk=vacancy.pk)
    facts = vacancy_facts(vacancy)
    now = timezone.now()
    return {
        seeker.pk: score_pair(
            seeker_facts(seeker), facts, now=now, recency_of="seeker", reveal_distance=False
        )
        for seeker in seekers
    }


def alerts_for(*, user: User) -> QuerySet[JobAlert]:
    return JobAlert.objects.filter(user=user)


def access_alert(*, user: User, alert_id: int) -> JobAlert:
    alert = alerts_for(user=user).filter(pk=alert_id).first()
    if alert is None:
        raise NotFound()
    return alert
