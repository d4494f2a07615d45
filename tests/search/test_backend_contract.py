"""One contract, two backends: the database backend and Elasticsearch answer alike."""

import datetime
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone

from jobs.models import Vacancy
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
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


def test_a_change_is_searched_once_indexed_and_not_before(backend, market):
    # Given an indexed vacancy whose title then changes in the database only

    index_all(backend, market.values())
    Vacancy.objects.filter(pk=market["obras"].pk).update(title="Operator mesin neci")

    # Then searches answer from the index, not from the rows (nothing is analysed per query)
    assert _titles(backend, text="operator") == ["Operator mesin neci"]
    assert backend.search_vacancies(VacancyQuery(text="seragam")).total == 1

    # And once indexed, the new words are found and the old ones forgotten
    Vacancy.objects.filter(pk=market["obras"].pk).update(
        description="Pabrik tas kulit.", search_version=F("search_version") + 1
    )
    index_all(backend, [market["obras"]])
    assert backend.search_vacancies(VacancyQuery(text="seragam")).total == 0
    assert _titles(backend, text="tas kulit") == ["Operator mesin neci"]


def test_a_vacancy_closed_and_indexed_is_no_longer_found(backend, market):
    index_all(backend, market.values())
    Vacancy.objects.filter(pk=market["batik"].pk).update(
        status="closed", search_version=F("search_version") + 1
    )
    index_all(backend, [market["batik"]])

    assert _titles(backend, text="batik") == []
    assert backend.search_vacancies(VacancyQuery()).total == 3


REALISTIC_TITLES = [
    ("Dicari penjahit borongan", "Jahit seragam sekolah di rumah, bahan disediakan.", "menjahit"),
    ("Tukang jahit konveksi", "Konveksi kaos dan seragam, lembur dibayar.", "menjahit"),
    ("Operator obras", "Mesin overlock, konveksi seragam.", "obras"),
    ("Penjahit masker kain", "Menjahit masker untuk toko oleh-oleh.", "menjahit"),
    ("Pembatik tulis motif pecel", "Membatik kain untuk galeri batik Madiun.", "membatik"),
    ("Pengrajin batik cap", "Batik cap dan tulis, borongan per lembar.", "membatik"),
    ("Produksi nugget ayam", "Makanan beku untuk UMKM katering.", "frozen-food"),
    ("Pengemas frozen food", "Mengemas makanan beku, kerja paruh waktu.", "frozen-food"),
    ("Kasir toko oleh-oleh", "Melayani pembeli dan mencatat penjualan.", None),
    ("Admin online shop hijab", "Membalas pesan pembeli, kerja dari rumah.", None),
]
REALISTIC_PLACES = [
    ("Kota Malang", "Klojen", -7.9826, 112.6308),
    ("Kota Malang", "Lowokwaru", -7.9467, 112.6155),
    ("Kota Madiun", "Taman", -7.6340, 111.5300),
    ("Kota Balikpapan", "Balikpapan Kota", None, None),
]
REALISTIC_SEARCHES: list[dict[str, Any]] = [
    {"text": "penjahit"},
    {"text": "jahit borongan"},
    {"text": "menjahit seragam"},
    {"text": "overlock"},
    {"text": "obras konveksi"},
    {"text": "batik"},
    {"text": "batik tulis"},
    {"text": "pembatik madiun"},
    {"text": "makanan beku"},
    {"text": "frozen food"},
    {"text": "nugget"},
    {"text": "kasir"},
    {"text": "kerja dari rumah"},
    {"text": "oleh-oleh"},
    {"text": "masker kain"},
    {"text": "seragam", "work_types": ("home_based", "piece_rate")},
    {"text": "penjahit", "city": "Kota Malang"},
    {"text": "penjahit", "district": "Lowokwaru"},
    {"text": "batik", "pay_min": 1_500_000},
    {"skill_slugs": ("menjahit",)},
    {"skill_slugs": ("obras", "membatik")},
    {"text": "konveksi", "skill_slugs": ("obras",)},
    {"work_types": ("part_time",)},
    {"near": KLOJEN, "radius_km": 5},
    {"text": "penjahit", "near": KLOJEN, "radius_km": 10, "sort": VacancySort.DISTANCE},
    {"near": GeoPoint(lat=-7.6340, lon=111.5300), "radius_km": 20},
    {"text": "jahit", "sort": VacancySort.NEWEST},
    {"sort": VacancySort.NEWEST},
    {"text": "di yang dan"},
    {"text": "zzzz tidak ada"},
]


