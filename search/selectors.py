"""Reads through the search backend: ids and scores from the index, rows from the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application
from jobs.models import Skill, Vacancy, VacancySkill, VacancyStatus, names_in_english, skill_name
from search.backend import get_search_backend
from search.match_facts import seeker_facts_by_pk, vacancy_facts_by_pk
from search.matching import Match, score_pair, seeker_facts, vacancy_facts
from search.models import JobAlert
from search.queries import Hit, SearchPage, VacancyQuery
from search.taxonomy import skills_by_pk
from search.understanding import understood_search
from seekers.models import SeekerProfile
from sicaker.errors import Conflict, Forbidden, NotFound
from sicaker.text import fold, stems

MIN_PREFIX = 2  # typeahead answers from the second letter typed


@dataclass(frozen=True)
class CardSkill:
    """A skill as a vacancy's card lists it."""

    slug: str
    name: str
    is_required: bool


@dataclass
class VacancyResult:
    vacancy: Vacancy
    hit: Hit
    skills: list[CardSkill]


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


def card_skills(pks: list[int]) -> dict[int, list[CardSkill]]:
    """vacancy pk -> the skills its card lists, in the order they were attached: one query of
    plain tuples (as prefetched link and skill objects they cost more than the vacancies
    themselves), named from the process's taxonomy (``search.taxonomy``) rather than a join
    (planning the join cost PostgreSQL more than running it)."""
    links = list(
        VacancySkill.objects.filter(vacancy_id__in=pks)
        .order_by("pk")
        .values_list("vacancy_id", "skill_id", "is_required")
    )
    known = skills_by_pk({skill_pk for _vacancy_pk, skill_pk, _required in links})
    english = names_in_english()
    skills: dict[int, list[CardSkill]] = defaultdict(list)
    for vacancy_pk, skill_pk, is_required in links:
        skill = known.get(skill_pk)
        if skill is None:  # deleted since the links were read
            continue
        name = skill_name(skill.name_id, skill.name_en, english=english)
        skills[vacancy_pk].append(CardSkill(skill.slug, name, is_required))
    return skills


def vacancy_cards(pks: list[int]) -> QuerySet[Vacancy]:
    """Open vacancies among ``pks`` with their employer, only the columns a card shows (their
    skills: ``card_skills``)."""
    return (
        Vacancy.objects.filter(pk__in=pks)
        .open()
        .select_related("employer")
        .only(*VACANCY_CARD_FIELDS)
        .order_by()
    )


