"""Setting a NIK cannot be used to find out whose NIK is registered: attempts are rate limited
per account and per client, and the refusal does not say the NIK is registered."""

import pytest
from django.core.cache import cache

from seekers.models import SeekerProfile
from tests.factories import SeekerProfileFactory
from tests.factories.seekers import VALID_NIK

ME = "/api/v1/seekers/me/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
# Plausible NIKs (province 35, valid DDMMYY dates) nobody holds, for guessing.
GUESSES = [f"35730152059{n:05d}" for n in range(100, 140)]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def nik_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "nik_user": "3/hour",
            "nik_client": "5/hour",
        },
    }


def _patch(client, user, body, address="203.0.113.7"):
    client.force_authenticate(user)
    return client.patch(ME, body, format="json", REMOTE_ADDR=address, **EN)


def test_repeated_nik_guesses_from_one_account_are_stopped(api_client, nik_rates):
    holder = SeekerProfileFactory()
    assert _patch(api_client, holder.user, {"nik": VALID_NIK}, "192.0.2.1").status_code == 200
    guesser = SeekerProfileFactory()

    answers = [
        _patch(api_client, guesser.user, {"nik": nik}).status_code
        for nik in [VALID_NIK, GUESSES[0], GUESSES[1]]
    ]
    throttled = _patch(api_client, guesser.user, {"nik": VALID_NIK})

    assert answers == [400, 200, 200]
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert throttled.json()["detail"] == (
        "Too many attempts to change the NIK; try again in 60 minutes, or ask the labor office "
        "for help."
    )
    assert int(throttled["Retry-After"]) > 0
    guesser.refresh_from_db()
    assert guesser.nik_last4 == GUESSES[1][-4:]


def test_nik_guesses_from_one_client_are_stopped_across_accounts(api_client, nik_rates):
    accounts = [SeekerProfileFactory() for _ in range(3)]

    answers = [
        _patch(api_client, accounts[n % 3].user, {"nik": GUESSES[n]}).status_code for n in range(6)
    ]
    elsewhere = _patch(api_client, accounts[0].user, {"nik": GUESSES[9]}, "198.51.100.4")

    assert answers == [200, 200, 200, 200, 200, 429]
    assert elsewhere.status_code == 200


def test_a_throttled_nik_attempt_changes_nothing(api_client, nik_rates):
    profile = SeekerProfileFactory(about="Lama")
    for nik in GUESSES[:3]:
        _patch(api_client, profile.user, {"nik": nik})
    before = SeekerProfile.objects.filter(pk=profile.pk).values().get()

    response = _patch(api_client, profile.user, {"nik": GUESSES[5], "about": "Baru"})

    assert response.status_code == 429
    assert SeekerProfile.objects.filter(pk=profile.pk).values().get() == before


def test_edits_without_a_new_nik_are_not_counted(api_client, nik_rates):
    profile = SeekerProfileFactory()
    _patch(api_client, profile.user, {"nik": GUESSES[0]})

    answers = [
        _patch(api_client, profile.user, body).status_code
        for body in [{"about": "Halo"}, {"nik": GUESSES[0]}, {"nik": "123"}, {"about": "Lagi"}] * 3
    ]

    assert set(answers) == {200, 400}
    assert _patch(api_client, profile.user, {"nik": GUESSES[1]}).status_code == 200


def test_the_refusal_of_a_held_nik_does_not_say_it_is_registered(api_client):
    holder = SeekerProfileFactory()
    _patch(api_client, holder.user, {"nik": VALID_NIK})
    seeker = SeekerProfileFactory()

    response = _patch(api_client, seeker.user, {"nik": VALID_NIK})

    assert response.status_code == 400
    text = response.content.decode().lower()
    assert "registered" not in text and "another" not in text and "already" not in text
    assert "labor office" in text