@pytest.fixture
def realistic_market(taxonomy):
    """Forty openings over four places, ten kinds of work, varied pay and ages."""
    employers = [
        EmployerFactory(city=city, district=district, latitude=lat, longitude=lon)
        for city, district, lat, lon in REALISTIC_PLACES
    ]
    work_types = ["home_based", "piece_rate", "full_time", "part_time", "freelance"]
    now = timezone.now()
    vacancies = []
    for number in range(40):
        title, description, skill = REALISTIC_TITLES[number % len(REALISTIC_TITLES)]
        pay = None if number % 7 == 0 else 1_000_000 + (number % 5) * 500_000
        vacancies.append(
            _vacancy(
                f"{title} {number}",
                description=description,
                skills=[taxonomy[skill]] if skill else [],
                employer=employers[number % len(employers)],
                work_type=work_types[number % len(work_types)],
                positions=1 + number % 4,
                pay_min=pay and pay - 500_000,
                pay_max=pay,
                pay_unit="month" if pay else "",
                published_at=now - datetime.timedelta(hours=number),
            )
        )
    return vacancies


def _everything(backend, search: dict) -> dict:
    page = backend.search_vacancies(VacancyQuery(**search, page_size=100))
    return {
        "total": page.total,
        "pks": sorted(hit.pk for hit in page.hits),
        "facets": page.facets,
        "open_positions": page.open_positions,
    }


@pytest.mark.elasticsearch
def test_both_backends_find_and_count_alike_on_realistic_searches(realistic_market, search_backend):
    # Given the same forty openings indexed by both backends

    database, elastic = DatabaseBackend(), ElasticsearchBackend()
    elastic.drop_all()
    index_all(database, realistic_market)
    index_all(elastic, realistic_market)

    # Then every search finds the same vacancies, with the same counts, facets and positions
    for search in REALISTIC_SEARCHES:
        assert _everything(database, search) == _everything(elastic, search), search
    assert _everything(database, {"text": "penjahit"})["total"] == 12


def test_title_suggestions_complete_the_words_typed(backend, market):
    # Given the openings indexed (a draft and a closed "Penjahit ..." among them)
    index_all(backend, market.values())

    # Then the titles holding the words typed, the last one a prefix, come back
    assert backend.title_suggestions("pembat", size=5) == ["Pembatik tulis"]
    assert backend.title_suggestions("mesin ob", size=5) == ["Operator mesin obras"]
    assert backend.title_suggestions("Frozen F", size=5) == ["Produksi nugget dan frozen food"]
    assert backend.title_suggestions("penjahit", size=5) == ["Dicari penjahit rumahan"]
    # And nothing for what no open title holds
    assert backend.title_suggestions("kebaya", size=5) == []
    assert backend.title_suggestions("zqxw", size=5) == []


def test_title_suggestions_stop_at_the_size_asked(backend, market):
    index_all(
        backend, [*market.values(), *(VacancyFactory(title=f"Pembatik {n}") for n in range(4))]
    )

    suggestions = backend.title_suggestions("pembatik", size=3)

    assert len(suggestions) == 3
    assert set(suggestions) <= {"Pembatik tulis", *(f"Pembatik {n}" for n in range(4))}


@pytest.mark.postgres
def test_database_backend_on_postgresql_forgives_a_typo_in_the_title(market):
    # Given the openings in the database backend on PostgreSQL (pg_trgm's trigram index)
    database = DatabaseBackend()
    index_all(database, market.values())

    # When a title word is mistyped and no title holds what was typed
    # Then the titles most like it come back (draft and closed ones still left out)
    assert database.title_suggestions("penjait", size=5) == ["Dicari penjahit rumahan"]
    assert database.title_suggestions("operatr mesin", size=5) == ["Operator mesin obras"]
    # And a typed word like no title stays without suggestions
    assert database.title_suggestions("zqxw", size=5) == []
