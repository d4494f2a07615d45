"""Registering, signing in with JWT, lockout, rate limit and the create_officer command."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import _pair_keys, sign_in_failed, sign_in_locked_until
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


def _register(client, address: str = "203.0.113.7", **overrides):
    payload = {
        "email": "Siti.Aminah@Example.id",
        "password": GOOD_PASSWORD,
        "full_name": "Siti Aminah",
        "role": "seeker",
        "phone": "081234567890",
    }
    payload.update(overrides)
    return client.post(REGISTER, payload, format="json", REMOTE_ADDR=address, **EN)


def _sign_in(client, email: str, password: str = PASSWORD, address: str = "203.0.113.7"):
    """Sign in from a client at ``address`` (the rate limit and the lock count per client)."""
    return client.post(
        TOKEN, {"email": email, "password": password}, format="json", REMOTE_ADDR=address, **EN
    )


# -- registration ---------------------------------------------------------------------------


REGISTERED = (
    "Registered. Sign in with this email and your password; we also sent a message to this email."
)


def test_a_seeker_registers_and_gets_an_empty_profile_with_her_name(
    api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(api_client)

    assert response.status_code == 201
    user = User.objects.get()
    assert response.json() == {
        "email": "siti.aminah@example.id",
        "full_name": "Siti Aminah",
        "role": "seeker",
        "preferred_language": "id",
        "detail": REGISTERED,
    }
    assert user.check_password(GOOD_PASSWORD)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["siti.aminah@example.id"], "Akun Si-Caker Anda"),
    ]
    profile = SeekerProfile.objects.get(user=user)
    assert (profile.full_name, profile.phone, profile.city, profile.skill_links.count()) == (
        "Siti Aminah",
        "+6281234567890",
        "",
        0,
    )


def test_an_employer_registers_without_a_seeker_profile_or_an_organisation(api_client):
    response = _register(
        api_client,
        email="bu.ani@batik.id",
        full_name="Ani Lestari",
        role="employer",
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
    assert response.json()["fields"]["password"] == ["The password is too similar to the email."]


def test_messages_are_indonesian_unless_english_is_asked_for(api_client):
    payload = {"email": "a@b.id", "password": "1234567", "full_name": "A", "role": "seeker"}

    response = api_client.post(REGISTER, payload, format="json")

    assert response.json()["fields"]["password"][0] == (
        "Kata sandi terlalu pendek. Harus mengandung setidaknya 8 karakter."
    )


def test_registering_an_existing_email_answers_as_for_a_new_one_and_tells_its_owner(
    api_client, django_capture_on_commit_callbacks
):
    owner = SeekerUserFactory(email="siti.aminah@example.id", full_name="Siti Aminah")
    before = list(User.objects.values())

    with django_capture_on_commit_callbacks(execute=True):
        taken = _register(api_client, email="SITI.AMINAH@example.ID", role="employer")
    with django_capture_on_commit_callbacks(execute=True):
        new = _register(api_client, email="dewi@example.id", full_name="Siti Aminah")

    assert taken.status_code == new.status_code == 201
    assert taken.json() == {
        "email": "siti.aminah@example.id",
        "full_name": "Siti Aminah",
        "role": "employer",
        "preferred_language": "id",
        "detail": REGISTERED,
    }
    assert {**new.json(), "email": "", "role": ""} == {**taken.json(), "email": "", "role": ""}
    assert list(User.objects.exclude(email="dewi@example.id").values()) == before
    assert not SeekerProfile.objects.filter(user=owner).exists()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["siti.aminah@example.id"], "Anda sudah memiliki akun Si-Caker"),
        (["dewi@example.id"], "Akun Si-Caker Anda"),
    ]
    assert "already has one, so nothing was changed" not in mail.outbox[0].body
    assert "sudah memiliki akun" in mail.outbox[0].body


def test_the_already_registered_mail_goes_out_at_most_once_an_hour(
    api_client, django_capture_on_commit_callbacks
):
    SeekerUserFactory(email="siti.aminah@example.id")

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert _register(api_client).status_code == 201

    assert len(mail.outbox) == 1
    assert User.objects.count() == 1


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
        "id": user.pk,
        "email": "sri@example.id",
        "full_name": "Sri Wahyuni",
        "role": "seeker",
        "preferred_language": "id",
    }
    assert (me.status_code, me.json()) == (200, expected)
    assert (refreshed.status_code, me_again.status_code, me_again.json()) == (200, 200, expected)


def test_me_needs_a_valid_bearer_token(api_client):
    assert api_client.get(ME).status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api_client.get(ME).status_code == 401


def test_a_wrong_password_is_refused(api_client):
    user = SeekerUserFactory(email="sri@example.id")
    before = User.objects.filter(pk=user.pk).values().get()

    response = _sign_in(api_client, "sri@example.id", "salah-sandi")

    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_credentials",
        "detail": "The email or password is not correct; check both and try again.",
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert User.objects.filter(pk=user.pk).values().get() == before


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(api_client):
    response = _sign_in(api_client, "nobody@example.id")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


# -- lockout --------------------------------------------------------------------------------


@pytest.fixture
def three_attempts(settings):
    settings.LOGIN_MAX_FAILED_ATTEMPTS = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15


LOCKED = {
    "code": "sign_in_locked",
    "detail": "Too many failed sign-in attempts with this email; try again in 15 minutes.",
}


def test_the_last_allowed_failure_locks_and_the_right_password_is_then_refused(
    api_client, three_attempts
):
    SeekerUserFactory(email="sri@example.id")

    answers = [_sign_in(api_client, "sri@example.id", "salah").status_code for _ in range(3)]
    right = _sign_in(api_client, "sri@example.id", PASSWORD)

    assert answers == [401, 401, 429]
    assert (right.status_code, right.json()) == (429, LOCKED)
    assert 14 * 60 < int(right["Retry-After"]) <= 15 * 60
    locked_until = sign_in_locked_until(email="sri@example.id", client="203.0.113.7")
    assert locked_until is not None
    locked_for = locked_until - timezone.now()
    assert datetime.timedelta(minutes=14) < locked_for <= datetime.timedelta(minutes=15)


def test_an_attacker_cannot_lock_the_owner_out_from_another_client(api_client, three_attempts):
    SeekerUserFactory(email="petugas@disnaker.id", role=Role.OFFICER)

    attacker = [
        _sign_in(api_client, "petugas@disnaker.id", "tebakan", address="198.51.100.66")
        for _ in range(5)
    ]
    owner = _sign_in(api_client, "petugas@disnaker.id", PASSWORD, address="203.0.113.7")

    assert [answer.status_code for answer in attacker] == [401, 401, 429, 429, 429]
    assert owner.status_code == 200
    assert set(owner.json()) == {"access", "refresh"}
    # ... and the attacker's client stays locked after the owner signed in.
    again = _sign_in(api_client, "petugas@disnaker.id", PASSWORD, address="198.51.100.66")
    assert again.json() == LOCKED


def test_unknown_and_locked_emails_get_identical_answers(api_client, three_attempts):
    SeekerUserFactory(email="sri@example.id")

    def attempts(email: str) -> list[tuple]:
        answers = [_sign_in(api_client, email, "salah") for _ in range(4)]
        answers.append(_sign_in(api_client, email, PASSWORD))
        return [
            (answer.status_code, answer.json(), answer.get("Retry-After") is not None)
            for answer in answers
        ]

    existing = attempts("sri@example.id")
    unknown = attempts("nobody@example.id")

    assert existing == unknown
    assert [status for status, *_ in existing] == [401, 401, 429, 429, 429]
    assert existing[-1][1] == LOCKED


def test_attempts_while_locked_do_not_extend_the_lock(api_client, three_attempts):
    SeekerUserFactory(email="sri@example.id")
    for _ in range(3):
        _sign_in(api_client, "sri@example.id", "salah")
    locked_until = sign_in_locked_until(email="sri@example.id", client="203.0.113.7")

    _sign_in(api_client, "sri@example.id", "salah")

    assert sign_in_locked_until(email="sri@example.id", client="203.0.113.7") == locked_until


def test_after_the_lock_expires_the_right_password_works_and_clears_the_count(
    api_client, three_attempts
):
    user = SeekerUserFactory(email="sri@example.id")
    for _ in range(3):
        _sign_in(api_client, "sri@example.id", "salah")
    _, lock_key = _pair_keys(email="sri@example.id", client="203.0.113.7")
    cache.set(lock_key, (timezone.now() - datetime.timedelta(seconds=1)).timestamp())

    response = _sign_in(api_client, "sri@example.id")

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.last_login is not None
    answers = [_sign_in(api_client, "sri@example.id", "salah").status_code for _ in range(2)]
    assert answers == [401, 401]


def test_a_success_resets_the_count(api_client, three_attempts):
    SeekerUserFactory(email="sri@example.id")
    _sign_in(api_client, "sri@example.id", "salah")
    _sign_in(api_client, "sri@example.id", "salah")

    assert _sign_in(api_client, "sri@example.id").status_code == 200
    # Two new failures no longer reach the limit of three.
    answers = [_sign_in(api_client, "sri@example.id", "salah").status_code for _ in range(2)]
    assert answers == [401, 401]
    assert _sign_in(api_client, "sri@example.id").status_code == 200


def test_concurrent_failures_are_all_counted(settings):
    settings.LOGIN_MAX_FAILED_ATTEMPTS = 6
    barrier = threading.Barrier(6)
    results = []

    def fail_once():
        barrier.wait(timeout=10)
        results.append(sign_in_failed(email="sri@example.id", client="203.0.113.7"))

    threads = [threading.Thread(target=fail_once) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(1 for locked_until in results if locked_until is not None) == 1
    assert sign_in_locked_until(email="sri@example.id", client="203.0.113.7") is not None


# -- rate limit -----------------------------------------------------------------------------


def test_the_auth_endpoints_are_rate_limited_and_a_throttled_attempt_changes_nothing(
    api_client, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth": "3/min"},
    }
    SeekerUserFactory(email="sri@example.id")

    answers = [_sign_in(api_client, "sri@example.id", "salah").status_code for _ in range(3)]
    throttled = _sign_in(api_client, "sri@example.id", "salah")
    register = _register(api_client, email="new@example.id")

    assert answers == [401, 401, 401]
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert register.status_code == 429
    assert sign_in_locked_until(email="sri@example.id", client="203.0.113.7") is None
    assert not User.objects.filter(email="new@example.id").exists()


# -- create_officer -------------------------------------------------------------------------


def test_create_officer_creates_an_officer_who_can_sign_in(api_client):
    call_command(
        "create_officer", "Petugas@Disnaker.id", password=GOOD_PASSWORD, full_name="Budi Santoso"
    )

    officer = User.objects.get()
    assert (officer.email, officer.role, officer.full_name) == (
        "petugas@disnaker.id",
        Role.OFFICER,
        "Budi Santoso",
    )
    assert SeekerProfile.objects.count() == 0
    assert _sign_in(api_client, "petugas@disnaker.id", GOOD_PASSWORD).status_code == 200


def test_create_officer_again_updates_the_password_and_lifts_a_lock(api_client, three_attempts):
    officer = OfficerFactory(email="petugas@disnaker.id", full_name="Budi Santoso")
    for _ in range(3):
        _sign_in(api_client, "petugas@disnaker.id", "salah")
    assert sign_in_locked_until(email="petugas@disnaker.id", client="203.0.113.7") is not None

    call_command("create_officer", "petugas@disnaker.id", password=GOOD_PASSWORD)

    officer.refresh_from_db()
    assert User.objects.count() == 1
    assert officer.full_name == "Budi Santoso"
    assert sign_in_locked_until(email="petugas@disnaker.id", client="203.0.113.7") is None
    assert _sign_in(api_client, "petugas@disnaker.id", PASSWORD).status_code == 401
    assert _sign_in(api_client, "petugas@disnaker.id", GOOD_PASSWORD).status_code == 200


@pytest.mark.parametrize("factory", [SeekerUserFactory, EmployerUserFactory])
def test_create_officer_refuses_an_email_of_another_role_and_changes_nothing(factory):
    user = factory(email="sri@example.id")

    with pytest.raises(CommandError, match=r"belongs to a .* account, not an officer"):
        call_command("create_officer", "sri@example.id", password=GOOD_PASSWORD)

    user.refresh_from_db()
    assert user.role != Role.OFFICER
    assert user.check_password(PASSWORD)


def test_create_officer_refuses_a_weak_password():
    with pytest.raises(CommandError, match="password: "):
        call_command("create_officer", "petugas@disnaker.id", password="12345678")

    assert User.objects.count() == 0
