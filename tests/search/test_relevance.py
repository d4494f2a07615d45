"""Free-text search as people in Malang and Madiun type it (issue 15), on both backends.

Spelling variants and typos, stemming that keeps meanings apart, intents offered as filters and
never applied silently, and no dead end: the same contract for the database backend (SQLite or
PostgreSQL) and Elasticsearch.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Vacancy
from search.analysis import analyze_query, best_correction, edit_distance
from search.backend import get_search_backend
from search.queries import GeoPoint, SuggestedFilter, VacancyQuery
from search.understanding import understood_search
from sicaker.text import stem
from tests.factories import EmployerFactory, SkillFactory, VacancyFactory, VacancySkillFactory
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

KLOJEN = GeoPoint(lat=-7.9826, lon=112.6308)


def _vacancy(title, *, skills=(), age_days=0, **fields):
    vacancy = VacancyFactory(
        title=title,
        published_at=timezone.now() - datetime.timedelta(days=age_days),
        **fields,
    )
    for skill in skills:
        VacancySkillFactory(vacancy=vacancy, skill=skill)
    return vacancy


@pytest.fixture
def town(taxonomy):
    """Openings in Malang (Klojen and Sukun) and one in Madiun, as employers write them."""
    packaging = SkillFactory(
        slug="pengemasan-pangan",
        name_id="Pengemasan Produk Pangan",
        name_en="Food packaging",
        category="culinary",
        synonyms=["pengemasan", "kemasan", "mengemas makanan"],
    )
    sukun = EmployerFactory(name="Konveksi Sekar", district="Sukun")
    madiun = EmployerFactory(
        name="Galeri Batik Madiun",
        city="Kota Madiun",
        district="Taman",
        latitude=-7.6340,
        longitude=111.5300,
    )
    return {
        "penjahit": _vacancy(
            "Dicari penjahit rumahan",
            skills=[taxonomy["menjahit"]],
            work_type="home_based",
            description="Masker kain, bahan disediakan.",
            age_days=3,
        ),
        "penjahit_sukun": _vacancy(
            "Penjahit seragam sekolah",
            skills=[taxonomy["menjahit"]],
            employer=sukun,
            work_type="full_time",
            description="Seragam SD dan SMP.",
            pay_min=1_800_000,
            pay_max=2_500_000,
            pay_unit="month",
            age_days=4,
        ),
        "batik": _vacancy(
            "Pembatik tulis",
            skills=[taxonomy["membatik"]],
            employer=madiun,
            work_type="piece_rate",
            description="Motif pecel, per lembar kain.",
            age_days=2,
        ),
        "obras": _vacancy(
            "Operator mesin obras",
            skills=[taxonomy["obras"]],
            work_type="full_time",
            description="Konveksi kaos, dibayar borongan per kodi.",
            pay_min=60_000,
            pay_max=90_000,
            pay_unit="day",
            age_days=1,
        ),
        "emas": _vacancy(
            "Pelayan toko perhiasan emas",
            work_type="full_time",
            description="Menjaga etalase cincin dan kalung.",
            age_days=5,
        ),
        "kemasan": _vacancy(
            "Pengemasan keripik pedas",
            skills=[packaging],
            work_type="part_time",
            description="Memasukkan keripik ke plastik dan menempel label.",
            age_days=6,
        ),
    }


def _titles(page):
    titles = dict(
        Vacancy.objects.filter(pk__in=[hit.pk for hit in page.hits]).values_list("pk", "title")
    )
    return [titles[hit.pk] for hit in page.hits]


def _search(backend, **query):
    return understood_search(backend=backend, query=VacancyQuery(**query))


# -- spelling -------------------------------------------------------------------------------


def test_colloquial_spellings_find_the_standard_word(backend, town):
    index_all(backend, town.values())

    for typed in ("jait", "penjait", "tukang jait", "JAITAN"):
        page = _search(backend, text=typed)
        assert _titles(page)[:2] == ["Dicari penjahit rumahan", "Penjahit seragam sekolah"], typed
        # A variant is the standard word, not a typo: nothing to correct
        assert page.did_you_mean == ""


def test_a_typo_in_a_longer_word_is_corrected_and_said(backend, town):
    index_all(backend, town.values())

    page = _search(backend, text="penjahir")

    assert _titles(page) == ["Dicari penjahit rumahan", "Penjahit seragam sekolah"]
    assert page.corrections == {"penjahir": "penjahit"}
    assert page.did_you_mean == "penjahit"
    # A transposed pair of letters and a missing letter are one edit each
    assert _search(backend, text="pembatki").corrections == {"pembatki": "pembatik"}
    assert _titles(_search(backend, text="operatr obras"))[0] == "Operator mesin obras"


def test_short_words_and_words_some_vacancy_holds_are_never_corrected(backend, town):
    index_all(backend, town.values())

    # "obrs" is too short to guess at: it finds nothing as typed
    assert backend.search_vacancies(VacancyQuery(text="obrs")).total == 0
    assert backend.search_vacancies(VacancyQuery(text="obrs")).corrections == {}
    # "seragam" is held by a vacancy: it is searched as typed
    page = backend.search_vacancies(VacancyQuery(text="seragam"))
    assert page.corrections == {}
    assert page.total == 1


# -- stemming -------------------------------------------------------------------------------


def test_gold_and_packaging_stay_apart(backend, town):
    index_all(backend, town.values())

    assert _titles(_search(backend, text="emas")) == ["Pelayan toko perhiasan emas"]
    assert _titles(_search(backend, text="pengemasan")) == ["Pengemasan keripik pedas"]
    assert _titles(_search(backend, text="kemasan")) == ["Pengemasan keripik pedas"]


def test_an_exact_form_ranks_above_a_word_that_only_shares_its_stem(backend, taxonomy):
    # Given two like openings: the newer says "jahitan", the older "penjahit"
    older = _vacancy("Penjahit seragam", age_days=5)
    newer = _vacancy("Jahitan seragam", age_days=1)
    index_all(backend, [older, newer])

    # Then each word finds both, its own exact form first
    assert _titles(_search(backend, text="penjahit")) == ["Penjahit seragam", "Jahitan seragam"]
    assert _titles(_search(backend, text="jahitan")) == ["Jahitan seragam", "Penjahit seragam"]


# -- intents --------------------------------------------------------------------------------


def test_a_work_type_phrase_boosts_and_is_offered_never_applied(backend, town):
    index_all(backend, town.values())

    page = _search(backend, text="borongan")

    # The piece-rate opening comes first although its text never says "borongan"; the one
    # whose text says it is still found: a boost, not a filter
    assert _titles(page) == ["Pembatik tulis", "Operator mesin obras"]
    assert page.suggested_filters == [
        SuggestedFilter(
            field="work_type", value="piece_rate", label=page.suggested_filters[0].label
        )
    ]
    # Once she applies it, it is not offered again
    applied = _search(backend, text="borongan", work_types=("piece_rate",))
    assert _titles(applied) == ["Pembatik tulis"]
    assert applied.suggested_filters == []


def test_home_based_work_and_a_pay_unit_are_understood(backend, town):
    index_all(backend, town.values())

    home = _search(backend, text="kerja dari rumah")
    daily = _search(backend, text="gaji harian")

    assert _titles(home)[0] == "Dicari penjahit rumahan"
    assert [(s.field, s.value) for s in home.suggested_filters] == [("work_type", "home_based")]
    assert _titles(daily)[0] == "Operator mesin obras"
    assert home.intents.work_types == ("home_based",)
    assert daily.intents.pay_units == ("day",)


def test_a_district_named_ranks_its_openings_first_and_keeps_the_others(backend, town):
    index_all(backend, town.values())

    page = _search(backend, text="penjahit di Sukun")

    assert _titles(page) == ["Penjahit seragam sekolah", "Dicari penjahit rumahan"]
    assert [(s.field, s.value) for s in page.suggested_filters] == [("district", "Sukun")]


def test_an_amount_with_rb_ribu_or_jt_reads_as_pay(backend, town):
    index_all(backend, town.values())

    page = _search(backend, text="penjahit 2jt")

    # The opening paying at least that comes first, the other one is still shown
    assert _titles(page) == ["Penjahit seragam sekolah", "Dicari penjahit rumahan"]
    assert [(s.field, s.value) for s in page.suggested_filters] == [("pay_min", "2000000")]


@pytest.mark.parametrize(
    ("typed", "amount", "words"),
    [
        ("penjahit 2jt", 2_000_000, ["jahit"]),
        ("kasir 2,5 juta", 2_500_000, ["kasir"]),
        ("kurir 150rb sehari", 150_000, ["kurir"]),
        ("obras 80 ribu", 80_000, ["obras"]),
        ("sopir Rp 3.000.000", 3_000_000, ["sopir"]),
        ("batik 2024", None, ["batik", "2024"]),
    ],
)
def test_amounts_are_read_out_of_the_words(taxonomy, typed, amount, words):
    analyzed = analyze_query(typed)

    assert analyzed.intents.pay_at_least == amount
    assert analyzed.terms == words


# -- no dead ends ---------------------------------------------------------------------------


def test_nothing_near_widens_the_radius_and_says_how_far(backend, town):
    index_all(backend, town.values())

    # Only Madiun has batik work, about 128 km from Klojen
    page = _search(backend, text="batik", near=KLOJEN, radius_km=50)

    assert _titles(page) == ["Pembatik tulis"]
    assert len(page.relaxed) == 1
    assert "50 km" in page.relaxed[0] and "200 km" in page.relaxed[0]


def test_words_no_vacancy_holds_are_dropped_and_said(backend, town):
    index_all(backend, town.values())

    with_filter = _search(backend, text="xqzv wqrt", work_types=("piece_rate",))
    alone = _search(backend, text="xqzv wqrt")

    assert _titles(with_filter) == ["Pembatik tulis"]
    assert len(with_filter.relaxed) == 1 and "xqzv wqrt" in with_filter.relaxed[0]
    # Without any other choice, the newest openings are shown, and said so
    assert _titles(alone)[0] == "Operator mesin obras"
    assert alone.total == len(town)
    assert len(alone.relaxed) == 1


def test_a_search_that_finds_something_is_never_relaxed(backend, town):
    index_all(backend, town.values())

    page = _search(backend, text="batik", near=GeoPoint(lat=-7.6340, lon=111.5300), radius_km=5)

    assert _titles(page) == ["Pembatik tulis"]
    assert page.relaxed == []


# -- the API and the page -------------------------------------------------------------------


def test_the_api_says_what_it_corrected_understood_and_relaxed(api_client, town):
    index_all(get_search_backend(), town.values())

    body = api_client.get("/api/v1/vacancies/search/", {"q": "penjahir borongan"}).json()
    nothing = api_client.get("/api/v1/vacancies/search/", {"q": "xqzv"}).json()

    assert body["did_you_mean"] == "penjahit borongan"
    assert body["corrections"] == {"penjahir": "penjahit"}
    assert body["understood"]["work_types"] == ["piece_rate"]
    assert [(f["field"], f["value"]) for f in body["suggested_filters"]] == [
        ("work_type", "piece_rate")
    ]
    assert body["relaxed"] == []
    assert nothing["relaxed"] and nothing["count"] == len(town)


def test_the_page_offers_the_filter_as_a_link_and_the_correction(client, town):
    index_all(get_search_backend(), town.values())

    html = client.get("/lowongan/", {"q": "penjahir kerja dari rumah"}).content.decode()

    assert "Tampilkan hanya kerja dari rumah?" in html
    assert "work_type=home_based" in html
    assert "q=penjahit+kerja+dari+rumah" in html


# -- the data behind it ---------------------------------------------------------------------


def test_the_stem_exceptions_undo_known_over_stemming():
    assert stem("pengemasan") == "kemas"
    assert stem("mengemas") == "kemas"
    assert stem("emas") == "emas"
    assert stem("pelukis") == "lukis"
    assert stem("menemani") == "teman"
    assert stem("penjahit") == "jahit"  # Sastrawi's own stem where it is right


def test_the_collision_report_names_the_over_stemmed_words(capsys):
    call_command("stem_collisions")

    out = capsys.readouterr().out
    assert "pengemasan: Sastrawi emas, also reads gemas/kemas" in out
    assert "[exception -> kemas]" in out
    assert "suspicious stems" in out


def test_the_correction_rule():
    assert edit_distance("penjahir", "penjahit") == 1
    assert edit_distance("menjahti", "menjahit") == 1  # a transposition
    assert best_correction("penjahir", ["penjahit", "pengajar", "jahit"]) == "penjahit"
    assert best_correction("kebaya", ["kelapa", "sebaya"]) is None  # 2 edits, or another letter
    assert best_correction("hidroponk", ["hidroponik", "hidrogen"]) == "hidroponik"
