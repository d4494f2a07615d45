"""The index follows the database: after commit, after an outage, never backwards."""

import pytest
from django.db import transaction
from django.test import override_settings

from jobs.models import Vacancy
from search.backend import SearchUnavailable, get_search_backend
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch import writing as module
from search.indexing import mark_dirty
from search.queries import VacancyQuery
from search.tasks import sweep_dirty
from tests.conftest import wait_for
from tests.factories import VacancyFactory


@pytest.fixture
def elastic(search_backend):
    backend = ElasticsearchBackend()
    backend.drop_all()
    yield backend
    backend.drop_all()


def _found_pks(backend, text):
    backend.refresh()
    return [hit.pk for hit in backend.search_vacancies(VacancyQuery(text=text)).hits]


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_an_older_version_arriving_late_never_overwrites_a_newer_one(elastic):
    vacancy = VacancyFactory(title="Penjahit kebaya")
    Vacancy.objects.filter(pk=vacancy.pk).update(search_version=5)
    elastic.index(model_label="jobs.vacancy", pks=[vacancy.pk])

    # A slow worker that read the row before the last edit now tries to write version 3.
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Pembatik kain", search_version=3)
    elastic.index(model_label="jobs.vacancy", pks=[vacancy.pk])

    assert _found_pks(elastic, "kebaya") == [vacancy.pk]
    assert _found_pks(elastic, "pembatik") == []


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_closing_a_vacancy_removes_it_from_the_index(elastic):
    vacancy = VacancyFactory(title="Penjahit kebaya")
    elastic.index(model_label="jobs.vacancy", pks=[vacancy.pk])
    assert _found_pks(elastic, "kebaya") == [vacancy.pk]

    Vacancy.objects.filter(pk=vacancy.pk).update(status="closed", search_version=2)
    elastic.index(model_label="jobs.vacancy", pks=[vacancy.pk])

    assert _found_pks(elastic, "kebaya") == []
    assert Vacancy.objects.get(pk=vacancy.pk).indexed_version == 2


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_writes_succeed_while_elasticsearch_is_down_and_the_sweep_catches_up(elastic):
    vacancy = VacancyFactory(title="Penjahit kebaya")
    with override_settings(ELASTICSEARCH_URLS=["http://127.0.0.1:9"]):
        get_search_backend.cache_clear()
        try:
            with pytest.raises(SearchUnavailable):
                get_search_backend().index(model_label="jobs.vacancy", pks=[vacancy.pk])
            assert sweep_dirty() == 0
        finally:
            get_search_backend.cache_clear()
    vacancy.refresh_from_db()
    assert (vacancy.search_version, vacancy.indexed_version) == (1, 0)  # still dirty, nothing lost

    assert sweep_dirty() == 1

    vacancy.refresh_from_db()
    assert vacancy.indexed_version == vacancy.search_version == 1
    assert _found_pks(elastic, "kebaya") == [vacancy.pk]


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_rebuild_swaps_the_alias_to_a_complete_new_index(elastic):
    vacancies = [VacancyFactory(title=f"Penjahit {n}") for n in range(3)]
    elastic.index(model_label="jobs.vacancy", pks=[vacancies[0].pk])
    old_indices = set(elastic.client.indices.get_alias(name=elastic.vacancy_alias))

    assert elastic.rebuild() == {"vacancies": 3, "seekers": 0, "alerts": 0}

    new_indices = set(elastic.client.indices.get_alias(name=elastic.vacancy_alias))
    assert len(new_indices) == 1 and not new_indices & old_indices
    assert not elastic.client.indices.exists(index=",".join(old_indices))
    assert sorted(_found_pks(elastic, "penjahit")) == sorted(v.pk for v in vacancies)


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_rebuild_refuses_to_swap_an_incomplete_index(elastic, monkeypatch):
    VacancyFactory(title="Penjahit kebaya")
    elastic.rebuild()
    before = set(elastic.client.indices.get_alias(name=elastic.vacancy_alias))
    # Demand more documents than exist, as when rows vanish from the bulk half-way.
    monkeypatch.setattr(module, "REBUILD_MIN_COMPLETENESS", 2.0)

    with pytest.raises(SearchUnavailable, match="rebuild refused"):
        elastic.rebuild()

    assert set(elastic.client.indices.get_alias(name=elastic.vacancy_alias)) == before
    assert len(elastic.client.indices.get(index=f"{elastic.vacancy_alias}-*")) == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.elasticsearch
def test_a_committed_change_reaches_the_index_through_a_real_worker(elastic, celery_worker_process):
    with transaction.atomic():
        vacancy = VacancyFactory(title="Penjahit seragam sekolah")
        mark_dirty(model_label="jobs.vacancy", pks=[vacancy.pk])

    wait_for(lambda: _found_pks(elastic, "seragam") == [vacancy.pk], message="the worker to index")
    vacancy.refresh_from_db()
    assert vacancy.indexed_version == vacancy.search_version == 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_enqueues_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        vacancy = VacancyFactory(title="Penjahit")
        mark_dirty(model_label="jobs.vacancy", pks=[vacancy.pk])
        raise RuntimeError("the service failed half-way")

    assert callbacks == []
    assert not Vacancy.objects.filter(title="Penjahit").exists()
