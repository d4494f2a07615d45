"""Search's side of the ``sicaker.similarity`` port: near-identical open vacancies, from the
configured backend's own similarity (``search.duplicates``)."""

from __future__ import annotations

import logging

from jobs.models import Vacancy
from search.backend import get_search_backend
from search.backends.base import SearchUnavailable
from search.duplicates import DUPLICATE_THRESHOLD, MIN_WORDS_ACROSS_EMPLOYERS, fingerprint
from sicaker.similarity import SimilarVacancyRow

logger = logging.getLogger(__name__)

# More than this many near-copies of one vacancy says nothing more to the employer or the office.
MAX_SIMILAR = 10


class BackendSimilarityFinder:
    """Answers the domain's question with the backend, then reads the rows from the database
    (the index may lag: only vacancies still open there are returned)."""

    def similar_open_vacancies(
        self, *, title: str, description: str, exclude_pk: int | None, employer_id: int
    ) -> list[SimilarVacancyRow]:
        compared = fingerprint(title, description)
        try:
            hits = get_search_backend().similar_vacancies(
                compared,
                min_similarity=DUPLICATE_THRESHOLD,
                limit=MAX_SIMILAR,
                exclude_pk=exclude_pk,
            )
        except SearchUnavailable as error:
            # The check advises; it never stops a publication because the engine is away.
            logger.warning("duplicate check skipped: search unavailable (%s)", error.detail)
            return []
        employers = dict(
            Vacancy.objects.open()
            .filter(pk__in=[hit.pk for hit in hits])
            .values_list("pk", "employer_id")
        )
        # A short text ("Kasir") alike across employers is a coincidence, not a copy.
        is_comparable_across = compared.words >= MIN_WORDS_ACROSS_EMPLOYERS
        return [
            SimilarVacancyRow(pk=hit.pk, employer_id=employers[hit.pk], similarity=hit.similarity)
            for hit in hits
            if hit.pk in employers and (is_comparable_across or employers[hit.pk] == employer_id)
        ]
