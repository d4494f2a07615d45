"""Two-sided matching: the score rewards what a labor office would, and explains itself."""

import datetime
import re

import pytest
from django.utils import translation

from jobs.models import Vacancy
from search.backend import get_search_backend
from search.backends.elasticsearch import ElasticsearchBackend
from search.matching import DISTANCE_BANDS, distance_band, score_pair, seeker_facts, vacancy_facts
from search.selectors import vacancy_matches_for_seeker
from seekers.models import SeekerProfile
from tests.api_fixtures import snapshot
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    EmployerUserFactory,
    OfficerFactory,
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
    assert match.distance_km is not None
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


@pytest.mark.elasticsearch
def test_candidates_mark_who_applied_and_hide_names_of_those_who_did_not(
    api_client, search_backend, matching_market, taxonomy
):
    vacancy = matching_market["near"]
    applicant = _seeker([(taxonomy["menjahit"], "self")], full_name="Siti Aminah")
    ApplicationFactory(vacancy=vacancy, seeker=applicant)

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
    vacancy = matching_market["near"]
    url = f"/api/v1/vacancies/{vacancy.pk}/matches/"

    assert api_client.get(url).status_code == 401
    for outsider in (EmployerUserFactory(), matching_market["seeker"].user):
        api_client.force_authenticate(outsider)
        assert api_client.get(url).status_code == 404
    api_client.force_authenticate(OfficerFactory())
    assert api_client.get(url).status_code == 200


@pytest.mark.elasticsearch
def test_a_seeker_sees_her_matches_with_what_she_applied_to_marked(
    api_client, search_backend, matching_market
):
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


@pytest.mark.elasticsearch
def test_match_queries_do_not_grow_with_page_size(
    api_client, search_backend, taxonomy, django_assert_max_num_queries
):
    seeker = _seeker([(taxonomy["menjahit"], "training")])
    vacancies = [
        _opening(required=[taxonomy["menjahit"]], title=f"Penjahit {n}") for n in range(12)
    ]
    elastic = ElasticsearchBackend()
    index_all(elastic, vacancies)
    api_client.force_authenticate(seeker.user)
    # The first request reads the taxonomy into the process (search.taxonomy); then it is kept.
    api_client.get("/api/v1/seekers/me/matches/", {"page_size": 1})

    with django_assert_max_num_queries(12) as small:
        api_client.get("/api/v1/seekers/me/matches/", {"page_size": 2})
    with django_assert_max_num_queries(12) as large:
        api_client.get("/api/v1/seekers/me/matches/", {"page_size": 12})

    assert len(small.captured_queries) == len(large.captured_queries)


# -- privacy: an employer cannot locate a seeker's home -----------------------------------------


def test_a_candidates_distance_is_only_a_band_and_the_score_comes_from_the_band(taxonomy):
    # Given a seeker and two workshops 2.7 and 3.5 km from her home (both in the 2-5 km band)
    seeker = _seeker([(taxonomy["menjahit"], "training")])  # Sukun, -8.0013, 112.6161
    klojen = _opening(required=[taxonomy["menjahit"]], work_type="part_time")
    south = _opening(
        required=[taxonomy["menjahit"]],
        work_type="part_time",
        latitude=-8.0328,
        longitude=112.6161,
    )

    # When the employer's side scores them (no exact distance revealed)
    with translation.override("en"):
        to_klojen = score_pair(seeker_facts(seeker), vacancy_facts(klojen), reveal_distance=False)
        to_south = score_pair(seeker_facts(seeker), vacancy_facts(south), reveal_distance=False)
        # and the seeker's own side scores the same pair
        own = score_pair(seeker_facts(seeker), vacancy_facts(klojen))

    # Then only the band is said, the distance part is the band's, and both totals are equal
    for match in (to_klojen, to_south):
        assert match.distance_km is None
        assert match.distance_band is not None
        assert match.distance_band.code == "2_5"
        assert "2–5 km from home" in match.reasons
        assert not any("travel limit" in reason for reason in match.reasons)
        # middle of the band 3.5 km, limit 10 km: 15 * (1 - 0.35)
        assert match.parts["distance"] == 9.75
    assert to_klojen.score == to_south.score
    with translation.override("id"):
        in_indonesian = score_pair(
            seeker_facts(seeker), vacancy_facts(klojen), reveal_distance=False
        )
    assert "2–5 km dari rumah" in in_indonesian.reasons
    # The seeker herself still sees her exact distance; the score is the same either way
    assert own.distance_km is not None
    assert 2.0 < own.distance_km < 3.5
    assert own.score == to_klojen.score


