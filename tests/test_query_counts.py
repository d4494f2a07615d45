"""List endpoints cost the same number of SQL queries for a small page as for a large one.

Each test asks for the same list twice, a page of 2 and a page of 15 (or a report over 3 and
over 15 applications), and asserts both the page sizes and that the query count is equal.

Already covered elsewhere, not repeated here:
- vacancies/ (anonymous, owner with ?mine, staff by ?status): tests/jobs/test_vacancy_api.py
- employers/: tests/jobs/test_employers.py
- applications/ as employer and as staff: tests/applications/test_api.py
- seekers/: tests/seekers/test_profile_api.py
- skills/: tests/jobs/test_skills.py
- seekers/me/matches/ on Elasticsearch: tests/search/test_matching.py
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.services import application_submit
from notifications.models import Channel, Delivery, Kind, Notification
from search.backend import get_search_backend
from search.models import JobAlert
from tests.factories import (
    EmployerFactory,
    OfficerFactory,
    SeekerProfileFactory,
    SeekerSkillFactory,
    SkillFactory,
    TrainingCompletionFactory,
    TrainingProgrammeFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.factories.applications import InvitationFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 15


def _get(client, url: str, params: dict) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()


def assert_page_cost_is_constant(client, url: str, params: dict | None = None) -> int:
    """Fetch a page of SMALL then of LARGE items; both pages full and equally many queries."""
    params = params or {}
    _get(client, url, {**params, "page_size": 1})  # warm caches (stems, translations)
    small_count, small = _get(client, url, {**params, "page_size": SMALL})
    large_count, large = _get(client, url, {**params, "page_size": LARGE})
    assert (len(small["results"]), len(large["results"])) == (SMALL, LARGE)
    assert small_count == large_count, (
        f"{small_count} queries for {SMALL}, {large_count} for {LARGE}"
    )
    return large_count


@pytest.fixture
def skills():
    return [
        SkillFactory(slug="menjahit", name_id="Menjahit", name_en="Sewing"),
        SkillFactory(slug="obras", name_id="Obras", name_en="Overlock sewing"),
    ]


def _openings(count: int, skills, **fields) -> list:
    vacancies = []
    for number in range(count):
        vacancy = VacancyFactory(employer=EmployerFactory(), title=f"Penjahit {number}", **fields)
        VacancySkillFactory(vacancy=vacancy, skill=skills[0])
        VacancySkillFactory(vacancy=vacancy, skill=skills[1], is_required=False)
        vacancies.append(vacancy)
    return vacancies


def _seekers(count: int, skills) -> list:
    seekers = []
    for number in range(count):
        seeker = SeekerProfileFactory(full_name=f"Sri {number:02d}")
        SeekerSkillFactory(seeker=seeker, skill=skills[0], source="training")
        SeekerSkillFactory(seeker=seeker, skill=skills[1])
        seekers.append(seeker)
    return seekers


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request, settings, search_backend):
    """The search backend the endpoints use, each in turn; Elasticsearch starts empty."""
    settings.SEARCH_BACKEND = request.param
    get_search_backend.cache_clear()
    chosen = get_search_backend()
    chosen.drop_all()
    yield chosen
    chosen.drop_all()
    get_search_backend.cache_clear()


def _index(backend, model_label: str, rows) -> None:
    backend.index(model_label=model_label, pks=[row.pk for row in rows])
    if backend.name == "elasticsearch":
        backend.refresh()


# -- plain lists ----------------------------------------------------------------------------


def test_invitations_of_a_seeker_and_of_an_employer(api_client, skills):
    # Given a seeker invited to LARGE vacancies of one employer
    seeker = SeekerProfileFactory()
    employer = EmployerFactory()
    for number in range(LARGE):
        vacancy = VacancyFactory(employer=employer, title=f"Penjahit {number}")
        InvitationFactory(vacancy=vacancy, seeker=seeker, invited_by=employer.owner)

    # Then her list and the employer's cost the same for a small page and a large one
    api_client.force_authenticate(seeker.user)
    assert_page_cost_is_constant(api_client, "/api/v1/invitations/")
    api_client.force_authenticate(employer.owner)
    assert_page_cost_is_constant(api_client, "/api/v1/invitations/")


def test_applications_of_a_seeker(api_client, skills):
    # Given a seeker who applied to LARGE vacancies of as many employers
    seeker = SeekerProfileFactory()
    for vacancy in _openings(LARGE, skills):
        application_submit(vacancy=vacancy, seeker=seeker, cover_note="")
    api_client.force_authenticate(seeker.user)

    # Then her list costs the same for a short page as for a long one
    assert_page_cost_is_constant(api_client, "/api/v1/applications/")


def test_trainings(api_client, skills):
    for number in range(LARGE):
        programme = TrainingProgrammeFactory(title=f"Pelatihan {number:02d}")
        programme.skills.add(*skills)
    api_client.force_authenticate(SeekerProfileFactory().user)

    assert_page_cost_is_constant(api_client, "/api/v1/trainings/")


def test_completions_of_a_training(api_client, skills):
    programme = TrainingProgrammeFactory(starts_on=datetime.date(2025, 3, 1))
    officer = OfficerFactory()
    for seeker in _seekers(LARGE, skills):
        TrainingCompletionFactory(
            programme=programme,
            seeker=seeker,
            completed_on=datetime.date(2025, 3, 5),
            recorded_by=officer,
        )
    api_client.force_authenticate(officer)

    assert_page_cost_is_constant(api_client, f"/api/v1/trainings/{programme.pk}/completions/")


def test_notifications(api_client):
    # Given an employer with LARGE notifications, each with its email and WhatsApp delivery
    owner = EmployerFactory().owner
    for number in range(LARGE):
        notification = Notification.objects.create(
            recipient=owner,
            kind=Kind.APPLICATION_SUBMITTED,
            context={"application_id": number, "vacancy_id": 1, "vacancy_title": "Penjahit",
                     "seeker_name": f"Sri {number}"},
            dedup_key=f"application-submitted:{number}",
        )  # fmt: skip
        for channel in (Channel.EMAIL, Channel.WHATSAPP):
            Delivery.objects.create(notification=notification, channel=channel)
    api_client.force_authenticate(owner)

    assert_page_cost_is_constant(api_client, "/api/v1/notifications/")


def test_job_alerts(api_client):
    seeker = SeekerProfileFactory()
    JobAlert.objects.bulk_create(
        JobAlert(user=seeker.user, name=f"Jahit {number}", text="jahit", skill_slugs=["menjahit"])
        for number in range(LARGE)
    )
    api_client.force_authenticate(seeker.user)

    assert_page_cost_is_constant(api_client, "/api/v1/alerts/")


# -- the staff report -----------------------------------------------------------------------


@pytest.mark.parametrize("group_by", ["status", "district", "vacancy", "employer", "training"])
def test_applications_report(api_client, skills, group_by):
    # Given 3 applications, then 15: from different seekers (districts, trainings) to
    # different vacancies of different employers, so every grouping grows with the data
    def apply(count: int) -> None:
        for vacancy, seeker in zip(_openings(count, skills), _seekers(count, skills), strict=True):
            seeker.district = f"Kecamatan {seeker.pk}"
            seeker.save(update_fields=["district"])
            TrainingCompletionFactory(seeker=seeker, completed_on=datetime.date(2025, 3, 5))
            application_submit(vacancy=vacancy, seeker=seeker, cover_note="")

    api_client.force_authenticate(OfficerFactory())
    url = "/api/v1/reports/applications/"
    apply(3)
    _get(api_client, url, {"group_by": group_by})  # warm caches

    # When the report is read over 3 and then over 15 applications
    few_count, few = _get(api_client, url, {"group_by": group_by})
    apply(LARGE - 3)
    many_count, many = _get(api_client, url, {"group_by": group_by})

    # Then it counts more (in more groups, except by status, which lists every status) but
    # cost the same queries
    assert (few["total"], many["total"]) == (3, LARGE)
    if group_by != "status":
        assert (len(few["rows"]), len(many["rows"])) == (3, LARGE)
    assert few_count == many_count


# -- search and matching, on each backend ---------------------------------------------------


def test_vacancy_search(api_client, skills, backend):
    _index(backend, "jobs.vacancy", _openings(LARGE, skills))

    _get(api_client, "/api/v1/vacancies/search/", {"q": "penjahit", "page_size": 1})
    small_count, small = _get(
        api_client, "/api/v1/vacancies/search/", {"q": "penjahit", "page_size": SMALL}
    )
    large_count, large = _get(
        api_client, "/api/v1/vacancies/search/", {"q": "penjahit", "page_size": LARGE}
    )

    assert small["count"] == large["count"] == LARGE
    assert (len(small["results"]), len(large["results"])) == (SMALL, LARGE)
    assert small_count == large_count


def test_matches_of_a_seeker_on_the_database_backend(api_client, skills, settings):
    settings.SEARCH_BACKEND = "database"
    get_search_backend.cache_clear()
    try:
        _openings(LARGE, skills, work_type="home_based")
        seeker = _seekers(1, skills)[0]
        api_client.force_authenticate(seeker.user)

        assert_page_cost_is_constant(api_client, "/api/v1/seekers/me/matches/")
    finally:
        get_search_backend.cache_clear()


def test_candidates_of_a_vacancy(api_client, skills, backend):
    # Given a vacancy and LARGE seekers holding its skills, some of whom applied
    vacancy = _openings(1, skills, valid_through=timezone.localdate() + datetime.timedelta(9))[0]
    seekers = _seekers(LARGE, skills)
    for seeker in seekers[::3]:
        application_submit(vacancy=vacancy, seeker=seeker, cover_note="")
    _index(backend, "seekers.seekerprofile", seekers)
    api_client.force_authenticate(vacancy.employer.owner)

    # Then its employer's ranked list costs the same for a short page as for a long one
    assert_page_cost_is_constant(api_client, f"/api/v1/vacancies/{vacancy.pk}/matches/")
