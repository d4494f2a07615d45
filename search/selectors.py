"""Reads through the search backend: ids and scores from the index, rows from the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application
from jobs.models import Skill, Vacancy, VacancySkill, VacancyStatus, skill_name
from search.backend import get_search_backend
from search.matching import Match, score_pair, seeker_facts, vacancy_facts
from search.models import JobAlert
from search.queries import Hit, SearchPage, VacancyQuery
from seekers.models import SeekerProfile, SeekerSkill
from sicaker.errors import Conflict, Forbidden, NotFound
from sicaker.text import fold, stems

MIN_PREFIX = 2  # typeahead answers from the second letter typed


@dataclass
class VacancyResult:
    vacancy: Vacancy
    hit: Hit


# What a vacancy card shows (a search hit, a match, the web pages' cards): the rows behind a page
# of hits are loaded with these columns only, not as full model graphs (a search's round trip
# through the API was 3.6x the engine's; loading whole rows was a third of it). Reading a field
# left out costs one query per row: tests count the queries of every endpoint and page using it.
VACANCY_CARD_FIELDS = (
    "pk",
    "title",
    "employer__name",
    "employer__kind",
    "employer__is_verified",
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
    "status",
)
# What scoring a match reads besides the card (``search.matching.vacancy_facts``).
VACANCY_FACT_FIELDS = (
    "latitude",
    "longitude",
    "work_days",
    "hours_start",
    "hours_end",
)


def _card_skill_links() -> Prefetch:
    """A card's skills in one joined query (link and skill, only the columns shown)."""
    links = VacancySkill.objects.select_related("skill").only(
        "vacancy", "is_required", "skill__slug", "skill__name_id", "skill__name_en"
    )
    return Prefetch("skill_links", queryset=links.order_by("pk"))


def vacancy_cards(pks: list[int]) -> QuerySet[Vacancy]:
    """Open vacancies among ``pks``, with their employer and skills: two flat queries."""
    return (
        Vacancy.objects.filter(pk__in=pks)
        .open()
        .select_related("employer")
        .only(*VACANCY_CARD_FIELDS)
        .order_by()
        .prefetch_related(_card_skill_links())
    )


def _flat_skills(
    model: type[VacancySkill] | type[SeekerSkill], owner: str, pks: list[int], column: str
) -> defaultdict[int, list[Any]]:
    """(slug, name, ``column``) of the skills of each of ``pks``: one query, no model instances
    (loading a hundred candidates' skills as link and skill objects dominated a match request)."""
    skills: defaultdict[int, list[Any]] = defaultdict(list)
    rows = (
        model.objects.filter(**{f"{owner}_id__in": pks})
        .order_by("pk")
        .values_list(f"{owner}_id", "skill__slug", "skill__name_id", "skill__name_en", column)
    )
    for owner_pk, slug, name_id, name_en, value in rows:
        skills[owner_pk].append((slug, skill_name(name_id, name_en), value))
    return skills


def vacancy_search(*, query: VacancyQuery) -> tuple[SearchPage, list[VacancyResult]]:
    """Search open vacancies; rows are loaded last and re-checked, so a stale index shows no
    closed vacancy."""
    page = get_search_backend().search_vacancies(query)
    pks = [hit.pk for hit in page.hits]
    rows = {vacancy.pk: vacancy for vacancy in vacancy_cards(pks)} if pks else {}
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


# What scoring reads of a seeker (``search.matching.seeker_facts``), and what a candidate card
# shows of her besides (name, district and phone only once she applied).
SEEKER_FACT_FIELDS = (
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
CANDIDATE_CARD_FIELDS = ("full_name", "district", "city", "phone", "education_level")


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
    seeker = SeekerProfile.objects.only(*SEEKER_FACT_FIELDS).get(pk=seeker.pk)
    facts = seeker_facts(
        seeker, _flat_skills(SeekerSkill, "seeker", [seeker.pk], "source")[seeker.pk]
    )
    pks = get_search_backend().vacancy_candidates(facts, limit=MATCH_CANDIDATES)
    vacancies = list(
        Vacancy.objects.filter(pk__in=pks)
        .open()
        .select_related("employer")
        .only(*VACANCY_CARD_FIELDS, *VACANCY_FACT_FIELDS)
        .order_by()
    )
    skills = _flat_skills(VacancySkill, "vacancy", pks, "is_required")
    statuses = dict(
        Application.objects.filter(seeker=seeker, vacancy_id__in=pks).values_list(
            "vacancy_id", "status"
        )
    )
    now = timezone.now()
    matches = [
        VacancyMatch(
            vacancy=vacancy,
            match=score_pair(facts, vacancy_facts(vacancy, skills[vacancy.pk]), now=now),
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
    """Candidates ranked for this vacancy; applicants (and who withdrew) are marked.

    Candidates are ``SeekerProfile.objects.candidates()``, read from the database after the
    backend's ids: a seeker who withdraws consent (b) is gone from the list at once, before the
    index catches up.

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
    vacancy = Vacancy.objects.only("pk", *VACANCY_FACT_FIELDS, "work_type", "published_at").get(
        pk=vacancy.pk
    )
    facts = vacancy_facts(
        vacancy, _flat_skills(VacancySkill, "vacancy", [vacancy.pk], "is_required")[vacancy.pk]
    )
    pks = get_search_backend().seeker_candidates(facts, limit=MATCH_CANDIDATES)
    seekers = list(
        SeekerProfile.objects.filter(pk__in=pks)
        .candidates()
        .only(*SEEKER_FACT_FIELDS, *CANDIDATE_CARD_FIELDS)
        .order_by()
    )
    skills = _flat_skills(SeekerSkill, "seeker", pks, "source")
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
                seeker_facts(seeker, skills[seeker.pk]),
                facts,
                now=now,
                recency_of="seeker",
                reveal_distance=False,
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