@pytest.mark.parametrize(
    ("distance_km", "code"),
    [
        (0.0, "under_2"),
        (1.99, "under_2"),
        (2.0, "2_5"),
        (4.99, "2_5"),
        (5.0, "5_10"),
        (9.99, "5_10"),
        (10.0, "over_10"),
        (150.0, "over_10"),
        (None, None),
    ],
)
def test_distance_bands(distance_km, code):
    band = distance_band(distance_km)

    assert (band.code if band else None) == code


def test_band_labels_are_indonesian_by_default():
    with translation.override("id"):
        labels = [str(band.label) for band in DISTANCE_BANDS]

    assert labels == ["< 2 km", "2–5 km", "5–10 km", "> 10 km"]


@pytest.fixture
def probing_employer(taxonomy):
    """A verified employer with published sewing vacancies east, west and south of two seekers.

    Seeker "home" lives in Sukun; "neighbour" 1.2 km north of her, otherwise the same. Their
    distances: east 3.0 / 3.23 km, west 3.0 / 3.23 km, south 3.5 / 4.7 km: all 2-5 km.
    """
    employer = EmployerFactory(name="Konveksi Penasaran", is_verified=True)
    points = {
        "east": (-8.0013, 112.6433),
        "west": (-8.0013, 112.5889),
        "south": (-8.0328, 112.6161),
    }
    vacancies = {
        name: _opening(
            required=[taxonomy["menjahit"]],
            title=f"Penjahit {name}",
            employer=employer,
            work_type="part_time",
            latitude=lat,
            longitude=lon,
        )
        for name, (lat, lon) in points.items()
    }
    home = _seeker([(taxonomy["menjahit"], "training")], latitude=-8.0013, longitude=112.6161)
    neighbour = _seeker([(taxonomy["menjahit"], "training")], latitude=-7.9905, longitude=112.6161)
    return {"employer": employer, "vacancies": vacancies, "home": home, "neighbour": neighbour}


def _candidates_on(backend, settings, api_client, vacancy):
    settings.SEARCH_BACKEND = backend.name
    get_search_backend.cache_clear()
    try:
        response = api_client.get(
            f"/api/v1/vacancies/{vacancy.pk}/matches/", HTTP_ACCEPT_LANGUAGE="en"
        )
    finally:
        get_search_backend.cache_clear()
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_trilateration_from_several_published_vacancies_gets_no_closer_than_the_band(
    backend, settings, api_client, probing_employer
):
    # Given the employer's three vacancies at different points and two seekers 1.2 km apart,
    # indexed on this backend

    _index_market(backend, {})
    assert Vacancy.objects.count() == 3 and SeekerProfile.objects.count() == 2
    api_client.force_authenticate(probing_employer["employer"].owner)
    home, neighbour = probing_employer["home"].pk, probing_employer["neighbour"].pk

    # When it asks each vacancy for its candidates
    answers = {
        name: {
            item["candidate"]["id"]: item
            for item in _candidates_on(backend, settings, api_client, vacancy)
        }
        for name, vacancy in probing_employer["vacancies"].items()
    }

    # Then no answer carries an exact figure: no distance_km, only the band, in words
    for by_seeker in answers.values():
        assert set(by_seeker) == {home, neighbour}
        for item in by_seeker.values():
            assert "distance_km" not in item
            assert item["distance_band"] == {"code": "2_5", "label": "2–5 km"}
            assert "2–5 km from home" in item["reasons"]
            assert [reason for reason in item["reasons"] if "km" in reason] == ["2–5 km from home"]
            assert not any(re.search(r"\d[.,]\d", reason) for reason in item["reasons"])
    # and the scores, parts included, are equal across vacancies 3.0 to 4.7 km away and across
    # the two seekers: nothing tells 1.2 km apart, so the home is known only to the band
    seen = {
        (item["score"], tuple(sorted(item["score_breakdown"].items())))
        for by_seeker in answers.values()
        for item in by_seeker.values()
    }
    assert len(seen) == 1
    ((_score, breakdown),) = seen
    assert dict(breakdown)["distance"] == 9.75


def test_the_band_still_ranks_a_near_candidate_above_a_far_one(
    backend, settings, api_client, probing_employer, taxonomy
):
    # Given a third seeker 20 km away (the same skills and hours)
    far = _seeker([(taxonomy["menjahit"], "training")], latitude=-7.8213, longitude=112.6161)
    _index_market(backend, {})
    api_client.force_authenticate(probing_employer["employer"].owner)

    # When the employer looks at the candidates of its southern vacancy
    results = _candidates_on(backend, settings, api_client, probing_employer["vacancies"]["south"])

    # Then the far seeker is last, in the "> 10 km" band, with no distance points (limit 10 km)
    assert results[-1]["candidate"]["id"] == far.pk
    assert results[-1]["distance_band"]["code"] == "over_10"
    assert results[-1]["score_breakdown"]["distance"] == 0.0
    assert results[0]["score"] > results[-1]["score"]


