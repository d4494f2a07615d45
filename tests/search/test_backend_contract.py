"""One contract, two backends: the database backend and Elasticsearch answer alike."""

import datetime

import pytest
from django.utils import timezone

from search.queries import GeoPoint, VacancyQuery, VacancySort
from tests.factories import EmployerFactory, VacancyFactory, VacancySkillFactory
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

KLOJEN = GeoPoint(lat=-7.9826, lon=112.6308)


def _vacancy(title, *, skills=(), description="", **fields):
    vacancy = VacancyFactory(title=title, description=description, **fields)
    for skill in skills:
        VacancySkillFactory(vacancy=vacancy, skill=skill)
    return vacancy


@pytest.fixture
def market(taxonomy):
    """Openings in Malang and Madiun, as the labor office would have them."""
    madiun = EmployerFactory(
        name="Batik Madiun Asri",
        city="Kota Madiun",
        district="Taman",
        latitude=-7.6340,
        longitude=111.5300,
    )
    now = timezone.now()
    return {
        "penjahit": _vacancy(
            "Dicari penjahit rumahan",
            skills=[taxonomy["menjahit"]],
            work_type="home_based",
            description="Jahit masker kain di rumah, bahan disediakan.",
            positions=5,
            published_at=now - datetime.timedelta(days=3),
        ),
        "obras": _vacancy(
            "Operator mesin obras",
            skills=[taxonomy["obras"]],
            work_type="full_time",
            description="Konveksi seragam sekolah.",
            positions=2,
            pay_min=2_500_000,
            pay_max=3_000_000,
            pay_unit="month",
            published_at=now - datetime.timedelta(days=1),
        ),
        "batik": _vacancy(
            "Pembatik tulis",
            skills=[taxonomy["membatik"]],
            employer=madiun,
            work_type="piece_rate",
            description="Membatik kain motif pecel.",
            positions=4,
            published_at=now - datetime.timedelta(days=2),
        ),
        "frozen": _vacancy(
            "Produksi nugget dan frozen food",
            skills=[taxonomy["frozen-food"]],
            work_type="part_time",
            positions=1,
            published_at=now,
        ),
        "draft": _vacancy(
            "Penjahit (belum terbit)",
            skills=[taxonomy["menjahit"]],
            status="draft",
            published_at=None,
        ),
        "closed": _vacancy(
            "Penjahit (sudah tutup)", skills=[taxonomy["menjahit"]], status="closed"
        ),
    }


def _titles(backend, **query):
    page = backend.search_vacancies(VacancyQuery(**query))
    from jobs.models import Vacancy

    titles = dict(
        Vacancy.objects.filter(pk__in=[hit.pk for hit in page.hits]).values_list("pk", "title")
    )
    return [titles[hit.pk] for hit in page.hits]


def test_stemming_makes_every_form_of_a_word_meet(backend, market):
    index_all(backend, market.values())

    for typed in ("menjahit", "jahit", "penjahit", "JAHITAN"):
        assert _titles(backend, text=typed)[0] == "Dicari penjahit rumahan", typed


def test_taxonomy_synonyms_find_the_skill(backend, market):
    index_all(backend, market.values())

    assert _titles(backend, text="overlock") == ["Operator mesin obras"]
    assert _titles(backend, text="makanan beku") == ["Produksi nugget dan frozen food"]


def test_only_published_vacancies_are_found(backend, market):
    index_all(backend, market.values())

    titles = _titles(backend, text="penjahit")

    assert "Penjahit (belum terbit)" not in titles
    assert "Penjahit (sudah tutup)" not in titles


def test_expired_vacancies_disappear_without_reindexing(backend, market):
    from jobs.models import Vacancy

    Vacancy.objects.filter(pk=market["obras"].pk).update(valid_through=timezone.localdate())
    index_all(backend, market.values())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    assert _titles(backend, text="obras") == ["Operator mesin obras"]
    assert _titles(backend, text="obras", today=tomorrow) == []


def test_filters_combine(backend, market):
    index_all(backend, market.values())

    assert _titles(backend, work_types=("piece_rate",)) == ["Pembatik tulis"]
    assert _titles(backend, city="Kota Madiun") == ["Pembatik tulis"]
    assert _titles(backend, skill_slugs=("obras",)) == ["Operator mesin obras"]
    assert _titles(backend, pay_min=2_800_000) == ["Operator mesin obras"]
    assert set(_titles(backend, near=KLOJEN, radius_km=5)) == {
        "Dicari penjahit rumahan",
        "Operator mesin obras",
        "Produksi nugget dan frozen food",
    }


def test_sorting_by_newest_and_by_distance(backend, market):
    index_all(backend, market.values())

    assert _titles(backend, sort=VacancySort.NEWEST) == [
        "Produksi nugget dan frozen food",
        "Operator mesin obras",
        "Pembatik tulis",
        "Dicari penjahit rumahan",
    ]
    assert _titles(backend, sort=VacancySort.DISTANCE, near=GeoPoint(lat=-7.6340, lon=111.5300))[
        0
    ] == ("Pembatik tulis")


def test_facets_and_open_positions(backend, market):
    index_all(backend, market.values())

    page = backend.search_vacancies(VacancyQuery())

    assert page.total == 4
    assert page.open_positions == 5 + 2 + 4 + 1
    assert page.facets["work_type"] == {
        "home_based": 1,
        "full_time": 1,
        "piece_rate": 1,
        "part_time": 1,
    }
    assert page.facets["district"] == {"Klojen": 3, "Taman": 1}
    assert page.facets["skill"] == {"menjahit": 1, "obras": 1, "membatik": 1, "frozen-food": 1}


def test_distance_is_reported_in_kilometres(backend, market):
    index_all(backend, market.values())

    page = backend.search_vacancies(VacancyQuery(text="batik", near=KLOJEN))

    assert len(page.hits) == 1
    # Klojen (Malang) to Taman (Madiun) is about 128 km as the crow flies.
    assert 120 < page.hits[0].distance_km < 135


def test_pages_past_the_end_are_empty(backend, market):
    index_all(backend, market.values())

    page = backend.search_vacancies(VacancyQuery(page=3, page_size=2))

    assert page.hits == []
    assert page.total == 4


def test_queries_of_any_characters_are_safe(backend, market):
    index_all(backend, market.values())

    for text in ['"', "\\", "jahit AND (", "*:*", "<script>", "🧵 jahit", "a" * 5000, "/[a-z]+/"]:
        page = backend.search_vacancies(VacancyQuery(text=text))
        assert page.total >= 0


@pytest.mark.elasticsearch
def test_both_backends_rank_the_same_on_clear_cases(market, search_backend):
    from search.backends.database import DatabaseBackend
    from search.backends.elasticsearch import ElasticsearchBackend

    database, elastic = DatabaseBackend(), ElasticsearchBackend()
    elastic.drop_all()
    index_all(database, market.values())
    index_all(elastic, market.values())

    for query in (
        VacancyQuery(text="penjahit"),
        VacancyQuery(text="batik tulis"),
        VacancyQuery(text="obras konveksi"),
        VacancyQuery(sort=VacancySort.NEWEST),
        VacancyQuery(sort=VacancySort.DISTANCE, near=KLOJEN),
    ):
        assert _titles(database, **query.__dict__)[:3] == _titles(elastic, **query.__dict__)[:3], (
            query
        )
