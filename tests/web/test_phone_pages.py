"""The web pages of signing up and in with a mobile number, proving it, and a forgotten
password reset by a code: the provider is a real HTTP server the gateway posts to."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from seekers.models import SeekerProfile
from tests.accounts.conftest import code_in
from tests.factories import SeekerUserFactory, VacancyFactory
from tests.factories.seekers import SeekerSkillFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Jahitan-Rapi-2026"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def gateway(settings):
    from tests.notifications.conftest import GatewayServer  # noqa: PLC0415  # a test helper

    with GatewayServer() as server:
        settings.SMS_GATEWAY_URL = server.url
        settings.WHATSAPP_GATEWAY_URL = server.url
        yield server


def test_she_signs_up_with_her_number_proves_it_and_applies(client, gateway):
    vacancy = VacancyFactory(title="Penjahit masker")
    # Given she signs up with "Nomor HP atau email" filled with her number
    signed_up = client.post(
        reverse("sign-up"),
        {
            "full_name": "Siti Aminah",
            "identifier": "0812 3456 7890",
            "password": GOOD_PASSWORD,
            "role": "seeker",
            "consent_matching": "on",
        },
    )
    assert signed_up.status_code == 302
    form = client.get(signed_up["Location"])
    assert 'value="0812-3456-7890"' in form.content.decode()

    # When she signs in with it, she is sent to prove the number first
    signed_in = client.post(
        reverse("sign-in"),
        {"identifier": "0812-3456-7890", "password": GOOD_PASSWORD, "next": "/lowongan/"},
    )
    assert signed_in["Location"] == "/nomor-hp/?next=/lowongan/"
    page = client.get(signed_in["Location"]).content.decode()
    assert "Buktikan nomor HP Anda" in page
    assert 'value="0812-3456-7890"' in page

    # And the code by SMS, typed on the page, proves it and takes her where she was going
    sent = client.post(
        reverse("phone-code-send"),
        {"phone": "0812-3456-7890", "channel": "sms", "next": "/lowongan/"},
    )
    assert sent["Location"] == "/nomor-hp/?next=/lowongan/"
    assert "Kami mengirim kode ke 0812****890" in client.get(sent["Location"]).content.decode()
    wrong = client.post(reverse("phone-verify"), {"code": "12345x", "next": "/lowongan/"})
    proven = client.post(
        reverse("phone-verify"), {"code": code_in(gateway.requests[0]), "next": "/lowongan/"}
    )

    assert wrong.status_code == 400
    assert "Kode ini salah atau sudah tidak berlaku" in wrong.content.decode()
    assert proven["Location"] == "/lowongan/"
    user = User.objects.get(phone="+6281234567890")
    assert (user.email, user.is_phone_verified) == (None, True)
    # (her profile filled in, as the profile pages do: what a one-tap application needs)
    SeekerProfile.objects.filter(user=user).update(district="Klojen", city="Malang")
    SeekerSkillFactory(seeker=user.seeker_profile)
    applied = client.post(reverse("vacancy-apply", args=[vacancy.pk]))
    assert applied.status_code == 302
    assert Application.objects.get().seeker.user == user


def test_sign_up_refuses_what_is_neither_a_mobile_number_nor_an_email(client):
    response = client.post(
        reverse("sign-up"),
        {"full_name": "Siti", "identifier": "0341 551234", "password": GOOD_PASSWORD},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Ini bukan nomor HP Indonesia" in body
    assert 'value="0341 551234"' in body
    assert User.objects.count() == 0


def test_a_forgotten_password_is_reset_with_a_code_on_the_web(client, gateway):
    user = SeekerUserFactory(email=None, phone="+6281234567890")

    asked = client.post(reverse("password-reset"), {"identifier": "0812 3456 7890"})
    assert asked["Location"] == reverse("password-reset-code")
    page = client.get(asked["Location"]).content.decode()
    assert "0812****890" in page
    code = code_in(gateway.requests[0])
    wrong = client.post(
        reverse("password-reset-code"), {"code": "000000", "new_password": "Sandi-Baru-2026"}
    )
    done = client.post(
        reverse("password-reset-code"), {"code": code, "new_password": "Sandi-Baru-2026"}
    )

    assert wrong.status_code == 400
    assert done["Location"] == reverse("sign-in")
    user.refresh_from_db()
    assert user.check_password("Sandi-Baru-2026")
    signed_in = client.post(
        reverse("sign-in"), {"identifier": "081234567890", "password": "Sandi-Baru-2026"}
    )
    assert signed_in.status_code == 302


def test_the_code_page_without_a_number_goes_back_to_the_first_step(client):
    response = client.get(reverse("password-reset-code"))

    assert response["Location"] == reverse("password-reset")


def test_a_proven_number_is_shown_and_another_can_be_proven(client, gateway):
    user = SeekerUserFactory(phone="+6281234567890")
    client.force_login(user)

    page = client.get(reverse("phone-verify")).content.decode()
    again = client.post(reverse("phone-code-send"), {"phone": "081234567890", "channel": "sms"})

    assert "Nomor Anda 0812-3456-7890 sudah terbukti" in page
    assert again.status_code == 409
    assert "Nomor ini sudah terbukti." in again.content.decode()
    assert gateway.requests == []
