"""Invitations through the API: the vacancy's employer invites a candidate (the same service as
the web page), she and the employer list them, a bad or refused request changes nothing."""

from __future__ import annotations

import pytest

from applications.models import Invitation
from notifications.models import Kind, Notification
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    SeekerProfileFactory,
    VacancyFactory,
)
from tests.factories.accounts import OfficerFactory

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    return (
        sorted(Invitation.objects.values_list("vacancy_id", "seeker_id")),
        sorted(Notification.objects.values_list("recipient_id", "kind")),
    )


@pytest.fixture
def vacancy():
    return VacancyFactory(employer=EmployerFactory(name="Konveksi Bu Sri"), title="Penjahit")


def _invite(api_client, vacancy, seeker_pk, user=None):
    api_client.force_authenticate(user or vacancy.employer.owner)
    return api_client.post(
        f"/api/v1/vacancies/{vacancy.pk}/invitations/", {"seeker": seeker_pk}, format="json"
    )


def test_the_employer_invites_a_candidate_once_and_she_hears_once(api_client, vacancy):
    seeker = SeekerProfileFactory()

    first = _invite(api_client, vacancy, seeker.pk)
    again = _invite(api_client, vacancy, seeker.pk)

    invitation = Invitation.objects.get()
    assert first.status_code == 201
    assert first.json() == {
        "id": invitation.pk,
        "vacancy": {
            "id": vacancy.pk,
            "title": "Penjahit",
            "employer": {"id": vacancy.employer.pk, "name": "Konveksi Bu Sri"},
            "work_type": vacancy.work_type,
            "city": vacancy.city,
            "district": vacancy.district,
            "status": "published",
            "valid_through": vacancy.valid_through.isoformat(),
        },
        "seeker": seeker.pk,
        "created_at": first.json()["created_at"],
    }
    assert (again.status_code, again.json()) == (200, first.json())
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [
        (seeker.user_id, Kind.VACANCY_INVITATION)
    ]


def test_she_and_the_employer_list_it_and_nobody_else_sees_it(api_client, vacancy):
    seeker = SeekerProfileFactory()
    assert _invite(api_client, vacancy, seeker.pk).status_code == 201
    invitation = Invitation.objects.get()
    other_employer = EmployerFactory()
    other_seeker = SeekerProfileFactory()

    def listed(user, path="/api/v1/invitations/"):
        api_client.force_authenticate(user)
        response = api_client.get(path)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["results"]]

    assert listed(seeker.user) == [invitation.pk]
    assert listed(vacancy.employer.owner) == [invitation.pk]
    assert listed(vacancy.employer.owner, f"/api/v1/vacancies/{vacancy.pk}/invitations/") == [
        invitation.pk
    ]
    assert listed(OfficerFactory()) == [invitation.pk]
    assert listed(other_seeker.user) == []
    assert listed(other_employer.owner) == []


@pytest.mark.parametrize("bad", ["abc", 0, 987_654_321, "not open to work"])
def test_a_bad_candidate_is_a_400_on_seeker_and_changes_nothing(api_client, vacancy, bad):
    if bad == "not open to work":
        bad = SeekerProfileFactory(is_open_to_work=False).pk
    before = _state()

    response = _invite(api_client, vacancy, bad)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["seeker"]
    assert _state() == before


def test_a_candidate_who_applied_already_is_a_409_and_nothing_is_sent(api_client, vacancy):
    seeker = SeekerProfileFactory()
    ApplicationFactory(vacancy=vacancy, seeker=seeker)
    before = _state()

    response = _invite(api_client, vacancy, seeker.pk)

    assert response.status_code == 409
    assert response.json()["detail"] == "Ia sudah melamar lowongan ini; lihat di daftar lamaran."
    assert _state() == before


def test_the_endpoints_are_in_the_openapi_schema(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    invitations = schema["paths"]["/api/v1/vacancies/{id}/invitations/"]
    assert set(invitations) >= {"get", "post"}
    assert set(invitations["post"]["responses"]) >= {"200", "201", "400", "403", "404", "409"}
    assert set(schema["paths"]["/api/v1/invitations/"]) >= {"get"}
    assert set(schema["paths"]["/api/v1/vacancies/{id}/copy/"]["post"]["responses"]) >= {
        "201",
        "409",
    }
    vacancy = schema["components"]["schemas"]["VacancyOutput"]["properties"]
    assert "closed_note" in vacancy
