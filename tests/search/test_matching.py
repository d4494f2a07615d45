"""Two-sided matching: the score rewards what a labor office would, and explains itself."""

import datetime

import pytest
from django.utils import translation

from search.matching import score_pair, seeker_facts, vacancy_facts
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    SeekerProfileFactory,
    SeekerSkillFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db


def _seeker(skills, **fields):
    seeker = SeekerProfileFactory(**fields)
    for skill, source in skills:
        SeekerSkillFactory(seeker=seeker, skill=skill, source=source)
    return seeker


def _opening(required=(), preferred=(), **fields):
    vacancy = VacancyFactory(**fields)
    for skill in required:
        VacancySkillFactory(vacancy=vacancy, skill=skill, is_required=True)
    for skill in preferred:
        VacancySkillFactory(vacancy=vacancy, skill=skill, is_required=False)
    return vacancy


@pytest.fixture
def sewing_job(taxonomy):
    return _opening(
        required=[taxonomy["menjahit"]],
        preferred=[taxonomy["obras"]],
        title="Penjahit masker",
        work_type="part_time",
        work_days=["mon", "tue", "wed"],
        hours_start=datetime.time(8, 0),
        hours_end=datetime.time(11, 0),
    )


def test_a_verified_skill_outranks_a_self_declared_one(taxonomy, sewing_job):
    trained = _seeker([(taxonomy["menjahit"], "training")])
    declared = _seeker([(taxonomy["menjahit"], "self")])

    trained_match = score_pair(seeker_facts(trained), vacancy_facts(sewing_job))
    declared_match = score_pair(seeker_facts(declared), vacancy_facts(sewing_job))

    assert trained_match.parts["required"] == 50.0
    assert declared_match.parts["required"] == 30.0
    assert trained_match.score > declared_match.score


def test_the_match_lists_matched_and_missing_skills_with_reasons(taxonomy, sewing_job):
    seeker = _seeker([(taxonomy["menjahit"], "training")])

    with translation.override("en"):
        match = score_pair(seeker_facts(seeker), vacancy_facts(sewing_job))

    assert match.matched_skills == [
        {
            "slug": "menjahit",
            "name": "Sewing",
            "required": True,
            "verified": True,
            "source": "training",
        }
    ]
    assert match.missing_skills == [{"slug": "obras", "name": "Overlock sewing", "required": False}]
    # The seeker lives in Sukun, about 2.7 km from the Klojen workshop.
    assert 2.0 < match.distance_km < 3.5
    assert match.reasons[:2] == ["Has 1 of 1 required skill", "Verified by a training: Sewing"]
    assert "within the 10 km travel limit" in match.reasons[2]
    assert "The kind of work wanted" in match.reasons
    assert "Working hours fit the availability" in match.reasons


def test_distance_beyond_her_limit_scores_nothing_but_home_based_work_travels_anywhere(taxonomy):
    seeker = _seeker([(taxonomy["menjahit"], "training")], max_distance_km=1)
    workshop = _opening(required=[taxonomy["menjahit"]], work_type="part_time")
    at_home = _opening(required=[taxonomy["menjahit"]], work_type="home_based")

    assert score_pair(seeker_facts(seeker), vacancy_facts(workshop)).parts["distance"] == 0.0
    assert score_pair(seeker_facts(seeker), vacancy_facts(at_home)).parts["distance"] == 15.0


def test_hours_outside_her_availability_lose_the_hours_points(taxonomy):
    seeker = _seeker([(taxonomy["menjahit"], "self")])  # weekdays 08:00-12:00
    evening = _opening(
        required=[taxonomy["menjahit"]],
        work_days=["mon"],
        hours_start=datetime.time(18, 0),
        hours_end=datetime.time(21, 0),
    )
    morning_half = _opening(
        required=[taxonomy["menjahit"]],
        work_days=["mon"],
        hours_start=datetime.time(10, 0),
        hours_end=datetime.time(14, 0),
    )

    assert score_pair(seeker_facts(seeker), vacancy_facts(evening)).parts["hours"] == 0.0
    assert score_pair(seeker_facts(seeker), vacancy_facts(morning_half)).parts["hours"] == 5.0


def test_reasons_are_in_indonesian_by_default(taxonomy, sewing_job):
    seeker = _seeker([(taxonomy["menjahit"], "training")])

    with translation.override("id"):
        match = score_pair(seeker_facts(seeker), vacancy_facts(sewing_job))

    assert match.reasons[0] == "Memiliki 1 dari 1 keahlian wajib"


