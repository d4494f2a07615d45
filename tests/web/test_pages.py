"""The public pages through Django's test client: who sees what, refusals that change nothing,
and the same sign-in lock and services as the API."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from jobs.models import VacancyStatus
from search.backend import SearchUnavailable
from sicaker.errors import Conflict, RateLimited
from tests.factories.accounts import PASSWORD, SeekerUserFactory
from tests.factories.jobs import DraftVacancyFactory, VacancyFactory
from tests.factories.seekers import SeekerProfileFactory, SeekerSkillFactory
from web.errors import response_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeker(db):
    """A job seeker with a profile she can apply with (a name, a district, a skill)."""
    user = SeekerUserFactory(email="siti@example.id")
    SeekerSkillFactory(seeker=SeekerProfileFactory(user=user))
    return user


def test_an_unknown_page_is_the_apps_404_page_and_the_api_keeps_its_json(client):
    page = client.get("/tidak-ada/", HTTP_ACCEPT_LANGUAGE="id")
    api = client.get("/api/v1/tidak-ada/")

    assert page.status_code == 404
    assert "Halaman tidak ditemukan" in page.content.decode()
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"


def test_a_draft_is_not_found_for_the_public_and_shown_to_its_employer(client):
    draft = DraftVacancyFactory(title="Draf rahasia")

    public = client.get(reverse("vacancy-detail", args=[draft.pk]))
    client.force_login(draft.employer.owner)
    own = client.get(reverse("vacancy-detail", args=[draft.pk]))

    assert public.status_code == 404
    assert "Draf rahasia" not in public.content.decode()
    assert own.status_code == 200
    assert "Ini masih draf" in own.content.decode()
    assert "application/ld+json" not in own.content.decode()


def test_a_closed_vacancy_says_so_and_has_no_apply_button(client, search_backend):
    vacancy = VacancyFactory(title="Penjahit lama", status=VacancyStatus.CLOSED)

    response = client.get(reverse("vacancy-detail", args=[vacancy.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Lowongan ini sudah ditutup" in body
    assert "Lamar sekarang" not in body
    assert "application/ld+json" not in body
    assert '<meta name="robots" content="noindex">' in body


def test_search_with_a_radius_but_no_point_says_how_to_fix_it(client, search_backend):
    response = client.get(reverse("vacancy-search"), {"q": "jahit", "radius_km": "5"})

    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_radius_km"' in body


def test_apply_signed_out_goes_to_sign_in_and_stores_nothing(client):
    vacancy = VacancyFactory()

    response = client.post(reverse("vacancy-apply", args=[vacancy.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))
    assert Application.objects.count() == 0


def test_an_employer_cannot_apply_and_nothing_is_stored(client):
    vacancy = VacancyFactory()
    client.force_login(vacancy.employer.owner)

    response = client.post(reverse("vacancy-apply", args=[vacancy.pk]))

    assert response.status_code == 403
    assert "pencari kerja" in response.content.decode()
    assert Application.objects.count() == 0


def test_applying_twice_is_a_conflict_page_and_keeps_one_application(client, seeker):
    vacancy = VacancyFactory()
    client.force_login(seeker)

    first = client.post(reverse("vacancy-apply", args=[vacancy.pk]))
    second = client.post(reverse("vacancy-apply", args=[vacancy.pk]))

    assert first.status_code == 302
    assert first["Location"] == reverse("vacancy-applied", args=[vacancy.pk])
    assert second.status_code == 409
    assert Application.objects.filter(vacancy=vacancy).count() == 1


def test_applying_to_a_draft_is_not_found(client, seeker):
    draft = DraftVacancyFactory()
    client.force_login(seeker)

    response = client.post(reverse("vacancy-apply", args=[draft.pk]))

    assert response.status_code == 404
    assert Application.objects.count() == 0


def test_sign_in_goes_back_to_next_and_ignores_a_foreign_next(client, seeker):
    good = client.post(
        reverse("sign-in"),
        {"identifier": "siti@example.id", "password": PASSWORD, "next": "/lowongan/"},
    )
    client.logout()
    foreign = client.post(
        reverse("sign-in"),
        {"identifier": "siti@example.id", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert (good.status_code, good["Location"]) == (302, "/lowongan/")
    assert (foreign.status_code, foreign["Location"]) == (302, "/")


def test_failed_sign_ins_lock_the_web_and_the_api_alike(client, seeker, settings):
    for _ in range(settings.LOGIN_MAX_FAILED_ATTEMPTS - 1):
        response = client.post(
            reverse("sign-in"), {"identifier": "siti@example.id", "password": "salah-salah"}
        )
        assert response.status_code == 400
    locked = client.post(reverse("sign-in"), {"identifier": "siti@example.id", "password": "salah"})
    right_password = client.post(
        reverse("sign-in"), {"identifier": "siti@example.id", "password": PASSWORD}
    )
    api = client.post(
        "/api/v1/auth/token/",
        {"identifier": "siti@example.id", "password": PASSWORD},
        content_type="application/json",
    )

    assert locked.status_code == 429
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session
    assert (api.status_code, api.json()["code"]) == (429, "sign_in_locked")


def test_sign_up_keeps_what_she_typed_and_lists_the_problems(client):
    response = client.post(
        reverse("sign-up"),
        {
            "full_name": "Siti Aminah",
            "identifier": "siti-baru@example.id",
            "password": "123",
            "role": "seeker",
        },
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in body
    assert 'href="#id_password"' in body
    assert 'value="Siti Aminah"' in body
    assert not User.objects.filter(email="siti-baru@example.id").exists()


def test_sign_up_answers_alike_for_a_new_and_a_taken_email(client, seeker):
    data = {
        "full_name": "Siti", "password": "Jahitan-Rapi-2026", "role": "seeker",
        "consent_matching": "on",
    }  # fmt: skip

    new = client.post(reverse("sign-up"), {**data, "identifier": "baru@example.id"})
    taken = client.post(reverse("sign-up"), {**data, "identifier": "siti@example.id"})

    assert new.status_code == taken.status_code == 302
    assert new["Location"] == taken["Location"]
    assert User.objects.get(email="baru@example.id").is_seeker
    assert User.objects.filter(email="siti@example.id").count() == 1
    assert User.objects.get(email="siti@example.id").check_password(PASSWORD)


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    client, seeker, django_capture_on_commit_callbacks
):
    response = client.post(reverse("password-reset"), {"identifier": "siti@example.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    found = re.search(r"http://[^/]+(/atur-sandi/\S+/)", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(1)

    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Sandi-Baru-2026", "new_password2": "Sandi-Baru-2026"},
    )

    assert done.status_code == 302
    assert User.objects.get(email="siti@example.id").check_password("Sandi-Baru-2026")


def test_sign_out_needs_a_post(client, seeker):
    client.force_login(seeker)

    get = client.get(reverse("sign-out"))
    post = client.post(reverse("sign-out"))

    assert get.status_code == 405
    assert post.status_code == 302
    assert "_auth_user_id" not in client.session


def test_domain_errors_become_the_apps_pages_in_one_place(rf):
    request = rf.get("/lowongan/")
    request.user = AnonymousUser()

    search_down = response_for(request, SearchUnavailable("connection refused"))
    conflict = response_for(request, Conflict("Anda sudah melamar lowongan ini."))
    limited = response_for(request, RateLimited("Terlalu banyak percobaan.", wait=42))
    other = response_for(request, ValueError("not a domain error"))

    assert search_down is not None
    assert conflict is not None
    assert limited is not None
    assert search_down.status_code == 503
    assert "Pencarian sedang gangguan" in search_down.content.decode()
    assert search_down["Retry-After"] == "30"
    assert conflict.status_code == 409
    assert "Anda sudah melamar lowongan ini." in conflict.content.decode()
    assert (limited.status_code, limited["Retry-After"]) == (429, "42")
    assert other is None
