"""A free-text search as a person means it: corrections said aloud, intents offered as filters,
and no dead end.

``understood_search`` runs a ``VacancyQuery`` on a backend (which already corrects typos and
boosts intents, ``search.analysis``) and adds what the page and the API show:

- ``did_you_mean``: the query with its corrected words, when a typed word no vacancy holds was
  searched as an indexed word instead (the corrected query is what found the results);
- ``suggested_filters``: each work type, district or pay the words named and the query does not
  filter on yet, as a filter she can apply ("Tampilkan hanya kerja dari rumah?"), never applied
  silently;
- ``relaxed``: when nothing is found, the query is relaxed step by step until something is, and
  each step is said: first a radius is widened (twice, then four times, up to
  ``MAX_RELAXED_RADIUS_KM``), then the words are dropped (matching is any-word already, so
  dropping one word never finds more: with the words gone the filters she chose, or else every
  open vacancy, are shown, newest first).
"""

from __future__ import annotations

import dataclasses

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from jobs.models import WorkType
from search.analysis import corrected_text
from search.backends.base import SearchBackend
from search.queries import SearchPage, SuggestedFilter, VacancyQuery, VacancySort

MAX_RELAXED_RADIUS_KM = 200.0  # the API's own limit
RADIUS_FACTORS = (2, 4)


def _work_type_label(value: str) -> str:
    labels: dict[str, str] = {
        WorkType.HOME_BASED: _("Show only home-based work?"),
        WorkType.PART_TIME: _("Show only part-time work?"),
        WorkType.FULL_TIME: _("Show only full-time work?"),
        WorkType.PIECE_RATE: _("Show only piece-rate (borongan) work?"),
        WorkType.FREELANCE: _("Show only freelance work?"),
    }
    return labels.get(value, value)


def suggested_filters(query: VacancyQuery, page: SearchPage) -> list[SuggestedFilter]:
    """The filters the query's words asked for and the query does not apply yet."""
    intents = page.intents
    suggestions = [
        SuggestedFilter(field="work_type", value=value, label=_work_type_label(value))
        for value in intents.work_types
        if value not in query.work_types
    ]
    if not query.district:
        suggestions += [
            SuggestedFilter(
                field="district",
                value=district,
                label=_("Show only vacancies in %(district)s?") % {"district": district},
            )
            for district in intents.districts
        ]
    if intents.pay_at_least is not None and query.pay_min is None:
        suggestions.append(
            SuggestedFilter(
                field="pay_min",
                value=str(intents.pay_at_least),
                label=_("Show only pay of at least Rp %(amount)s?")
                % {"amount": number_format(intents.pay_at_least, force_grouping=True)},
            )
        )
    return suggestions


def _relaxations(query: VacancyQuery) -> list[tuple[VacancyQuery, str]]:
    """The relaxed queries to try in order, each with the sentence that says what changed."""
    steps: list[tuple[VacancyQuery, str]] = []
    if query.near and query.radius_km:
        for factor in RADIUS_FACTORS:
            wider = min(query.radius_km * factor, MAX_RELAXED_RADIUS_KM)
            if wider <= query.radius_km or any(
                step.radius_km == wider for step, _sentence in steps
            ):
                continue
            steps.append(
                (
                    dataclasses.replace(query, radius_km=wider),
                    _("Nothing within %(radius)s km: showing vacancies within %(wider)s km.")
                    % {"radius": f"{query.radius_km:g}", "wider": f"{wider:g}"},
                )
            )
    if query.text.strip():
        has_filters = bool(
            query.skill_slugs
            or query.work_types
            or query.city
            or query.district
            or query.pay_min is not None
            or (query.near and query.radius_km)
        )
        sentence = (
            _('No open vacancy of your choices has the words "%(words)s": showing the others.')
            if has_filters
            else _('No open vacancy has the words "%(words)s": showing the newest vacancies.')
        )
        steps.append(
            (
                dataclasses.replace(query, text="", sort=_sort_without_words(query)),
                sentence % {"words": query.text.strip()[:100]},
            )
        )
    return steps


def _sort_without_words(query: VacancyQuery) -> str:
    return VacancySort.NEWEST if query.sort == VacancySort.RELEVANCE else query.sort


def understood_search(*, backend: SearchBackend, query: VacancyQuery) -> SearchPage:
    """Search, then say what the words meant, what was corrected and, when nothing was found,
    what was relaxed to find something (see the module's docstring)."""
    page = backend.search_vacancies(query)
    original = page
    if page.total == 0:
        for relaxed_query, sentence in _relaxations(query):
            relaxed_page = backend.search_vacancies(relaxed_query)
            if relaxed_page.total:
                page = relaxed_page
                page.relaxed = [sentence]
                break
    page.corrections = original.corrections
    page.intents = original.intents
    if original.corrections:
        page.did_you_mean = corrected_text(query.text, original.corrections)
    page.suggested_filters = suggested_filters(query, page)
    return page
