"""The AK/1 job-seeker card: its number issued once, a printable A5 PDF whose text is checked
with pdftotext, the NIK in full on her own card and masked on staff's unless revealed (logged)."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from rest_framework_simplejwt.tokens import RefreshToken

from notifications.models import Kind
from notifications.web.links import notification_link
from seekers.models import PersonalDataAccess, SeekerProfile
from seekers.services.ak1 import ak1_issue, ak1_reporting_dates
from tests.accounts.privacy_world import NAME, NIK, build_world
from tests.factories import SeekerProfileFactory

pytestmark = pytest.mark.django_db
MASKED = "************0001"


def pdf_text(content: bytes) -> str:
    """The PDF's text, as poppler's pdftotext reads it (installed by `make test` / CI)."""
    assert shutil.which("pdftotext"), "pdftotext is missing: apt-get install poppler-utils"
    assert content.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def pdf_page_size(content: bytes) -> str:
    result = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True)
    return next(
        line for line in result.stdout.decode().splitlines() if line.startswith("Page size")
    )


def test_numbers_count_up_per_city_and_year_and_are_kept_once_issued(settings):
    settings.AK1_CITY_CODE = "3573"
    first, second = SeekerProfileFactory(), SeekerProfileFactory()

    ak1_issue(seeker=first, today=datetime.date(2026, 11, 27))
    ak1_issue(seeker=second, today=datetime.date(2026, 11, 28))
    ak1_issue(seeker=first, today=datetime.date(2027, 1, 2))  # again: nothing changes

    rows = SeekerProfile.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk")
    assert list(rows.values_list("ak1_number", "ak1_issued_on")) == [
        ("3573-2026-000001", datetime.date(2026, 11, 27)),
        ("3573-2026-000002", datetime.date(2026, 11, 28)),
    ]


def test_a_number_typed_from_her_paper_card_is_kept():
    seeker = SeekerProfileFactory(ak1_number="AK1/3577/2024/0099")

    ak1_issue(seeker=seeker, today=datetime.date(2026, 11, 27))

    seeker.refresh_from_db()
    assert (seeker.ak1_number, seeker.ak1_issued_on) == (
        "AK1/3577/2024/0099",
        datetime.date(2026, 11, 27),
    )


def test_reporting_dates_are_every_six_months_for_two_years():
    assert ak1_reporting_dates(issued_on=datetime.date(2026, 8, 31)) == [
        datetime.date(2027, 2, 28),
        datetime.date(2027, 8, 31),
        datetime.date(2028, 2, 29),
        datetime.date(2028, 8, 31),
    ]


def test_her_own_card_is_an_a5_pdf_with_her_full_nik_skills_and_trainings(client):
    world = build_world()
    client.force_login(world.user)
    # Before a card is issued the page offers it, and opening it writes nothing
    offer = client.get(reverse("my-ak1-card"))
    assert offer.status_code == 200 and offer["Content-Type"].startswith("text/html")
    assert SeekerProfile.objects.get(pk=world.siti.pk).ak1_number == ""

    issued = client.post(reverse("my-ak1-card"))
    response = client.get(issued["Location"], HTTP_ACCEPT_LANGUAGE="id")

    assert issued.status_code == 302
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    world.siti.refresh_from_db()
    number = world.siti.ak1_number
    assert response["Content-Disposition"] == f'attachment; filename="AK1-{number}.pdf"'
    assert "419.528 x 595.276 pts" in pdf_page_size(response.content)  # A5: 148 x 210 mm
    text = pdf_text(response.content)
    for expected in (
        "DISNAKER KOTA MADIUN",
        number,
        NIK,
        NAME,
        "Pelatihan Menjahit Angkatan",
        "MJT-2026-0042",
        "Menjahit",
    ):
        assert expected in text, expected
    assert world.siti.ak1_issued_on is not None
    for day in ak1_reporting_dates(issued_on=world.siti.ak1_issued_on):
        assert f"{day.day} " in text


def test_her_card_through_the_api(api_client):
    world = build_world()
    api_client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(world.user).access_token}"
    )

    not_yet = api_client.get("/api/v1/seekers/me/ak1/")
    response = api_client.post("/api/v1/seekers/me/ak1/")
    again = api_client.get("/api/v1/seekers/me/ak1/")

    assert not_yet.status_code == 409
    assert response.status_code == 200
    assert NIK in pdf_text(response.content)
    assert again.status_code == 200


def test_staff_download_shows_the_nik_masked_and_logs_nothing(client):
    world = build_world()
    ak1_issue(seeker=world.siti)
    client.force_login(world.officer)
    before = PersonalDataAccess.objects.count()

    response = client.get(reverse("office-seeker-ak1", args=[world.siti.pk]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert MASKED in text and NIK not in text
    assert PersonalDataAccess.objects.count() == before


def test_staff_get_the_full_nik_on_the_card_only_with_a_reason_which_she_reads(client, api_client):
    world = build_world()
    client.force_login(world.officer)
    url = reverse("office-seeker-ak1", args=[world.siti.pk])
    before = PersonalDataAccess.objects.count()

    refused = client.post(url, {"reason": "kartu"})
    assert refused.status_code == 400
    assert PersonalDataAccess.objects.count() == before

    response = client.post(url, {"reason": "Mencetak ulang kartu kuning di loket"})

    assert response.status_code == 200
    assert NIK in pdf_text(response.content)
    latest = PersonalDataAccess.objects.latest("pk")
    assert (latest.purpose, latest.reason, latest.actor_id) == (
        "card_with_nik",
        "Mencetak ulang kartu kuning di loket",
        world.officer.pk,
    )
    api_client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(world.officer).access_token}"
    )
    through_api = api_client.post(
        f"/api/v1/seekers/{world.siti.pk}/ak1/", {"reason": "Verifikasi di loket"}, format="json"
    )
    assert through_api.status_code == 200
    assert NIK in pdf_text(through_api.content)


def test_others_cannot_download_someone_elses_card(client, api_client):
    world = build_world()
    client.force_login(world.other.user)

    assert client.get(reverse("office-seeker-ak1", args=[world.siti.pk])).status_code == 403
    api_client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(world.other.user).access_token}"
    )
    assert api_client.get(f"/api/v1/seekers/{world.siti.pk}/ak1/").status_code == 404


def test_a_card_needs_her_name_first(client):
    nameless = SeekerProfileFactory(full_name="")
    client.force_login(nameless.user)

    response = client.post(reverse("my-ak1-card"))

    assert response.status_code == 302 and response["Location"] == reverse("seeker-profile")
    nameless.refresh_from_db()
    assert nameless.ak1_number == ""


def test_the_six_month_reminder_links_to_her_card():
    link = notification_link(
        kind=Kind.AK1_REPORT_DUE, context={"ak1_number": "3577-2026-000001", "due_on": "2027-05-27"}
    )

    assert link is not None and link.url == reverse("my-ak1-card")
