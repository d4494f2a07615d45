"""reports/market/: what the labor office reads to decide which trainings to hold next."""

import pytest

from tests.factories import (
    ApplicationFactory,
    EmployerUserFactory,
    OfficerFactory,
    SeekerProfileFactory,
    SeekerSkillFactory,
    SkillFactory,
    TrainingCompletionFactory,
    TrainingProgrammeFactory,
    VacancyFactory,
    VacancySkillFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    sewing = SkillFactory(slug="menjahit", name_id="Menjahit", name_en="Sewing")
    batik = SkillFactory(
        slug="membatik", name_id="Membatik", name_en="Batik making", category="craft"
    )
    masks = VacancyFactory(title="Penjahit masker", positions=5, positions_filled=1)
    VacancySkillFactory(vacancy=masks, skill=sewing)
    closed = VacancyFactory(title="Penjahit (tutup)", status="closed", positions=9)
    VacancySkillFactory(vacancy=closed, skill=sewing)
    programme = TrainingProgrammeFactory(title="Pelatihan Menjahit Kampung KB")
    graduates = [SeekerProfileFactory() for _ in range(3)]
    for seeker in graduates:
        TrainingCompletionFactory(programme=programme, seeker=seeker)
        SeekerSkillFactory(seeker=seeker, skill=sewing, source="training")
    SeekerSkillFactory(skill=sewing, source="self")
    SeekerSkillFactory(skill=batik, source="experience")
    ApplicationFactory(vacancy=masks, seeker=graduates[0], status="accepted")
    ApplicationFactory(vacancy=masks, seeker=graduates[1])
    return {"programme": programme}


def test_staff_see_demand_supply_and_training_outcomes(api_client, market):
    api_client.force_authenticate(OfficerFactory())

    response = api_client.get("/api/v1/reports/market/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.json()
    assert body["skills"] == [
        {
            "slug": "menjahit",
            "name": "Sewing",
            "category": "garment",
            "open_vacancies": 1,
            "open_positions": 4,
            "seekers_verified": 3,
            "seekers_self_declared": 1,
            "applications": 2,
            "acceptances": 1,
        },
        {
            "slug": "membatik",
            "name": "Batik making",
            "category": "craft",
            "open_vacancies": 0,
            "open_positions": 0,
            "seekers_verified": 0,
            "seekers_self_declared": 1,
            "applications": 0,
            "acceptances": 0,
        },
    ]
    assert body["trainings"] == [
        {
            "id": market["programme"].pk,
            "title": "Pelatihan Menjahit Kampung KB",
            "organiser": "Dinsos P3AP2KB Kota Malang",
            "city": "Kota Malang",
            "graduates": 3,
            "graduates_applied": 2,
            "graduates_accepted": 1,
            "acceptance_rate": 0.333,
        },
    ]


def test_a_date_range_limits_the_application_counts(api_client, market):
    api_client.force_authenticate(OfficerFactory())

    body = api_client.get(
        "/api/v1/reports/market/", {"date_from": "2020-01-01", "date_to": "2020-12-31"}
    ).json()

    assert body["skills"][0]["applications"] == 0
    assert body["skills"][0]["open_positions"] == 4
    assert body["trainings"][0]["graduates_applied"] == 0


def test_only_staff_see_the_market(api_client, market):
    assert api_client.get("/api/v1/reports/market/").status_code == 401
    api_client.force_authenticate(EmployerUserFactory())
    assert api_client.get("/api/v1/reports/market/").status_code == 403


def test_a_reversed_date_range_is_a_400(api_client, market):
    api_client.force_authenticate(OfficerFactory())

    response = api_client.get(
        "/api/v1/reports/market/", {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["date_to"]
