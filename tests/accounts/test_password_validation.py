"""Passwords of spaces, or with a space at either end, are refused wherever a password is set."""

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from accounts.models import User

REGISTER = "/api/v1/auth/register/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    cache.clear()
    yield
    cache.clear()


def _register(client, password: str):
    payload = {
        "email": "siti@example.id", "password": password, "full_name": "Siti Aminah",
        "role": "seeker", "consent_matching": True,
    }  # fmt: skip
    return client.post(REGISTER, payload, format="json", **EN)


BLANK = "The password cannot be made of spaces only; choose one with letters or digits."


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        (" " * 10, [BLANK]),
        ("\t \u00a0" * 4, [BLANK]),
        (
            "Batik-Tulis-2026 ",
            ["The password cannot start or end with a space; remove the space."],
        ),
        (
            " Batik-Tulis-2026",
            ["The password cannot start or end with a space; remove the space."],
        ),
        (
            "a b c d e f g",
            ["The password must contain at least 8 characters that are not spaces."],
        ),
    ],
)  # fmt: skip
def test_a_blank_or_space_padded_password_is_refused_and_nothing_is_created(
    api_client, password, messages
):
    response = _register(api_client, password)

    assert response.status_code == 400
    assert response.json()["fields"] == {"password": messages}
    assert User.objects.count() == 0


def test_spaces_inside_a_passphrase_are_fine(api_client):
    response = _register(api_client, "kain batik tulis madiun")

    assert response.status_code == 201
    assert User.objects.get().check_password("kain batik tulis madiun")


def test_an_officer_cannot_be_given_a_password_of_spaces():
    with pytest.raises(CommandError, match="spaces only"):
        call_command("create_officer", "petugas@disnaker.id", password=" " * 12)

    assert User.objects.count() == 0
