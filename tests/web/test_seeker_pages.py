"""Her own pages through Django's test client: "Lowongan cocok untuk saya" and "Lamaran saya",
who sees what, and a withdraw through the API's service (a refused one changes nothing)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from applications import services
from applications.models import Application, ApplicationEvent
from search.selectors import vacancy_matches_for_seeker
from tests.factories.accounts import EmployerUserFactory, SeekerUserFactory
from tests.factories.jobs import EmployerFactory, SkillFactory, VacancyFactory, VacancySkillFactory
from tests.factories.seekers import SeekerProfileFactory, SeekerSkillFactory

pytestmark = pytest.mark.django_db

MATCHES = "/saya/cocok/"
MINE = "/saya/lamaran/"


@pytest.fixture
def siti(db):
    """A seeker in Sukun who sews, with her profile."""
    profile = SeekerProfileFactory(user=SeekerUserFactory(email="siti@example.id"))
    SeekerSkillFactory(seeker=profile, skill=SkillFactory(slug="menjahit", name_id="Menjahit"))
    return profile


@pytest.fixture
def sewing_vacancy(siti, search_backend):
    employer = EmployerFactory(name="Konveksi Bu Sri", latitude=-8.0039, longitude=112.6178)
    vacancy = VacancyFactory(
        employer=employer, title="Penjahit Masker Kain", work_type="piece_rate"
    )
    VacancySkillFactory(vacancy=vacancy, skill=siti.skill_links.get().skill)
    cooking = SkillFactory(slug="memasak", name_id="Memasak")
    VacancySkillFactory(vacancy=vacancy, skill=cooking)
    search_backend.rebuild()
    if search_backend.name == "elasticsearch":
        search_backend.refresh()
    return vacancy


@pytest.mark.parametrize("path", [MATCHES, MINE])
def test_signed_out_she_is_sent_to_sign_in_and_back(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"{reverse('sign-in')}?next={path}"


@pytest.mark.parametrize("path", [MATCHES, MINE])
def test_an_employer_gets_the_apps_403_page(client, path):
    client.force_login(EmployerUserFactory())

    response = client.get(path, HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 403
    assert '<main id="main"' in response.content.decode()


def test_a_seeker_without_a_profile_is_told_to_fill_it_in(client):
    client.force_login(SeekerUserFactory())

    response = client.get(MATCHES, HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 200
    assert "Isi profil Anda dulu" in response.content.decode()


def test_her_matches_show_the_apis_reasons_and_a_one_tap_apply(client, siti, sewing_vacancy):
    client.force_login(siti.user)

    response = client.get(MATCHES, HTTP_ACCEPT_LANGUAGE="id")
    with translation.override("id"):
        (expected,) = vacancy_matches_for_seeker(seeker=siti)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Penjahit Masker Kain" in body
    assert "✓ Menjahit" in body
    assert '<dd class="missing">Memasak</dd>' in body
    assert "km dari rumah Anda" in body
    assert expected.match.reasons
    for reason in expected.match.reasons:
        assert reason in body.replace("&#x27;", "'")
    assert reverse("vacancy-apply", args=[sewing_vacancy.pk]) in body


def test_her_applications_list_only_hers_with_the_timeline_and_notes(client, siti, sewing_vacancy):
    mine = services.application_submit(vacancy=sewing_vacancy, seeker=siti, cover_note="")
    services.application_transition(
        application=mine,
        to_status="reviewed",
        actor=sewing_vacancy.employer.owner,
        note="Datang hari Senin jam 9.",
    )
    other = SeekerProfileFactory()
    services.application_submit(
        vacancy=VacancyFactory(title="Kasir Toko Lain"), seeker=other, cover_note=""
    )
    client.force_login(siti.user)

    body = client.get(MINE, HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert "Penjahit Masker Kain" in body
    assert "Kasir Toko Lain" not in body
    assert "Datang hari Senin jam 9." in body
    assert body.count("<time ") == 2
    assert reverse("application-withdraw", args=[mine.pk]) in body


def test_withdraw_changes_the_status_through_the_service(client, siti, sewing_vacancy):
    mine = services.application_submit(vacancy=sewing_vacancy, seeker=siti, cover_note="")
    client.force_login(siti.user)

    response = client.post(reverse("application-withdraw", args=[mine.pk]), follow=True)

    mine.refresh_from_db()
    assert mine.status == "withdrawn"
    assert list(mine.events.values_list("to_status", flat=True)) == ["submitted", "withdrawn"]
    assert "Lamaran Anda sudah dibatalkan." in response.content.decode()


def test_a_refused_withdraw_shows_the_services_message_and_changes_nothing(
    client, siti, sewing_vacancy
):
    mine = services.application_submit(vacancy=sewing_vacancy, seeker=siti, cover_note="")
    services.application_transition(
        application=mine, to_status="rejected", actor=sewing_vacancy.employer.owner, note=""
    )
    events_before = ApplicationEvent.objects.count()
    client.force_login(siti.user)

    response = client.post(
        reverse("application-withdraw", args=[mine.pk]), HTTP_ACCEPT_LANGUAGE="id"
    )

    mine.refresh_from_db()
    assert response.status_code == 409
    assert mine.status == "rejected"
    assert ApplicationEvent.objects.count() == events_before


def test_she_cannot_withdraw_someone_elses_application(client, siti, sewing_vacancy):
    theirs = services.application_submit(
        vacancy=sewing_vacancy, seeker=SeekerProfileFactory(), cover_note=""
    )
    client.force_login(siti.user)

    response = client.post(reverse("application-withdraw", args=[theirs.pk]))

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.status == "submitted"
    assert Application.objects.filter(status="withdrawn").count() == 0


def test_withdraw_needs_a_post(client, siti, sewing_vacancy):
    mine = services.application_submit(vacancy=sewing_vacancy, seeker=siti, cover_note="")
    client.force_login(siti.user)

    response = client.get(reverse("application-withdraw", args=[mine.pk]))

    mine.refresh_from_db()
    assert response.status_code == 405
    assert mine.status == "submitted"


def test_the_header_links_her_pages_only_for_a_seeker(client, siti):
    client.force_login(siti.user)
    seeker_home = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    client.force_login(EmployerUserFactory())
    employer_home = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert f'href="{MATCHES}"' in seeker_home
    assert f'href="{MINE}"' in seeker_home
    assert f'href="{MATCHES}"' not in employer_home
