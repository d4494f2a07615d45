"""The contract every search backend fulfils, and the error it raises when the engine is away.

Like Django's cache backends (``django.core.cache.backends.base``): ``search.backend`` picks one
by settings; the backends import only this module, never the chooser.
"""

from __future__ import annotations

import abc
from datetime import date

from django.utils.translation import gettext_lazy as _

from search.duplicates import Fingerprint
from search.matching import SeekerFacts, VacancyFacts
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
