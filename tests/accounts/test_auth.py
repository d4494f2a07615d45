"""Registering, signing in with JWT, lockout, rate limit and the create_officer command."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import user_login_failed
from jobs.models import Employer
from seekers.models import SeekerProfile
from tests.factories import EmployerUserFactory, OfficerFactory, SeekerUserFactory
from tests.factories.accounts import PASSWORD

REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
ME = "/api/v1/auth/me/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
GOOD_PASSWORD = "Batik-Tulis-2026"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    """The rate limit counts requests in the cache; each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


def _register(client, **overrides):
    payload = {
        "email": "Siti.Aminah@Example.id", "password": GOOD_PASSWORD, "full_name": "Siti Aminah",
        "role": "seeker", "phone": "081234567890",
    }
    payload.update(overrides)
    return client.post(REGISTER, payload, format="json", **EN)


def _sign_in(client, email: str, password: str = PASSWORD):
    return client.post(TOKEN, {"email": email, "password": password}, format="json", **EN)


# -- registration ---------------------------------------------------------------------------


def test_a_seeker_registers_and_gets_an_empty_profile_with_her_name(api_client):
    response = _register(api_client)

    assert response.status_code == 201
    user = User.objects.get()
    assert response.json() == {
        "id": user.pk, "email": "siti.aminah@example.id", "full_name": "Siti Aminah",
        "role": "seeker", "preferred_language": "id",
    }
    assert user.check_password(GOOD_PASSWORD)
    profile = SeekerProfile.objects.get(user=user)
    assert (profile.full_name, profile.phone, profile.city, profile.skill_links.count()) == (
        "Siti Aminah", "081234567890", "", 0,
    )


def test_an_employer_registers_without_a_seeker_profile_or_an_organisation(api_client):
    response = _register(
        api_client, email="bu.ani@batik.id", full_name="Ani Lestari", role="employer",
        preferred_language="en",
    )

    assert response.status_code == 201
    assert (response.json()["role"], response.json()["preferred_language"]) == ("employer", "en")
    assert SeekerProfile.objects.count() == 0
    assert Employer.objects.count() == 0


@pytest.mark.parametrize("role", ["officer", "admin"])
def test_labor_office_accounts_cannot_register_themselves(api_client, role):
    response = _register(api_client, role=role)

    assert response.status_code == 400
    assert response.json()["fields"]["role"] == [
        "Labor-office accounts cannot be registered here; an administrator creates them. "
        "Register as 'seeker' or 'employer'."
    ]
    assert User.objects.count() == 0


def test_a_weak_password_is_refused_with_every_reason(api_client):
    response = _register(api_client, password="1234567")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["fields"] == {
        "password": [
            "This password is too short. It must contain at least 8 characters.",
            "This password is too common.",
            "This password is entirely numeric.",
        ]
    }
    assert User.objects.count() == 0


def test_a_password_like_the_email_is_refused(api_client):
    response = _register(api_client, email="sitiaminah@example.id", password="sitiaminah1")

    assert response.status_code == 400
    assert response.json()["fields"]["password"] == [
        "The password is too similar to the email."
    ]


def test_messages_are_indonesian_unless_english_is_asked_for(api_client):
    payload = {"email": "a@b.id", "password": "1234567", "full_name": "A", "role": "seeker"}

    response = api_client.post(REGISTER, payload, format="json")

    assert response.json()["fields"]["password"][0] == (
        "Kata sandi terlalu pendek. Harus mengandung setidaknya 8 karakter."
    )


def test_one_account_per_email_whatever_its_case(api_client):
    _register(api_client)

    response = _register(api_client, email="SITI.AMINAH@example.ID", role="employer")

    assert response.status_code == 409
    assert response.json() == {
        "code": "conflict",
        "detail": "An account with this email already exists; sign in instead or use another "
        "email.",
    }
    assert User.objects.get().role == Role.SEEKER


# -- tokens ---------------------------------------------------------------------------------


def test_the_token_pair_works_as_bearer_and_the_refresh_gives_a_working_access(api_client):
    user = SeekerUserFactory(email="sri@example.id", full_name="Sri Wahyuni")

    tokens = _sign_in(api_client, "Sri@Example.id").json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = api_client.get(ME)
    api_client.credentials()
    refreshed = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}")
    me_again = api_client.get(ME)

    expected = {
        "id": user.pk, "email": "sri@example.id", "full_name": "Sri Wahyuni", "role": "seeker",
        "preferred_language": "id",
    }
    assert (me.status_code, me.json()) == (200, expected)
    assert (refreshed.status_code, me_again.status_code, me_again.json()) == (200, 200, expected)


def test_me_needs_a_valid_bearer_token(api_client):
    assert api_client.get(ME).status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api_client.get(ME).status_code == 401


def test_a_wrong_password_is_refused_and_counted(api_client):
    user = SeekerUserFactory(email="sri@example.id")

    response = _sign_in(api_client, "sri@example.id", "salah-sandi")

    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_credentials",
        "detail": "The email or password is not correct; check both and try again.",
    }
    user.refresh_from_db()
    assert (user.failed_login_count, user.locked_until) == (1, None)


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(api_client):
    response = _sign_in(api_client, "nobody@example.id")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


# -- lockout --------------------------------------------------------------------------------


@pytest.fixture
def three_attempts(settings):
    settings.LOGIN_MAX_FAILED_ATTEMPTS = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15


