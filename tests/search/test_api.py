"""vacancies/search/ and vacancies/suggest/ as a job seeker's phone would call them."""

import json

import pytest
from django.test import override_settings
from django.utils import translation
from rest_framework.utils.encoders import JSONEncoder

from jobs.models import Vacancy
from search.api.serializers import VacancyHitSerializer, VacancySearchInputSerializer
from search.backend import get_search_backend
from search.backends.elasticsearch import ElasticsearchBackend
from search.selectors import vacancy_search
from tests.factories import EmployerFactory, VacancyFactory, VacancySkillFactory
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db


def configured_backend():
    return get_search_backend()


@pytest.fixture
def elastic(search_backend):
    backend = ElasticsearchBackend()
    backend.drop_all()
    yield backend
    backend.drop_all()


@pytest.fixture
def openings(elastic, taxonomy):
    penjahit = VacancyFactory(title="Dicari penjahit rumahan", work_type="home_based", positions=5)
    VacancySkillFactory(vacancy=penjahit, skill=taxonomy["menjahit"])
    batik = VacancyFactory(
        title="Pembatik tulis",
        work_type="piece_rate",
        positions=2,
        description="Membatik kain motif pecel.",
    )
    VacancySkillFactory(vacancy=batik, skill=taxonomy["membatik"])
    index_all(elastic, [penjahit, batik])
    if configured_backend().name != elastic.name:  # the SQLite pass searches the database index
        index_all(configured_backend(), [penjahit, batik])
    return {"penjahit": penjahit, "batik": batik}


def test_search_returns_ranked_results_with_facets(api_client, openings):
    response = api_client.get("/api/v1/vacancies/search/", {"q": "menjahit"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["open_positions"] == 5
    assert body["facets"]["work_type"] == {"home_based": 1}
    [result] = body["results"]
    assert result["id"] == openings["penjahit"].pk
    assert result["title"] == "Dicari penjahit rumahan"
    assert result["skills"] == [{"slug": "menjahit", "name": "Menjahit", "is_required": True}]
    assert result["score"] > 0


def test_search_reports_distance_when_a_point_is_given(api_client, openings):
    response = api_client.get(
        "/api/v1/vacancies/search/",
        {"near": "-8.0013,112.6161", "radius_km": 10, "sort": "distance"},
    )

    assert response.status_code == 200
    distances = [result["distance_km"] for result in response.json()["results"]]
    assert len(distances) == 2 and all(2.0 < distance < 3.5 for distance in distances)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "here"}, "near"),
        ({"near": "95,112"}, "near"),
        ({"near": "-7.9,112.6", "radius_km": 0}, "radius_km"),
        ({"near": "-7.9,112.6", "radius_km": 5000}, "radius_km"),
        ({"radius_km": 5}, "near"),
        ({"sort": "distance"}, "near"),
        ({"skills": "menjahit,terbang"}, "skills"),
        ({"work_type": "night_shift"}, "work_type"),
        ({"page": 0}, "page"),
        ({"page": 200, "page_size": 100}, "page"),
        ({"sort": "cheapest"}, "sort"),
    ],
)
def test_bad_search_input_is_a_clear_400(api_client, openings, params, field):
    response = api_client.get("/api/v1/vacancies/search/", params)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [field]


def test_a_page_past_the_end_is_empty(api_client, openings):
    response = api_client.get("/api/v1/vacancies/search/", {"page": 7})

    assert response.status_code == 200
    assert response.json()["results"] == []
    assert response.json()["count"] == 2


def test_any_query_text_is_safe(api_client, openings):
    for text in ['jahit"', "((", "x" * 1000, "💼 batik", "\u0000"]:
        response = api_client.get("/api/v1/vacancies/search/", {"q": text})
        assert response.status_code in (200, 400), text


@pytest.mark.elasticsearch
def test_search_answers_503_when_elasticsearch_is_down(api_client, openings):
    with override_settings(ELASTICSEARCH_URLS=["http://127.0.0.1:9"]):
        get_search_backend.cache_clear()
        try:
            response = api_client.get("/api/v1/vacancies/search/", {"q": "jahit"})
        finally:
            get_search_backend.cache_clear()

    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"


def test_suggest_offers_skills_with_open_vacancies_then_titles(api_client, openings):
    response = api_client.get("/api/v1/vacancies/suggest/", {"q": "jah"})

    assert response.status_code == 200
    assert response.json()[0] == {
        "kind": "skill",
        "text": "Menjahit",
        "slug": "menjahit",
        "count": 1,
    }

    titles = api_client.get("/api/v1/vacancies/suggest/", {"q": "pembat"}).json()
    assert {"kind": "title", "text": "Pembatik tulis", "slug": None, "count": None} in titles


def test_results_are_in_english_when_asked(api_client, openings):
    response = api_client.get(
        "/api/v1/vacancies/search/", {"q": "jahit"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.json()["results"][0]["skills"][0]["name"] == "Sewing"


@pytest.mark.parametrize("language", ["id", "en"])
def test_search_results_are_what_the_documented_serializer_gives(
    api_client, elastic, taxonomy, language
):
    # Given vacancies of every shape a hit has: two skills (one preferred), no pay and no point,
    # a filled position, an unverified employer, accents
    sewing = VacancyFactory(title="Penjahit kebaya", positions=4, positions_filled=1)
    VacancySkillFactory(vacancy=sewing, skill=taxonomy["menjahit"])
    VacancySkillFactory(vacancy=sewing, skill=taxonomy["obras"], is_required=False)
    VacancyFactory(
        title="Penjahit makramé",
        employer=EmployerFactory(is_verified=False, name="Usaha Bu Sri"),
        latitude=None,
        longitude=None,
        pay_min=None,
        pay_max=None,
        pay_unit="",
    )
    for backend in {elastic, configured_backend()}:
        index_all(backend, list(Vacancy.objects.all()))
    params = {"q": "penjahit", "near": "-7.98,112.63"}

    # When the API answers the search
    response = api_client.get(
        "/api/v1/vacancies/search/", {**params, "sort": "newest"}, HTTP_ACCEPT_LANGUAGE=language
    )

    # Then its results are exactly what VacancyHitSerializer (the schema) makes of the same hits
    assert response.status_code == 200
    with translation.override(language):
        query = VacancySearchInputSerializer(data={**params, "sort": "newest"})
        query.is_valid(raise_exception=True)
        _page, results = vacancy_search(query=query.to_query())
        expected = VacancyHitSerializer(results, many=True).data
    body = response.json()["results"]
    assert len(body) == 2
    assert body == json.loads(json.dumps(expected, cls=JSONEncoder))


def test_a_search_reads_the_same_queries_whatever_the_page_size(
    api_client, openings, django_assert_num_queries
):
    # Given a search answered once (the skill vocabulary is built)
    api_client.get("/api/v1/vacancies/search/", {"q": "penjahit"})

    # Then a page of hits costs its rows, their skills and the taxonomy's freshness check, made
    # here at each use (SEARCH_TAXONOMY_RECHECK_SECONDS is 0 in tests, 2 s in production): by
    # the query's analysis and by the skills' names: 4 queries
    for page_size in (1, 20):
        with django_assert_num_queries(4):
            response = api_client.get(
                "/api/v1/vacancies/search/", {"q": "pembatik penjahit", "page_size": page_size}
            )
        assert response.status_code == 200
