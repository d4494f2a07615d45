"""Tokens end: a refresh token works once, sign-out ends both tokens, a new password ends all."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.services import tokens_flush_expired
from tests.factories import OfficerFactory, SeekerUserFactory
from tests.factories.accounts import PASSWORD

TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
LOGOUT = "/api/v1/auth/logout/"
ME = "/api/v1/auth/me/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _tokens(client, email: str, password: str = PASSWORD) -> dict:
    response = client.post(TOKEN, {"email": email, "password": password}, format="json")
    assert response.status_code == 200
    return response.json()


def _me(client, access: str):
    return client.get(ME, HTTP_AUTHORIZATION=f"Bearer {access}", **EN)


def _refresh(client, refresh: str):
    return client.post(REFRESH, {"refresh": refresh}, format="json", **EN)


def test_a_refresh_token_works_once_and_its_successor_works(api_client):
    SeekerUserFactory(email="sri@example.id")
    tokens = _tokens(api_client, "sri@example.id")

    first = _refresh(api_client, tokens["refresh"])
    second = _refresh(api_client, tokens["refresh"])
    successor = _refresh(api_client, first.json()["refresh"])

    assert first.status_code == 200
    assert set(first.json()) == {"access", "refresh"}
    assert first.json()["refresh"] != tokens["refresh"]
    assert second.status_code == 401
    assert second.json()["code"] == "token_not_valid"
    assert successor.status_code == 200
    assert _me(api_client, successor.json()["access"]).status_code == 200


def test_logout_ends_the_refresh_token_and_the_access_token_sent_with_it(api_client):
    SeekerUserFactory(email="sri@example.id")
    tokens = _tokens(api_client, "sri@example.id")
    other_session = _tokens(api_client, "sri@example.id")

    response = api_client.post(
        LOGOUT, {"refresh": tokens["refresh"]}, format="json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['access']}",
    )  # fmt: skip

    assert response.status_code == 204
    assert _refresh(api_client, tokens["refresh"]).status_code == 401
    signed_out = _me(api_client, tokens["access"])
    assert signed_out.status_code == 401
    assert signed_out.json()["code"] == "token_not_valid"
    # Her other device keeps its own session.
    assert _me(api_client, other_session["access"]).status_code == 200
    assert _refresh(api_client, other_session["refresh"]).status_code == 200


def test_logout_needs_only_the_refresh_token_and_refuses_a_forged_one(api_client):
    SeekerUserFactory(email="sri@example.id")
    tokens = _tokens(api_client, "sri@example.id")

    forged = api_client.post(LOGOUT, {"refresh": tokens["refresh"][:-4] + "abcd"}, format="json")
    response = api_client.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")

    assert forged.status_code == 401
    assert response.status_code == 204
    assert _refresh(api_client, tokens["refresh"]).status_code == 401
    assert _me(api_client, tokens["access"]).status_code == 200  # not sent, so not ended


def test_a_new_password_ends_every_older_access_and_refresh_token(api_client):
    user = SeekerUserFactory(email="sri@example.id")
    phone = _tokens(api_client, "sri@example.id")
    laptop = _tokens(api_client, "sri@example.id")
    rotated = _refresh(api_client, laptop["refresh"]).json()

    user.set_password("Kain-Batik-Baru-2026")
    user.save()

    for access in (phone["access"], laptop["access"], rotated["access"]):
        response = _me(api_client, access)
        assert response.status_code == 401
        assert response.json()["code"] == "password_changed"
    for refresh in (phone["refresh"], rotated["refresh"]):
        response = _refresh(api_client, refresh)
        assert response.status_code == 401
        assert response.json() == {
            "code": "password_changed",
            "detail": "The password of this account has changed since; sign in again.",
        }
    fresh = _tokens(api_client, "sri@example.id", "Kain-Batik-Baru-2026")
    assert _me(api_client, fresh["access"]).status_code == 200


def test_an_officer_password_reset_by_the_administrator_ends_her_tokens(api_client):
    OfficerFactory(email="petugas@disnaker.id")
    tokens = _tokens(api_client, "petugas@disnaker.id")

    call_command("create_officer", "petugas@disnaker.id", password="Disnaker-Baru-2026")

    assert _me(api_client, tokens["access"]).status_code == 401
    assert _refresh(api_client, tokens["refresh"]).status_code == 401


def test_a_disabled_account_cannot_refresh(api_client):
    user = SeekerUserFactory(email="sri@example.id")
    tokens = _tokens(api_client, "sri@example.id")
    user.is_active = False
    user.save()

    response = _refresh(api_client, tokens["refresh"])

    assert response.status_code == 401
    assert response.json()["code"] == "no_active_account"


def test_a_refresh_token_of_a_deleted_account_is_a_401_not_a_500(api_client):
    user = SeekerUserFactory(email="sri@example.id")
    tokens = _tokens(api_client, "sri@example.id")
    user.delete()

    assert _refresh(api_client, tokens["refresh"]).status_code == 401


def test_expired_refresh_token_records_are_flushed_and_live_ones_kept(api_client):
    SeekerUserFactory(email="sri@example.id")
    used = _tokens(api_client, "sri@example.id")
    _refresh(api_client, used["refresh"])
    assert (OutstandingToken.objects.count(), BlacklistedToken.objects.count()) == (2, 1)

    assert tokens_flush_expired(now=timezone.now()) == 0
    later = timezone.now() + timedelta(days=8)
    assert tokens_flush_expired(now=later) == 3  # two outstanding tokens and one blacklist row
    assert OutstandingToken.objects.count() == 0


# -- changing the password ------------------------------------------------------------------

PASSWORD_CHANGE = "/api/v1/auth/password/"


def _change_password(client, access: str, current: str, new: str):
    return client.post(
        PASSWORD_CHANGE, {"current_password": current, "new_password": new}, format="json",
        HTTP_AUTHORIZATION=f"Bearer {access}", REMOTE_ADDR="203.0.113.7", **EN,
    )  # fmt: skip


def test_changing_her_password_ends_every_older_token_and_gives_a_new_pair(api_client):
    SeekerUserFactory(email="sri@example.id")
    phone = _tokens(api_client, "sri@example.id")
    laptop = _tokens(api_client, "sri@example.id")

    response = _change_password(api_client, laptop["access"], PASSWORD, "Kain-Batik-Baru-2026")

    assert response.status_code == 200
    fresh = response.json()
    for old in (phone, laptop):
        assert _me(api_client, old["access"]).status_code == 401
        assert _refresh(api_client, old["refresh"]).status_code == 401
    assert _me(api_client, fresh["access"]).status_code == 200
    assert _refresh(api_client, fresh["refresh"]).status_code == 200
    assert _tokens(api_client, "sri@example.id", "Kain-Batik-Baru-2026")


def test_a_wrong_current_password_changes_nothing_and_counts_towards_the_lock(api_client, settings):
    settings.LOGIN_MAX_FAILED_ATTEMPTS = 3
    user = SeekerUserFactory(email="sri@example.id")
    tokens = _tokens(api_client, "sri@example.id")
    before = user.password

    answers = [
        _change_password(api_client, tokens["access"], "tebakan", "Kain-Batik-Baru-2026")
        for _ in range(3)
    ]

    assert [answer.status_code for answer in answers] == [400, 400, 429]
    assert answers[0].json()["fields"] == {
        "current_password": ["This is not your current password; check it and try again."]
    }
    assert answers[2].json()["code"] == "sign_in_locked"
    user.refresh_from_db()
    assert user.password == before
    assert _me(api_client, tokens["access"]).status_code == 200


def test_a_new_password_of_spaces_is_refused(api_client):
    SeekerUserFactory(email="sri@example.id")
    tokens = _tokens(api_client, "sri@example.id")

    response = _change_password(api_client, tokens["access"], PASSWORD, " " * 10)

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "new_password": [
            "The password cannot be made of spaces only; choose one with letters or digits."
        ]
    }
    assert _me(api_client, tokens["access"]).status_code == 200
