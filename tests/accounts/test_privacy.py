"""Her rights over her data: download everything held about her; delete her account, after
which report totals are unchanged and no trace of her remains in any table or notice."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from accounts.privacy import account_erase_now, personal_data_export
from applications.models import Application, ApplicationEvent
from applications.reports import applications_report
from consents.models import Consent
from notifications.models import Kind, Notification
from notifications.rendering import render_message
from search.models import JobAlert
from seekers.models import PersonalDataAccess, SeekerProfile
from tests.accounts.privacy_world import (
    ADDRESS,
    EMAIL,
    LATITUDE,
    LONGITUDE,
    NAME,
    NIK,
    PHONE,
    build_world,
)
from tests.factories import EmployerFactory, OfficerFactory, SeekerProfileFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

NEEDLES = (
    NAME,
    NIK,
    PHONE,
    "+6281298765432",
    EMAIL,
    ADDRESS,
    str(LATITUDE),
    str(LONGITUDE),
    "FORM-KB-0917",
)


def _bearer(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")


def _reports() -> dict[str, object]:
    return {
        group: applications_report(group_by=group) for group in ("district", "training", "status")
    }


def _traces() -> list[tuple[str, str, str]]:
    """(table, column, needle) for every column of every table holding one of her details."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                for needle in NEEDLES:
                    cursor.execute(
                        f"SELECT 1 FROM {quote(table)} "  # names from introspection
                        f"WHERE CAST({quote(column)} AS TEXT) LIKE %s LIMIT 1",
                        [f"%{needle}%"],
                    )
                    if cursor.fetchone():
                        found.append((table, column, needle))
    return found


# -- download my data -----------------------------------------------------------------------


def test_the_export_holds_every_section_of_what_is_kept_about_her():
    world = build_world()

    data = personal_data_export(user=world.user)

    assert data["account"]["email"] == EMAIL
    assert data["profile"]["nik"] == NIK
    assert data["profile"]["full_name"] == NAME
    assert (data["profile"]["latitude"], data["profile"]["longitude"]) == (LATITUDE, LONGITUDE)
    assert [t["certificate_number"] for t in data["trainings"]] == ["MJT-2026-0042"]
    assert [(a["vacancy"], a["status"]) for a in data["applications"]] == [
        ("Penjahit borongan", "accepted"),
        ("Pembatik rumahan", "submitted"),
    ]
    assert [(e["from_status"], e["to_status"]) for e in data["applications"][0]["events"]] == [
        ("", "submitted"),
        ("submitted", "shortlisted"),
        ("shortlisted", "accepted"),
    ]
    assert [n["kind"] for n in data["notifications"]] == [Kind.APPLICATION_STATUS_CHANGED] * 2
    assert [a["name"] for a in data["job_alerts"]] == ["Jahit dekat rumah"]
    assert [(a["purpose"], a["reason"]) for a in data["access_log"]] == [
        ("nik_revealed", "Memeriksa identitas untuk kartu AK/1")
    ]
    assert data["notification_settings"] == {"channels": [], "quiet_hours": None}
    assert data["invitations"] == []
    assert [
        (c["purpose"], c["paper_form_number"], c["recorded_by_staff"], c["withdrawn_at"])
        for c in data["consents"]
    ] == [
        ("matching", "", False, None),
        ("shown_to_employers", "", False, None),
        ("contact_by_phone", "FORM-KB-0917", True, None),
    ]
    assert data["account_claim"] is None
    # Nothing of another seeker
    assert "Dewi Lestari" not in json.dumps(data)


def test_the_api_gives_her_data_as_a_file_to_keep(api_client):
    world = build_world()
    _bearer(api_client, world.user)

    response = api_client.get("/api/v1/me/data/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="sicaker-data-saya-')
    assert response.json()["profile"]["nik"] == NIK


def test_the_web_page_offers_the_download_and_shows_who_looked(client):
    world = build_world()
    client.force_login(world.user)

    page = client.get(reverse("my-data"))
    download = client.get(reverse("my-data-download"))

    assert page.status_code == 200
    assert "Disnaker Kota Madiun" in page.content.decode()
    assert "Memeriksa identitas untuk kartu AK/1" in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"
    assert json.loads(download.content)["profile"]["nik"] == NIK


def test_signed_out_the_data_page_and_download_lead_to_sign_in(client):
    for name in ("my-data", "my-data-download", "account-delete", "my-ak1-card"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))


# -- delete my account ----------------------------------------------------------------------