def vacancy_search(*, query: VacancyQuery) -> tuple[SearchPage, list[VacancyResult]]:
    """Search open vacancies; rows are loaded last and re-checked, so a stale index shows no
    closed vacancy. Corrections, suggested filters and relaxation: ``search.understanding``."""
    page = understood_search(backend=get_search_backend(), query=query)
    pks = [hit.pk for hit in page.hits]
    if not pks:
        return page, []
    rows = {vacancy.pk: vacancy for vacancy in vacancy_cards(pks)}
    skills = card_skills(list(rows))
    return page, [
        VacancyResult(vacancy=rows[hit.pk], hit=hit, skills=skills.get(hit.pk, []))
        for hit in page.hits
        if hit.pk in rows
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


# The best matches a seeker (or a vacancy) is shown, over every page; the database backend
# scores this many plausible candidates in Python, Elasticsearch ranks all of them itself.
MATCH_CANDIDATES = 100


# What a candidate card shows of her (name, district and phone only once she applied).
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


_Item = TypeVar("_Item", VacancyMatch, CandidateMatch)


def _in_shown_order(items: list[tuple[_Item, float, int]]) -> list[_Item]:
    """A page in the order of the scores it shows: (item, recency timestamp, pk) by score, then
    newest, then pk. The engine ranked the page already; its 32-bit score can split a tie the
    shown (rounded) scores make, and this puts such a pair back in the documented order."""
    items.sort(key=lambda entry: (-entry[0].match.score, -entry[1], entry[2]))
    return [item for item, _recency, _pk in items]


def _counted(total: int, *, offset: int, limit: int, ranked: int, kept: int) -> int:
    """The ranking's total less the hits of this page the database no longer shows (the index
    lags a write by a moment): exact on the last page, where the engine ran out of hits."""
    if ranked < limit:
        return offset + kept
    return max(total - (ranked - kept), offset + kept)


def _timestamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment else 0.0


def matching_seeker_profile(*, user: User) -> SeekerProfile | None:
    """The profile whose matches ``user`` may see: hers when she is a job seeker (None when she
    has not filled one in yet); Forbidden for anyone else. The API and the web page share it."""
    if not getattr(user, "is_seeker", False):
        raise Forbidden(_("Only job seekers have matches; employers see candidates per vacancy."))
    return SeekerProfile.objects.filter(user=user).first()


def _application_status(**match: Any) -> Subquery:
    return Subquery(Application.objects.filter(**match).values("status")[:1])


def ranking_moment() -> datetime:
    """The "now" a ranking's recency part is reckoned from: this minute. A page and its
    neighbours, and the same page asked again, are then the very same request to the engine,
    which answers a repeat from its request cache until the index changes; a minute moves a
    recency score (5 points over 30 days) by less than 0.0002."""
    return timezone.now().replace(second=0, microsecond=0)


def vacancy_match_page(
    *, seeker: SeekerProfile, offset: int = 0, limit: int = MATCH_CANDIDATES
) -> tuple[int, list[VacancyMatch]]:
    """(how many, one page) of the open vacancies ranked for this seeker, each with its score
    and reasons; vacancies she applied to (or withdrew from) are marked.

    The search backend ranks the best MATCH_CANDIDATES by ``search.matching``'s score and gives
    the page's facts (Elasticsearch: from its documents, in one request); the score and reasons
    shown are ``score_pair``'s. Then one flat query loads the page's cards, re-checks that each
    is still open and reads her application to it."""
    facts = seeker_facts_by_pk([seeker.pk], open_to_work=False)[seeker.pk]
    now = ranking_moment()
    ranking = get_search_backend().rank_vacancies(
        facts, offset=offset, limit=limit, cap=MATCH_CANDIDATES, now=now
    )
    pks = [vacancy.pk for vacancy in ranking.hits]
    cards = (
        {
            vacancy.pk: vacancy
            for vacancy in Vacancy.objects.filter(pk__in=pks)
            .open()
            .select_related("employer")
            .only(*VACANCY_CARD_FIELDS)
            .annotate(
                status_of_application=_application_status(seeker=seeker, vacancy=OuterRef("pk"))
            )
            .order_by()
        }
        if pks
        else {}
    )
    page = [
        (
            VacancyMatch(
                vacancy=cards[vacancy.pk],
                match=score_pair(facts, vacancy, now=now),
                application_status=cards[vacancy.pk].status_of_application,
            ),
            _timestamp(vacancy.published_at),
            vacancy.pk,
        )
        for vacancy in ranking.hits
        if vacancy.pk in cards
    ]
    total = _counted(
        ranking.total, offset=offset, limit=limit, ranked=len(ranking.hits), kept=len(page)
    )
    return total, _in_shown_order(page)


def vacancy_matches_for_seeker(*, seeker: SeekerProfile) -> list[VacancyMatch]:
    """The best MATCH_CANDIDATES open vacancies for this seeker (``vacancy_match_page``)."""
    return vacancy_match_page(seeker=seeker)[1]


def vacancy_for_matching(*, user: User, vacancy_id: int) -> Vacancy:
    """The vacancy if this user may see its candidates (its employer, or staff); else one 404."""
    vacancies = Vacancy.objects.select_related("employer")
    if not getattr(user, "is_officer", False):
        vacancies = vacancies.filter(employer__owner=user)
    vacancy = vacancies.filter(pk=vacancy_id).first()
    if vacancy is None:
        raise NotFound()
    return vacancy


def candidate_match_page(
    *, vacancy: Vacancy, offset: int = 0, limit: int = MATCH_CANDIDATES
) -> tuple[int, list[CandidateMatch]]:
    """(how many, one page) of the candidates ranked for this vacancy; applicants (and who
    withdrew) are marked.

    Candidates are ``SeekerProfile.objects.candidates()``, re-read from the database after the
    backend's ids: a seeker who withdraws consent (b) is gone from the list at once, before the
    index catches up.

    Rule: only for a vacancy that has been published (not a draft) of an employer the labor office
    verified (Conflict otherwise, for its employer and staff alike): otherwise anyone could
    register, place drafts at chosen points and read how far each seeker lives from them. Each
    candidate's distance is a band, never a figure (``score_pair(reveal_distance=False)``), even
    after she applied: applicants are shown with their district, never an exact point. Ranked
    like ``vacancy_match_page``; one flat query loads the page's seekers (re-checking that each
    is still a candidate) with their application to this vacancy.
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
    facts = vacancy_facts_by_pk([vacancy.pk], open_only=False)[vacancy.pk]
    now = ranking_moment()
    ranking = get_search_backend().rank_seekers(
        facts, offset=offset, limit=limit, cap=MATCH_CANDIDATES, now=now
    )
    pks = [seeker.pk for seeker in ranking.hits]
    cards = (
        {
            seeker.pk: seeker
            for seeker in SeekerProfile.objects.filter(pk__in=pks)
            .candidates()
            .only("pk", *CANDIDATE_CARD_FIELDS)
            .annotate(
                status_of_application=_application_status(vacancy=vacancy, seeker=OuterRef("pk"))
            )
            .order_by()
        }
        if pks
        else {}
    )
    page = [
        (
            CandidateMatch(
                seeker=cards[seeker.pk],
                match=score_pair(
                    seeker, facts, now=now, recency_of="seeker", reveal_distance=False
                ),
                application_status=cards[seeker.pk].status_of_application,
            ),
            _timestamp(seeker.updated_at),
            seeker.pk,
        )
        for seeker in ranking.hits
        if seeker.pk in cards
    ]
    total = _counted(
        ranking.total, offset=offset, limit=limit, ranked=len(ranking.hits), kept=len(page)
    )
    return total, _in_shown_order(page)


def candidate_matches_for_vacancy(*, vacancy: Vacancy) -> list[CandidateMatch]:
    """The best MATCH_CANDIDATES candidates for this vacancy (``candidate_match_page``)."""
    return candidate_match_page(vacancy=vacancy)[1]


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
