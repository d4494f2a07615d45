"""The database backend's own index: written by index(), never per query, never capped."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Vacancy
from search.backends.database import DatabaseBackend
from search.documents import pending_vacancies
from search.models import VacancyEntry
from search.queries import VacancyQuery
from tests.factories import EmployerFactory, VacancyFactory, VacancySkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database():
    return DatabaseBackend()


def _found(backend, text):
    return [hit.pk for hit in backend.search_vacancies(VacancyQuery(text=text)).hits]


def test_indexing_stores_the_analysed_text_and_confirms_the_version(database, taxonomy):
    vacancy = VacancyFactory(title="Dicari penjahit kebaya", description="Bahan disediakan.")
    VacancySkillFactory(vacancy=vacancy, skill=taxonomy["menjahit"])
    Vacancy.objects.filter(pk=vacancy.pk).update(search_version=4)

    written = database.index(model_label="jobs.vacancy", pks=[vacancy.pk])

    assert written == 1
    entry = VacancyEntry.objects.get(pk=vacancy.pk)
    assert {"jahit", "kebaya", "skill_menjahit", "attached_menjahit"} <= set(entry.tokens.split())
    assert (entry.version, entry.skill_slugs, entry.positions_open) == (4, ["menjahit"], 3)
    assert Vacancy.objects.get(pk=vacancy.pk).indexed_version == 4


def test_an_older_version_arriving_late_never_overwrites_a_newer_one(database):
    vacancy = VacancyFactory(title="Penjahit kebaya")
    Vacancy.objects.filter(pk=vacancy.pk).update(search_version=5)
    database.index(model_label="jobs.vacancy", pks=[vacancy.pk])

    # A slow worker that read the row before the last edit now tries to write version 3.
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Pembatik kain", search_version=3)
    database.index(model_label="jobs.vacancy", pks=[vacancy.pk])

    assert _found(database, "kebaya") == [vacancy.pk]
    assert _found(database, "pembatik") == []


def test_a_document_built_before_the_row_changed_is_not_written(database):
    # Given a document built from the row, and an edit committed before it is written

    vacancy = VacancyFactory(title="Penjahit kebaya")
    pending = pending_vacancies([vacancy.pk])
    Vacancy.objects.filter(pk=vacancy.pk).update(
        title="Pembatik kain", search_version=F("search_version") + 1
    )

    # When the stale document arrives, nothing is written and the row stays dirty
    assert database._write(pending) == 0
    assert not VacancyEntry.objects.filter(pk=vacancy.pk).exists()
    row = Vacancy.objects.get(pk=vacancy.pk)
    assert row.indexed_version < row.search_version

    # And the next indexing writes the current row
    database.index(model_label="jobs.vacancy", pks=[vacancy.pk])
    assert _found(database, "pembatik") == [vacancy.pk]


def test_closing_or_deleting_a_vacancy_removes_its_entry(database):
    closing, deleted = VacancyFactory(title="Penjahit kebaya"), VacancyFactory(title="Penjahit")
    database.index(model_label="jobs.vacancy", pks=[closing.pk, deleted.pk])

    Vacancy.objects.filter(pk=closing.pk).update(status="closed", search_version=2)
    deleted_pk = deleted.pk
    deleted.delete()
    database.index(model_label="jobs.vacancy", pks=[closing.pk, deleted_pk])

    assert VacancyEntry.objects.count() == 0
    assert database.search_vacancies(VacancyQuery(text="penjahit")).total == 0
    assert Vacancy.objects.get(pk=closing.pk).indexed_version == 2


def test_rebuild_writes_every_open_vacancy_and_drops_the_rest(database):
    open_ones = [VacancyFactory(title=f"Penjahit {n}") for n in range(3)]
    expired = VacancyFactory(title="Penjahit lama")
    database.index(model_label="jobs.vacancy", pks=[v.pk for v in [*open_ones, expired]])
    Vacancy.objects.filter(pk=expired.pk).update(
        valid_through=timezone.localdate() - datetime.timedelta(days=1)
    )
    VacancyEntry.objects.filter(pk=open_ones[0].pk).delete()  # lost, e.g. restored backup

    assert database.rebuild() == {"vacancies": 3}

    assert set(VacancyEntry.objects.values_list("pk", flat=True)) == {v.pk for v in open_ones}
    assert database.search_vacancies(VacancyQuery(text="penjahit")).total == 3


def test_every_match_is_counted_beyond_the_old_5000_row_cap(database):
    # Given 5,001 open vacancies in the index (entries written directly: the analysis is not
    # what this test is about)
    employer = EmployerFactory()
    today = timezone.localdate()
    vacancies = Vacancy.objects.bulk_create(
        Vacancy(
            employer=employer,
            title=f"Penjahit {number}",
            work_type="piece_rate",
            city="Kota Malang",
            district="Klojen",
            positions=1,
            valid_through=today + datetime.timedelta(days=30),
            status="published",
            published_at=timezone.now(),
        )
        for number in range(5_001)
    )
    VacancyEntry.objects.bulk_create(
        VacancyEntry(
            vacancy_id=vacancy.pk,
            version=1,
            title=vacancy.title,
            skill_slugs=["menjahit"],
            work_type="piece_rate",
            city="Kota Malang",
            district="Klojen",
            positions_open=1,
            valid_through=vacancy.valid_through,
            published_at=vacancy.published_at,
            tokens="jahit skill_menjahit attached_menjahit",
        )
        for vacancy in vacancies
    )

    page = database.search_vacancies(VacancyQuery(text="menjahit", page_size=5))

    assert page.total == 5_001
    assert page.open_positions == 5_001
    assert page.facets["skill"] == {"menjahit": 5_001}
    assert page.notices == []
    assert len(page.hits) == 5


def test_a_search_costs_the_same_statements_for_a_short_or_long_page(database, taxonomy):
    vacancies = [VacancyFactory(title=f"Penjahit {n}") for n in range(30)]
    database.index(model_label="jobs.vacancy", pks=[v.pk for v in vacancies])
    database.search_vacancies(VacancyQuery(text="penjahit"))  # the vocabulary, loaded once

    counts = {}
    for page_size in (5, 30):
        with CaptureQueriesContext(connection) as queries:
            page = database.search_vacancies(VacancyQuery(text="penjahit", page_size=page_size))
        counts[page_size] = len(queries)
        assert (page.total, len(page.hits)) == (30, page_size)

    assert counts[5] == counts[30]
    searches = [q for q in queries.captured_queries if "search_vacancy_entry" in q["sql"]]
    assert len(searches) == 1