def test_the_last_allowed_failure_locks_and_the_right_password_is_then_refused(
    api_client, three_attempts
):
    user = SeekerUserFactory(email="sri@example.id")

    answers = [_sign_in(api_client, "sri@example.id", "salah").status_code for _ in range(3)]
    right = _sign_in(api_client, "sri@example.id", PASSWORD)

    assert answers == [401, 401, 403]
    assert right.status_code == 403
    assert right.json() == {
        "code": "account_locked",
        "detail": "This account is locked after too many failed sign-in attempts; try again in "
        "15 minutes.",
    }
    assert "access" not in right.json()
    user.refresh_from_db()
    locked_for = user.locked_until - timezone.now()
    assert datetime.timedelta(minutes=14) < locked_for <= datetime.timedelta(minutes=15)


def test_attempts_while_locked_do_not_extend_the_lock(api_client, three_attempts):
    user = SeekerUserFactory(email="sri@example.id")
    for _ in range(3):
        _sign_in(api_client, "sri@example.id", "salah")
    user.refresh_from_db()
    locked_until = user.locked_until

    _sign_in(api_client, "sri@example.id", "salah")

    user.refresh_from_db()
    assert (user.locked_until, user.failed_login_count) == (locked_until, 0)


def test_after_the_lock_expires_the_right_password_works_and_clears_it(api_client, three_attempts):
    user = SeekerUserFactory(email="sri@example.id")
    User.objects.filter(pk=user.pk).update(
        failed_login_count=0, locked_until=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = _sign_in(api_client, "sri@example.id")

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.failed_login_count, user.locked_until) == (0, None)
    assert user.last_login is not None


def test_a_success_resets_the_count(api_client, three_attempts):
    user = SeekerUserFactory(email="sri@example.id")
    _sign_in(api_client, "sri@example.id", "salah")
    _sign_in(api_client, "sri@example.id", "salah")

    assert _sign_in(api_client, "sri@example.id").status_code == 200
    user.refresh_from_db()
    assert user.failed_login_count == 0
    # Two new failures no longer reach the limit of three.
    answers = [_sign_in(api_client, "sri@example.id", "salah").status_code for _ in range(2)]
    assert answers == [401, 401]
    assert _sign_in(api_client, "sri@example.id").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_are_all_counted(settings):
    settings.LOGIN_MAX_FAILED_ATTEMPTS = 50
    user = SeekerUserFactory(email="sri@example.id")
    barrier = threading.Barrier(6)

    def fail_once():
        try:
            barrier.wait(timeout=10)
            user_login_failed(user=User.objects.get(pk=user.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=fail_once) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    user.refresh_from_db()
    assert user.failed_login_count == 6


# -- rate limit -----------------------------------------------------------------------------


def test_the_auth_endpoints_are_rate_limited_and_a_throttled_attempt_changes_nothing(
    api_client, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "3/min"},
    }
    user = SeekerUserFactory(email="sri@example.id")

    answers = [_sign_in(api_client, "sri@example.id", "salah").status_code for _ in range(3)]
    throttled = _sign_in(api_client, "sri@example.id", "salah")
    register = _register(api_client, email="new@example.id")

    assert answers == [401, 401, 401]
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert register.status_code == 429
    user.refresh_from_db()
    assert user.failed_login_count == 3
    assert not User.objects.filter(email="new@example.id").exists()


# -- create_officer -------------------------------------------------------------------------


def test_create_officer_creates_an_officer_who_can_sign_in(api_client):
    call_command("create_officer", "Petugas@Disnaker.id", password=GOOD_PASSWORD,
                 full_name="Budi Santoso")

    officer = User.objects.get()
    assert (officer.email, officer.role, officer.full_name) == (
        "petugas@disnaker.id", Role.OFFICER, "Budi Santoso",
    )
    assert SeekerProfile.objects.count() == 0
    assert _sign_in(api_client, "petugas@disnaker.id", GOOD_PASSWORD).status_code == 200


def test_create_officer_again_updates_the_password_and_lifts_a_lock(api_client):
    officer = OfficerFactory(email="petugas@disnaker.id", full_name="Budi Santoso")
    User.objects.filter(pk=officer.pk).update(
        failed_login_count=2, locked_until=timezone.now() + datetime.timedelta(minutes=10)
    )

    call_command("create_officer", "petugas@disnaker.id", password=GOOD_PASSWORD)

    officer.refresh_from_db()
    assert User.objects.count() == 1
    assert (officer.full_name, officer.failed_login_count, officer.locked_until) == (
        "Budi Santoso", 0, None,
    )
    assert _sign_in(api_client, "petugas@disnaker.id", PASSWORD).status_code == 401
    assert _sign_in(api_client, "petugas@disnaker.id", GOOD_PASSWORD).status_code == 200


@pytest.mark.parametrize("factory", [SeekerUserFactory, EmployerUserFactory])
def test_create_officer_refuses_an_email_of_another_role_and_changes_nothing(factory):
    user = factory(email="sri@example.id")

    with pytest.raises(CommandError, match="belongs to a .* account, not an officer"):
        call_command("create_officer", "sri@example.id", password=GOOD_PASSWORD)

    user.refresh_from_db()
    assert user.role != Role.OFFICER
    assert user.check_password(PASSWORD)


def test_create_officer_refuses_a_weak_password():
    with pytest.raises(CommandError, match="password: "):
        call_command("create_officer", "petugas@disnaker.id", password="12345678")

    assert User.objects.count() == 0