@pytest.mark.elasticsearch
def test_after_she_applies_the_employer_sees_her_district_but_still_only_the_band(
    search_backend, settings, api_client, probing_employer
):
    vacancy = probing_employer["vacancies"]["east"]
    ApplicationFactory(vacancy=vacancy, seeker=probing_employer["home"])
    backend = ElasticsearchBackend()
    _index_market(backend, {})
    api_client.force_authenticate(probing_employer["employer"].owner)

    results = _candidates_on(backend, settings, api_client, vacancy)

    applied = next(item for item in results if item["has_applied"])
    assert applied["candidate"]["district"] == "Sukun"
    assert "distance_km" not in applied
    assert applied["distance_band"]["code"] == "2_5"


def test_the_seeker_still_sees_her_exact_distance_to_each_vacancy(
    backend, settings, api_client, probing_employer
):
    _index_market(backend, {})
    api_client.force_authenticate(probing_employer["home"].user)
    settings.SEARCH_BACKEND = backend.name
    get_search_backend.cache_clear()
    try:
        response = api_client.get("/api/v1/seekers/me/matches/", HTTP_ACCEPT_LANGUAGE="en")
    finally:
        get_search_backend.cache_clear()

    assert response.status_code == 200
    by_title = {item["vacancy"]["title"]: item for item in response.json()["results"]}
    assert by_title["Penjahit south"]["distance_km"] == 3.5
    assert by_title["Penjahit south"]["distance_band"]["code"] == "2_5"
    assert (
        "3.5 km from home, within the 10 km travel limit" in by_title["Penjahit south"]["reasons"]
    )


@pytest.mark.parametrize("case", ["draft", "closed_draft", "unverified"])
@pytest.mark.parametrize("who", ["employer", "officer"])
def test_no_candidates_for_a_draft_or_an_unverified_employer(
    api_client, search_backend, taxonomy, case, who
):
    # Given a draft, a draft closed without ever being published, or a published vacancy of an
    # employer whose verification was withdrawn, with a seeker who fits it
    _seeker([(taxonomy["menjahit"], "training")])
    employer = EmployerFactory(is_verified=case != "unverified")
    fields = {
        "draft": {"status": "draft", "published_at": None},
        "closed_draft": {"status": "closed", "published_at": None},
        "unverified": {},
    }[case]
    vacancy = _opening(required=[taxonomy["menjahit"]], employer=employer, **fields)
    api_client.force_authenticate(employer.owner if who == "employer" else OfficerFactory())
    before = snapshot()

    # When its employer (or an officer) asks for its candidates
    response = api_client.get(f"/api/v1/vacancies/{vacancy.pk}/matches/", HTTP_ACCEPT_LANGUAGE="en")

    # Then it is a conflict with the vacancy's state, saying what to do, and nothing changed
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["detail"] == (
        "Candidates are shown once the labor office has verified your organisation; "
        "ask your Disnaker to verify it."
        if case == "unverified"
        else "A draft has no candidates yet; publish the vacancy to see who fits it."
    )
    assert snapshot() == before


def test_the_schema_shows_no_exact_distance_for_candidates(api_client):
    response = api_client.get("/api/schema/", {"format": "json"})

    schemas = response.json()["components"]["schemas"]
    assert "distance_km" not in schemas["CandidateMatch"]["properties"]
    assert "distance_band" in schemas["CandidateMatch"]["properties"]
    assert "distance_km" in schemas["VacancyMatch"]["properties"]


def test_the_exact_distance_in_a_reason_is_written_in_the_active_language(taxonomy):
    # Given a seeker 2.7 km from a workshop (the pair of the test above)
    seeker = _seeker([(taxonomy["menjahit"], "training")])
    klojen = _opening(required=[taxonomy["menjahit"]], work_type="part_time")

    # When her own side is scored in Indonesian and in English
    with translation.override("id"):
        in_indonesian = score_pair(seeker_facts(seeker), vacancy_facts(klojen))
    with translation.override("en"):
        in_english = score_pair(seeker_facts(seeker), vacancy_facts(klojen))

    # Then the decimal mark is the language's, as on the vacancy cards ("2,7 km")
    assert in_english.distance_km is not None
    distance = round(in_english.distance_km, 1)
    assert (
        f"{distance:.1f}".replace(".", ",") + " km dari rumah, masih dalam batas jarak tempuh 10 km"
        in in_indonesian.reasons
    )
    assert f"{distance:.1f} km from home, within the 10 km travel limit" in in_english.reasons
