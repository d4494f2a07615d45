"""The graded relevance set of tests/data/ (issue 15) on each backend: its targets hold.

The same corpus and queries as ``benchmarks/relevance.py``, searched as the search page does;
a change to the analysis, the weights or the taxonomy that costs relevance fails here."""

import pytest

from benchmarks.relevance import evaluate, load_corpus
from jobs.models import Vacancy
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db


def test_the_graded_set_meets_the_targets(backend):
    # Given the 307 vacancies of the corpus indexed
    pks = load_corpus()
    index_all(backend, Vacancy.objects.filter(pk__in=list(pks.values())))

    # When its 94 queries are searched
    figures = evaluate(backend, pks)

    # Then the ranking and the answers meet the targets
    assert figures["queries"] == 94
    assert figures["ndcg_at_10"] >= 0.90, figures["worst_queries"]
    assert figures["zero_result_rate"] <= 0.02
    assert figures["zero_before_relaxing_rate"] <= 0.02


@pytest.mark.elasticsearch
def test_both_backends_score_the_graded_set_alike(search_backend):
    pks = load_corpus()
    vacancies = Vacancy.objects.filter(pk__in=list(pks.values()))
    database, elastic = DatabaseBackend(), ElasticsearchBackend()
    elastic.drop_all()
    index_all(database, vacancies)
    index_all(elastic, vacancies)

    on_database, on_elastic = evaluate(database, pks), evaluate(elastic, pks)

    assert abs(on_database["ndcg_at_10"] - on_elastic["ndcg_at_10"]) <= 0.03
    assert on_database["zero_result_rate"] == on_elastic["zero_result_rate"]