@pytest.fixture
def matching_market(taxonomy):
    seeker = _seeker(
        [(taxonomy["menjahit"], "training"), (taxonomy["obras"], "self")],
        wanted_work_types=["part_time", "home_based"],
    )
    near = _opening(
        required=[taxonomy["menjahit"]], title="Penjahit dekat rumah", work_type="part_time"
    )
    far_employer = EmployerFactory(
        city="Kota Madiun", district="Taman", latitude=-7.634, longitude=111.53
    )
    far = _opening(
        required=[taxonomy["menjahit"]],
        title="Penjahit di Madiun",
        employer=far_employer,
        work_type="full_time",
    )
    batik = _opening(
        required=[taxonomy["membatik"]],
        title="Pembatik",
        work_type="full_time",
        employer=far_employer,
    )
    closed = _opening(required=[taxonomy["menjahit"]], title="Penjahit (tutup)", status="closed")
    return {"seeker": seeker, "near": near, "far": far, "batik": batik, "closed": closed}


def _index_market(backend, market):
    from jobs.models import Vacancy
    from seekers.models import SeekerProfile

    index_all(backend, Vacancy.objects.all())
    backend.index(
        model_label="seekers.seekerprofile",
        pks=list(SeekerProfile.objects.values_list("pk", flat=True)),
    )
    if backend.name == "elasticsearch":
        backend.refresh()


def test_vacancies_for_a_seeker_are_ranked_the_same_by_both_backends(
    backend, matching_market, settings
):
    from search.backend import get_search_backend
    from search.selectors import vacancy_matches_for_seeker

    _index_market(backend, matching_market)
    settings.SEARCH_BACKEND = backend.name
    get_search_backend.cache_clear()
    try:
        matches = vacancy_matches_for_seeker(seeker=matching_market["seeker"])
    finally:
        get_search_backend.cache_clear()

    assert [item.vacancy.title for item in matches] == [
        "Penjahit dekat rumah",
        "Penjahit di Madiun",
    ]
    assert matches[0].match.score > matches[1].match.score


def test_candidates_mark_who_applied_and_hide_names_of_those_who_did_not(
    api_client, search_backend, matching_market, taxonomy
):
    vacancy = matching_market["near"]
    applicant = _seeker([(taxonomy["menjahit"], "self")], full_name="Siti Aminah")
    ApplicationFactory(vacancy=vacancy, seeker=applicant)
    from search.backends.elasticsearch import ElasticsearchBackend

    _index_market(ElasticsearchBackend(), matching_market)
    api_client.force_authenticate(vacancy.employer.owner)

    response = api_client.get(f"/api/v1/vacancies/{vacancy.pk}/matches/")

    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["candidate"]["id"] for item in results] == [
        matching_market["seeker"].pk,
        applicant.pk,
    ]
    assert results[0]["has_applied"] is False and results[0]["candidate"]["full_name"] is None
    assert results[1]["application_status"] == "submitted"
    assert results[1]["candidate"]["full_name"] == "Siti Aminah"
    assert results[0]["matched_skills"][0]["verified"] is True


def test_only_the_vacancys_employer_and_staff_see_its_candidates(
    api_client, search_backend, matching_market
):
    from tests.factories import EmployerUserFactory, OfficerFactory

    vacancy = matching_market["near"]
    url = f"/api/v1/vacancies/{vacancy.pk}/matches/"

    assert api_client.get(url).status_code == 401
    for outsider in (EmployerUserFactory(), matching_market["seeker"].user):
        api_client.force_authenticate(outsider)
        assert api_client.get(url).status_code == 404
    api_client.force_authenticate(OfficerFactory())
    assert api_client.get(url).status_code == 200


def test_a_seeker_sees_her_matches_with_what_she_applied_to_marked(
    api_client, search_backend, matching_market
):
    from search.backends.elasticsearch import ElasticsearchBackend

    seeker = matching_market["seeker"]
    ApplicationFactory(vacancy=matching_market["far"], seeker=seeker, status="withdrawn")
    _index_market(ElasticsearchBackend(), matching_market)
    api_client.force_authenticate(seeker.user)

    response = api_client.get("/api/v1/seekers/me/matches/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first, second = body["results"]
    assert first["vacancy"]["title"] == "Penjahit dekat rumah" and first["has_applied"] is False
    assert second["application_status"] == "withdrawn"
    assert first["reasons"][0] == "Has 1 of 1 required skill"


def test_match_queries_do_not_grow_with_page_size(
    api_client, search_backend, taxonomy, django_assert_max_num_queries
):
    from search.backends.elasticsearch import ElasticsearchBackend

    seeker = _seeker([(taxonomy["menjahit"], "training")])
    vacancies = [
        _opening(required=[taxonomy["menjahit"]], title=f"Penjahit {n}") for n in range(12)
    ]
    elastic = ElasticsearchBackend()
    index_all(elastic, vacancies)
    api_client.force_authenticate(seeker.user)

    with django_assert_max_num_queries(12) as small:
        api_client.get("/api/v1/seekers/me/matches/", {"page_size": 2})
    with django_assert_max_num_queries(12) as large:
        api_client.get("/api/v1/seekers/me/matches/", {"page_size": 12})

    assert len(small.captured_queries) == len(large.captured_queries)
