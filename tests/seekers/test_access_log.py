"""Who looked: staff see a NIK masked; the full NIK is an explicit action with a reason, written
to the access log she reads on her data page and in her export."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework_simplejwt.tokens import RefreshToken

from seekers.models import PersonalDataAccess
from tests.accounts.privacy_world import NIK, build_world
from tests.factories import EmployerFactory, SeekerProfileFactory

pytestmark = pytest.mark.django_db
MASKED = "************0001"


def _bearer(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")


def test_staff_see_the_nik_masked_on_the_seeker_page_and_in_the_api(client, api_client):
    world = build_world()
    client.force_login(world.officer)
    _bearer(api_client, world.officer)

    page = client.get(reverse("office-seeker", args=[world.siti.pk])).content.decode()
    detail = api_client.get(f"/api/v1/seekers/{world.siti.pk}/").json()

    assert MASKED in page and NIK not in page
    assert detail["nik_masked"] == MASKED and NIK not in str(detail)


def test_an_officer_sees_the_full_nik_with_a_reason_and_she_reads_it(api_client, client):
    world = build_world()
    _bearer(api_client, world.officer)
    before = PersonalDataAccess.objects.count()

    response = api_client.post(
        f"/api/v1/seekers/{world.siti.pk}/nik/",
        {"reason": "Verifikasi data untuk penyaluran kerja"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {"nik": NIK}
    assert response["Cache-Control"] == "no-store"
    assert PersonalDataAccess.objects.count() == before + 1
    client.force_login(world.user)
    page = client.get(reverse("my-data"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Disnaker Kota Madiun melihat NIK Anda pada" in page
    assert "Verifikasi data untuk penyaluran kerja" in page


@pytest.mark.parametrize("reason", ["", "lihat", "x" * 501])
def test_a_missing_short_or_long_reason_shows_nothing_and_logs_nothing(api_client, reason):
    world = build_world()
    _bearer(api_client, world.officer)
    before = PersonalDataAccess.objects.count()

    response = api_client.post(
        f"/api/v1/seekers/{world.siti.pk}/nik/", {"reason": reason}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["reason"]
    assert NIK not in response.content.decode()
    assert PersonalDataAccess.objects.count() == before


def test_nobody_but_staff_can_reveal_a_nik(api_client):
    world = build_world()
    before = PersonalDataAccess.objects.count()
    for user in (world.other.user, EmployerFactory().owner, world.user):
        _bearer(api_client, user)
        response = api_client.post(
            f"/api/v1/seekers/{world.siti.pk}/nik/",
            {"reason": "Saya ingin melihat NIK-nya"},
            format="json",
        )
        assert response.status_code == 404
    assert PersonalDataAccess.objects.count() == before


def test_the_office_page_asks_why_then_shows_the_nik(client):
    world = build_world()
    client.force_login(world.officer)
    url = reverse("office-seeker-nik", args=[world.siti.pk])

    form = client.get(url)
    refused = client.post(url, {"reason": "cek"})
    shown = client.post(url, {"reason": "Pencocokan KTP di loket pendaftaran"})

    assert form.status_code == 200 and NIK not in form.content.decode()
    assert refused.status_code == 400 and NIK not in refused.content.decode()
    assert shown.status_code == 200 and NIK in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    assert PersonalDataAccess.objects.filter(seeker=world.siti).count() == 2


def test_a_seeker_without_a_nik_has_nothing_to_reveal(api_client):
    world = build_world()
    nikless = SeekerProfileFactory()
    _bearer(api_client, world.officer)

    response = api_client.post(
        f"/api/v1/seekers/{nikless.pk}/nik/",
        {"reason": "Verifikasi data pendaftaran"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["nik"]
    assert not PersonalDataAccess.objects.filter(seeker=nikless).exists()
