"""The port through which the domain asks search for open vacancies near-identical to one.

Like ``sicaker.indexing``: the domain (``jobs``) sits below search and never imports it. When
an employer publishes, the vacancy service asks here; the search app plugs in the finder at
start-up (``SearchConfig.ready``) and answers with its backend's own similarity
(``search.duplicates``). Without a finder (search not installed) nothing is similar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SimilarVacancyRow:
    """An open vacancy like the one compared: its id, its employer and how similar (0..1)."""

    pk: int
    employer_id: int
    similarity: float


class SimilarityFinder(Protocol):
    def similar_open_vacancies(
        self, *, title: str, description: str, exclude_pk: int | None, employer_id: int
    ) -> list[SimilarVacancyRow]: ...


_plugged: dict[str, SimilarityFinder] = {}


def plug(finder: SimilarityFinder | None) -> None:
    """Install the finder that answers ``similar_open_vacancies`` (the search app, at start-up)."""
    _plugged.pop("finder", None)
    if finder is not None:
        _plugged["finder"] = finder


def similar_open_vacancies(
    *, title: str, description: str, employer_id: int, exclude_pk: int | None = None
) -> list[SimilarVacancyRow]:
    """Open vacancies near-identical to this text of this employer's (most similar first);
    none without a finder."""
    if finder := _plugged.get("finder"):
        return finder.similar_open_vacancies(
            title=title, description=description, exclude_pk=exclude_pk, employer_id=employer_id
        )
    return []