def test_a_wrong_password_erases_nothing(api_client):
    world = build_world()
    _bearer(api_client, world.user)
    with translation.override("id"):  # skill names follow the language: compare in one
        before = personal_data_export(user=world.user)

    response = api_client.post(
        "/api/v1/me/erase/",
        {"password": "bukan-sandinya"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["password"]
    with translation.override("id"):
        after = personal_data_export(user=world.user)
    assert {k: v for k, v in after.items() if k != "generated_at"} == {
        k: v for k, v in before.items() if k != "generated_at"
    }


@pytest.mark.parametrize("factory", [EmployerFactory, OfficerFactory])
def test_employers_and_staff_cannot_erase_their_accounts_themselves(api_client, factory):
    made = factory()
    user = getattr(made, "owner", made)
    _bearer(api_client, user)

    response = api_client.post("/api/v1/me/erase/", {"password": PASSWORD}, format="json")

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.is_active


def test_erasure_keeps_report_totals_and_leaves_no_trace_of_her(api_client):
    world = build_world()
    refresh = RefreshToken.for_user(world.user)
    totals = _reports()
    assert {needle for _table, _column, needle in _traces()} >= {NAME, PHONE, EMAIL, ADDRESS}

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {refresh.access_token}")
    response = api_client.post("/api/v1/me/erase/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    # The office's counts per district, training and status are what they were
    assert _reports() == totals
    assert Application.objects.filter(seeker=world.siti).count() == 2
    # No column of any table holds her name, NIK, phone, email, address or point
    assert _traces() == []
    # Her rows stay, anonymised
    profile = SeekerProfile.objects.get(pk=world.siti.pk)
    assert (profile.full_name, profile.nik_last4, profile.nik_digest) == ("", "", None)
    assert (profile.district, profile.city, profile.gender) == ("Sukun", "Kota Malang", "female")
    assert profile.is_erased and not profile.is_open_to_work
    assert set(
        ApplicationEvent.objects.filter(application__seeker=profile).values_list("note", flat=True)
    ) == {""}
    assert not JobAlert.objects.filter(pk=world.alert.pk).exists()
    assert not Consent.objects.filter(user=world.user, withdrawn_at__isnull=True).exists()
    assert not Notification.objects.filter(recipient=world.user).exists()
    assert (
        PersonalDataAccess.objects.filter(seeker=profile).values_list("reason", flat=True).get()
        == ""
    )
    # Her login stops at once: the access token, the refresh token, the password
    assert api_client.get("/api/v1/auth/me/").status_code == 401
    api_client.credentials()
    refreshed = api_client.post(
        "/api/v1/auth/token/refresh/", {"refresh": str(refresh)}, format="json"
    )
    assert refreshed.status_code == 401
    signed_in = api_client.post(
        "/api/v1/auth/token/", {"email": EMAIL, "password": PASSWORD}, format="json"
    )
    assert signed_in.status_code == 401


def test_employers_see_a_removed_applicant_in_their_notices_and_pipeline(client, api_client):
    world = build_world()
    employer = world.sewing.employer.owner
    notice = Notification.objects.get(
        recipient=employer,
        kind=Kind.APPLICATION_SUBMITTED,
        context__application_id=world.accepted.pk,
    )
    assert NAME in render_message(kind=notice.kind, context=notice.context, language="en").body

    _bearer(api_client, world.user)
    api_client.post("/api/v1/me/erase/", {"password": PASSWORD}, format="json")

    notice.refresh_from_db()
    english = render_message(kind=notice.kind, context=notice.context, language="en")
    indonesian = render_message(kind=notice.kind, context=notice.context, language="id")
    assert english.body.startswith('a removed applicant applied for "Penjahit borongan".')
    assert indonesian.body.startswith("pelamar yang dihapus")
    client.force_login(employer)
    pipeline = client.get(reverse("employer-pipeline", args=[world.sewing.pk])).content.decode()
    assert NAME not in pipeline
    assert "pelamar yang dihapus" in pipeline


def test_she_deletes_her_account_on_the_web_confirming_with_her_password(client):
    world = build_world()
    client.force_login(world.user)

    wrong = client.post(reverse("account-delete"), {"password": "salah-sandi"})
    assert wrong.status_code == 400
    assert SeekerProfile.objects.get(pk=world.siti.pk).full_name == NAME

    done = client.post(reverse("account-delete"), {"password": PASSWORD})

    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert SeekerProfile.objects.get(pk=world.siti.pk).is_erased
    # Signed out: her pages lead to sign-in
    assert client.get(reverse("my-data")).status_code == 302


def test_erasing_twice_changes_nothing_more():
    world = build_world()
    account_erase_now(user=world.user)
    first = list(SeekerProfile.objects.filter(pk=world.siti.pk).values())

    account_erase_now(user=world.user)

    assert list(SeekerProfile.objects.filter(pk=world.siti.pk).values()) == first


def test_a_phone_only_seeker_deletes_her_account(api_client):
    profile = SeekerProfileFactory(
        full_name="Ani Suryani", user__email=None, user__phone="+6281355557777"
    )
    _bearer(api_client, profile.user)

    response = api_client.post("/api/v1/me/erase/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    user = User.objects.get(pk=profile.user.pk)
    assert (user.phone, user.full_name, user.is_active) == (None, "", False)
    assert user.email == f"erased-{user.pk}@erased.invalid"
    assert SeekerProfile.objects.get(pk=profile.pk).is_erased
