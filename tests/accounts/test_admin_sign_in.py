"""The admin's sign-in obeys the API's rate limit and sign-in lock; its session is not an API
session (the API takes bearer tokens only, so no API request can be forged from a browser)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import Role
from tests.factories import SeekerProfileFactory, SeekerUserFactory
from tests.factories.accounts import PASSWORD, AdminFactory

ROOT = Path(__file__).resolve().parent.parent.parent
ADMIN_LOGIN = "/admin/login/"
TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/auth/me/"
SEEKER_ME = "/api/v1/seekers/me/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user():
    return AdminFactory(email="admin@disnaker.id", is_staff=True, is_superuser=True)


def _admin_sign_in(client: Client, email: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        ADMIN_LOGIN,
        {"username": email, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_admin_signs_in_with_the_right_password(admin_user):
    client = Client()

    response = _admin_sign_in(client, "admin@disnaker.id", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_the_admin_sign_in_is_rate_limited_with_the_api_per_client(admin_user, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "5/min"},
    }  # fmt: skip
    settings.LOGIN_MAX_FAILED_ATTEMPTS = 100
    client = Client()

    answers = [
        _admin_sign_in(client, "admin@disnaker.id", f"tebakan-{n}").status_code for n in range(30)
    ]
    api = client.post(
        TOKEN, {"email": "admin@disnaker.id", "password": PASSWORD},
        content_type="application/json", REMOTE_ADDR="203.0.113.7",
    )  # fmt: skip
    right = _admin_sign_in(client, "admin@disnaker.id", PASSWORD)

    assert answers == [200] * 5 + [429] * 25
    assert api.status_code == 429
    assert right.status_code == 429
    assert int(right["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session
    # Another client is not affected.
    assert (
        _admin_sign_in(Client(), "admin@disnaker.id", PASSWORD, "198.51.100.9").status_code == 302
    )


def test_the_admin_sign_in_counts_towards_the_lock_of_that_email_and_client(admin_user, settings):
    settings.LOGIN_MAX_FAILED_ATTEMPTS = 3
    client = Client()

    for _ in range(3):
        _admin_sign_in(client, "admin@disnaker.id", "tebakan")
    locked = _admin_sign_in(client, "admin@disnaker.id", PASSWORD)
    api = client.post(
        TOKEN, {"email": "admin@disnaker.id", "password": PASSWORD},
        content_type="application/json", REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    owner = _admin_sign_in(Client(), "admin@disnaker.id", PASSWORD, "198.51.100.9")

    assert locked.status_code == 200
    assert "Too many failed sign-in attempts with this number or email" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert api.status_code == 429
    assert owner.status_code == 302


def test_a_non_staff_account_cannot_use_the_admin(settings):
    SeekerUserFactory(email="sri@example.id")
    client = Client()

    response = _admin_sign_in(client, "sri@example.id", PASSWORD)

    assert response.status_code == 200
    assert "staff account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_admin_session_does_not_authenticate_api_requests(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    assert client.get("/admin/").status_code == 200
    assert client.get(ME).status_code == 401


def test_a_session_without_a_csrf_token_cannot_make_an_unsafe_api_request(api_client):
    profile = SeekerProfileFactory(about="Lama")
    client = Client(enforce_csrf_checks=True)
    client.force_login(profile.user)
    assert profile.user.role == Role.SEEKER

    response = client.patch(
        SEEKER_ME, {"about": "Diubah lewat sesi"}, content_type="application/json"
    )

    assert response.status_code == 401
    profile.refresh_from_db()
    assert profile.about == "Lama"


def _local_python(code: str, **variables: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "sicaker.settings.local", **variables,
    }  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def test_the_admin_can_be_moved_to_a_configured_path():
    code = (
        "import django; django.setup(); from django.urls import Resolver404, resolve\n"
        "print(resolve('/kantor-disnaker-7f3a/login/').url_name)\n"
        "try:\n    resolve('/admin/login/')\nexcept Resolver404:\n    print('no /admin/')"
    )

    result = _local_python(code, DJANGO_ADMIN_URL="kantor-disnaker-7f3a/")

    assert result.stdout.split() == ["login", "no", "/admin/"], result.stderr


def test_a_malformed_admin_path_stops_start_up_with_a_clear_message():
    result = _local_python("import django; django.setup()", DJANGO_ADMIN_URL="/admin")

    assert result.returncode == 1
    assert "DJANGO_ADMIN_URL must be a relative path ending in '/'" in result.stderr
