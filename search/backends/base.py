"""The contract every search backend fulfils, and the error it raises when the engine is away.

Like Django's cache backends (``django.core.cache.backends.base``): ``search.backend`` picks one
by settings; the backends import only this module, never the chooser.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from django.utils.translation import gettext_lazy as _

from search.duplicates import Fingerprint
from search.match_facts import seeker_facts_by_pk, vacancy_facts_by_pk
from search.matching import SeekerFacts, VacancyFacts, score_pair
from search.queries import SearchPage, SimilarVacancy, VacancyQuery
from sicaker.errors import Unavailable


class SearchUnavailable(Unavailable):
    """The search engine cannot be reached or refused the request for a transient reason.

    A domain error (503 through the API's one handler): the public message is always the same,
    while ``str(error)`` keeps the engine's own words for logs."""

    default_message = _(
        "Search is temporarily unavailable; please try again in a few minutes. "
        "Browsing /api/v1/vacancies/ still works."
    )

    def __init__(self, detail: str = "") -> None:
        super().__init__()
        self.detail = detail
        self.args = (detail,)


_Facts = TypeVar("_Facts", SeekerFacts, VacancyFacts)


@dataclass
class Ranking(Generic[_Facts]):
    """One page of a match ranking, best first: each hit's facts (from its search document, or
    read flat), and how many are ranked in all (at most the ``cap`` asked for)."""

    hits: list[_Facts]
    total: int


def _timestamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment else 0.0


class SearchBackend(abc.ABC):
    name: str

    @abc.abstractmethod
    def ping(self) -> tuple[bool, str]:
        """(is_up, one-line detail) for health checks."""

    @abc.abstractmethod
    def index(self, *, model_label: str, pks: list[int]) -> int:
        """Bring the index up to date for these rows (deleting what is gone or not public).

        Returns how many rows were written; confirms their ``indexed_version``."""

    @abc.abstractmethod
    def search_vacancies(self, query: VacancyQuery) -> SearchPage:
        """Published, unexpired vacancies matching the query, best first."""

    @abc.abstractmethod
    def vacancy_candidates(
        self, seeker: SeekerFacts, *, limit: int, today: date | None = None
    ) -> list[int]:
        """Open vacancies worth scoring for a seeker: sharing a skill, near, or of a wanted type."""

    @abc.abstractmethod
    def seeker_candidates(self, vacancy: VacancyFacts, *, limit: int) -> list[int]:
        """Seekers open to work worth scoring for this vacancy: holding one of its skills."""

    def rank_vacancies(
        self,
        seeker: SeekerFacts,
        *,
        offset: int,
        limit: int,
        cap: int,
        now: datetime,
        today: date | None = None,
    ) -> Ranking[VacancyFacts]:
        """Open vacancies for this seeker by ``score_pair``'s score (then newest, then pk): the
        page [offset, offset + limit) of the best ``cap``.

        This default scores ``vacancy_candidates`` in Python; a backend that can score in its
        engine overrides it."""
        pks = self.vacancy_candidates(seeker, limit=cap, today=today)
        facts = list(vacancy_facts_by_pk(pks, today=today).values())
        facts.sort(
            key=lambda vacancy: (
                -score_pair(seeker, vacancy, now=now).score,
                -_timestamp(vacancy.published_at),
                vacancy.pk,
            )
        )
        return Ranking(hits=facts[offset : offset + limit], total=len(facts))

    def rank_seekers(
        self, vacancy: VacancyFacts, *, offset: int, limit: int, cap: int, now: datetime
    ) -> Ranking[SeekerFacts]:
        """Seekers open to work for this vacancy, as ``rank_vacancies`` (recency: the profile's
        last update)."""
        pks = self.seeker_candidates(vacancy, limit=cap)
        facts = list(seeker_facts_by_pk(pks).values())
        facts.sort(
            key=lambda seeker: (
                -score_pair(seeker, vacancy, now=now, recency_of="seeker").score,
                -_timestamp(seeker.updated_at),
                seeker.pk,
            )
        )
        return Ranking(hits=facts[offset : offset + limit], total=len(facts))

    @abc.abstractmethod
    def alert_users_for(self, vacancy_body: dict) -> list[int]:
        """Users with an active job alert that this (newly published) vacancy fits."""

    @abc.abstractmethod
    def open_counts(self, *, field: str, size: int = 500) -> dict[str, int]:
        """How many open vacancies carry each value of a keyword field (e.g. skill_slugs)."""

    @abc.abstractmethod
    def title_suggestions(self, prefix: str, *, size: int) -> list[str]:
        """Titles of open vacancies whose words start with what was typed."""

    @abc.abstractmethod
    def similar_vacancies(
        self,
        fingerprint: Fingerprint,
        *,
        min_similarity: float,
        limit: int,
        exclude_pk: int | None = None,
        today: date | None = None,
    ) -> list[SimilarVacancy]:
        """Open vacancies whose fingerprint is at least ``min_similarity`` like this one (the
        Jaccard index of their shingles, ``search.duplicates``), most similar first; at most
        ``limit``, found through an index (never by reading every vacancy)."""

    @abc.abstractmethod
    def rebuild(self) -> dict[str, int]:
        """Rebuild every index from the database; returns documents written per index."""

    def drop_all(self) -> None:  # noqa: B027 - nothing to drop unless the backend stores indices
        """Remove every index this backend made (tests and resets)."""
