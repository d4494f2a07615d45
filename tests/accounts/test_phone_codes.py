"""Signing up with a mobile number, proving it with a code by SMS/WhatsApp, a forgotten password
reset by code: through the API, with the provider a real HTTP server the gateway posts to."""

from __future__ import annotations

import datetime
import logging
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from accounts.codes import phone_codes_flush
from accounts.models import PhoneCode, User
from applications.models import Application
from notifications.models import Delivery, Preference
from notifications.services import notification_create
from tests.accounts.conftest import code_in
from tests.factories import SeekerUserFactory, VacancyFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/auth/me/"
PHONE_CODE = "/api/v1/auth/phone/code/"
PHONE_VERIFY = "/api/v1/auth/phone/verify/"
RESET_CODE = "/api/v1/auth/password/reset/code/"
RESET = "/api/v1/auth/password/reset/"
GOOD_PASSWORD = "Batik-Tulis-2026"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _signed_in(api_client, identifier: str, password: str = GOOD_PASSWORD):
    response = api_client.post(
        TOKEN, {"identifier": identifier, "password": password}, format="json"
    )
    assert response.status_code == 200, response.json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    return api_client


def test_a_phone_only_seeker_signs_up_proves_her_number_through_the_gateway_and_applies(
    api_client, gateway, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory(title="Penjahit masker")
    # Given she registers with only her mobile number, as she writes it
    registered = api_client.post(
        REGISTER,
        {
            "phone": "0812-3456-7890",
            "password": GOOD_PASSWORD,
            "full_name": "Siti Aminah",
            "role": "seeker",
            "consent_matching": True,
            "consent_contact_by_phone": True,
        },
        format="json",
    )
    assert registered.status_code == 201
    assert (registered.json()["email"], registered.json()["phone"]) == (None, "+6281234567890")
    user = User.objects.get(role="seeker")
    assert (user.email, user.phone, user.phone_verified_at) == (None, "+6281234567890", None)
    assert mail.outbox == []

    # When she signs in with the number written another way, and asks for a code by WhatsApp
    _signed_in(api_client, "+62 812 3456 7890")
    sent = api_client.post(PHONE_CODE, {"channel": "whatsapp"}, format="json")

    # Then the provider received one message to her number, carrying the code
    assert sent.status_code == 202
    assert sent.json() == {
        "phone": "0812****890",
        "expires_in": 600,
        "resend_in": 60,
        "detail": "Kami mengirim kode ke 0812****890; masukkan kode itu untuk membuktikan nomor.",
    }
    [message] = gateway.requests
    assert (message["authorization"], message["body"]["channel"], message["body"]["to"]) == (
        "Bearer wa-token",
        "whatsapp",
        "+6281234567890",
    )
    code = code_in(message)

    # And the code she read proves the number
    proven = api_client.post(PHONE_VERIFY, {"code": code}, format="json")
    assert proven.status_code == 200
    assert (proven.json()["phone"], proven.json()["phone_verified"]) == ("+6281234567890", True)
    assert api_client.post(PHONE_VERIFY, {"code": code}, format="json").status_code == 400

    # And she applies, and hears of it by SMS at her proven number and in her inbox
    api_client.put(
        "/api/v1/notifications/preferences/",
        [{"kind": "application_status_changed", "email": True, "sms": True, "whatsapp": False}],
        format="json",
    )
    applied = api_client.post(
        "/api/v1/applications/", {"vacancy": vacancy.pk, "cover_note": ""}, format="json"
    )
    assert applied.status_code == 201, applied.json()
    application = Application.objects.get()
    employer = vacancy.employer.owner
    employer_api = type(api_client)()
    employer_api.force_authenticate(employer)
    with django_capture_on_commit_callbacks(execute=True):
        moved = employer_api.post(
            f"/api/v1/applications/{application.pk}/transition/",
            {"status": "reviewed"},
            format="json",
        )
    assert moved.status_code == 200, moved.json()
    assert list(
        Delivery.objects.filter(notification__recipient=user).values_list("channel", "address")
    ) == [("sms", "+6281234567890")]
    inbox = api_client.get("/api/v1/notifications/")
    assert [item["kind"] for item in inbox.json()["results"]] == ["application_status_changed"]


def test_an_unproven_number_signs_in_but_hears_nothing_by_sms(api_client):
    user = SeekerUserFactory(phone="+6281299990000", phone_verified_at=None)
    user.set_password(GOOD_PASSWORD)
    user.save()

    _signed_in(api_client, "081299990000")
    me = api_client.get(ME).json()
    Preference.objects.create(user=user, kind="application_status_changed", email=True, sms=True)
    notification = notification_create(
        recipient=user, kind="application_status_changed", context={}, dedup_key="k"
    )

    assert (me["phone"], me["phone_verified"]) == ("+6281299990000", False)
    assert notification is not None
    assert list(notification.deliveries.values_list("channel", flat=True)) == ["email"]


def test_every_spelling_of_a_number_counts_towards_one_sign_in_lock(api_client, settings):
    SeekerUserFactory(phone="+6281299990000")
    spellings = ["081299990000", "+62 812 9999 0000", "62-812-9999-0000", "0812.9999.0000"]

    answers = [
        api_client.post(TOKEN, {"identifier": typed, "password": "salah"}, format="json")
        for typed in spellings[: settings.LOGIN_MAX_FAILED_ATTEMPTS - 1]
    ]
    locked = api_client.post(
        TOKEN, {"identifier": "0812 9999 0000", "password": "x"}, format="json"
    )
    right = api_client.post(
        TOKEN, {"identifier": "081299990000", "password": PASSWORD}, format="json"
    )

    assert [answer.status_code for answer in answers] == [401, 401, 401, 401]
    assert (locked.status_code, right.status_code) == (429, 429)


def test_codes_asked_for_many_numbers_are_limited_per_client(api_client, gateway, settings):
    settings.PHONE_CODE_SENDS_PER_CLIENT_HOUR = 2
    for number in ("+6281200000001", "+6281200000002", "+6281200000003"):
        SeekerUserFactory(phone=number)

    statuses = [
        api_client.post(RESET_CODE, {"phone": number}, format="json").status_code
        for number in ("081200000001", "081200000002", "081200000003")
    ]

    assert statuses == [202, 202, 429]
    assert len(gateway.requests) == 2


def test_a_thousand_guesses_are_stopped_after_five_and_the_right_code_then_fails_too(
    api_client, gateway, settings
):
    # (the per-client "auth" rate limit of the test settings, 1,000 a minute, would stop it too)
    rest = settings.REST_FRAMEWORK
    settings.REST_FRAMEWORK = {**rest, "DEFAULT_THROTTLE_RATES": {"auth": "2000/min"}}
    # Given a seeker who asked for a code
    user = SeekerUserFactory(phone="+6281234567890", phone_verified_at=None)
    api_client.force_authenticate(user)
    assert api_client.post(PHONE_CODE, {}, format="json").status_code == 202
    right = code_in(gateway.requests[0])
    wrong = [f"{n:06d}" for n in range(1001) if f"{n:06d}" != right][:999]

    # When 1,000 guesses are made, the right code among them at the 500th
    guesses = [*wrong[:499], right, *wrong[499:]]
    answers = [api_client.post(PHONE_VERIFY, {"code": guess}, format="json") for guess in guesses]

    # Then four wrong guesses are told "wrong", the fifth ends the code, and every later guess,
    # the right one included, is refused without being compared
    statuses = [answer.status_code for answer in answers]
    assert statuses[:4] == [400] * 4
    assert statuses[4:] == [429] * 996
    assert {answer.json()["code"] for answer in answers[4:]} == {"code_attempts_exceeded"}
    assert PhoneCode.objects.get().attempts == 5
    user.refresh_from_db()
    assert user.phone_verified_at is None


def test_wrong_guesses_are_limited_per_client_across_fresh_codes(api_client, gateway, settings):
    settings.PHONE_CODE_GUESSES_PER_CLIENT_HOUR = 8
    settings.PHONE_CODE_RESEND_SECONDS = 0
    user = SeekerUserFactory(phone="+6281234567890", phone_verified_at=None)
    api_client.force_authenticate(user)

    statuses = []
    for _ in range(3):  # three codes, five wrong guesses each at most
        assert api_client.post(PHONE_CODE, {}, format="json").status_code == 202
        for _ in range(5):
            statuses.append(
                api_client.post(PHONE_VERIFY, {"code": "999999"}, format="json").status_code
            )
    right = code_in(gateway.requests[-1])
    late = api_client.post(PHONE_VERIFY, {"code": right}, format="json")

    assert statuses == [400, 400, 400, 400, 429, 400, 400, 400, 429, 429, 429, 429, 429, 429, 429]
    assert (late.status_code, late.json()["code"]) == (429, "code_throttled")


def test_sending_is_limited_per_number_and_a_refused_send_reaches_no_gateway(
    api_client, gateway, settings
):
    user = SeekerUserFactory(phone="+6281234567890", phone_verified_at=None)
    api_client.force_authenticate(user)

    first = api_client.post(PHONE_CODE, {}, format="json")
    again = api_client.post(PHONE_CODE, {}, format="json")

    assert first.status_code == 202
    assert (again.status_code, again.json()["code"], again["Retry-After"]) == (
        429,
        "code_throttled",
        "60",
    )
    assert len(gateway.requests) == 1
    assert PhoneCode.objects.count() == 1


def test_at_most_five_codes_an_hour_go_to_one_number(api_client, gateway, settings):
    settings.PHONE_CODE_RESEND_SECONDS = 0
    user = SeekerUserFactory(phone="+6281234567890", phone_verified_at=None)
    api_client.force_authenticate(user)

    for _ in range(5):
        assert api_client.post(PHONE_CODE, {}, format="json").status_code == 202
    sixth = api_client.post(PHONE_CODE, {}, format="json")
    assert sixth.status_code == 429
    assert len(gateway.requests) == 5


def test_a_code_never_appears_in_the_logs_nor_in_the_database(api_client, gateway, caplog):
    user = SeekerUserFactory(phone="+6281234567890", phone_verified_at=None)
    api_client.force_authenticate(user)

    with caplog.at_level(logging.DEBUG):
        api_client.post(PHONE_CODE, {}, format="json")
        code = code_in(gateway.requests[0])
        api_client.post(PHONE_VERIFY, {"code": f"{(int(code) + 1) % 10**6:06d}"}, format="json")
        api_client.post(PHONE_VERIFY, {"code": code}, format="json")
        user.phone_verified_at = None
        user.save()
        api_client.post(RESET_CODE, {"phone": "081234567890"}, format="json")

    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    assert "phone code" in caplog.text  # the sends are logged, by id
    assert code not in caplog.text
    assert code not in dump.getvalue()
    assert len(PhoneCode.objects.get().code_hash) == 64


def test_a_forgotten_password_is_reset_with_a_code_to_the_proven_number(api_client, gateway):
    # Given a phone-only seeker whose number is proven
    user = SeekerUserFactory(email=None, phone="+6281234567890")
    other_client = type(api_client)()
    old_tokens = _signed_in(other_client, "081234567890", PASSWORD)

    # When she asks for a code and sets a new password with it
    asked = api_client.post(RESET_CODE, {"phone": "0812 3456 7890"}, format="json")
    code = code_in(gateway.requests[0])
    weak = api_client.post(
        RESET, {"phone": "081234567890", "code": code, "new_password": "123"}, format="json"
    )
    reset = api_client.post(
        RESET,
        {"phone": "081234567890", "code": code, "new_password": "Sandi-Baru-2026"},
        format="json",
    )

    # Then a weak password spends nothing, the code sets the new one, and older tokens end
    assert asked.status_code == 202
    assert (weak.status_code, list(weak.json()["fields"])) == (400, ["new_password"])
    assert reset.status_code == 200
    assert set(reset.json()) == {"access", "refresh"}
    user.refresh_from_db()
    assert user.check_password("Sandi-Baru-2026")
    assert old_tokens.get(ME).status_code == 401
    again = api_client.post(
        RESET,
        {"phone": "081234567890", "code": code, "new_password": "Sandi-Lagi-2026"},
        format="json",
    )
    assert again.status_code == 400


def test_a_reset_code_goes_only_to_a_proven_number_and_the_answer_is_the_same(api_client, gateway):
    SeekerUserFactory(phone="+6281211112222", phone_verified_at=None)
    SeekerUserFactory(phone="+6281233334444")

    unproven = api_client.post(RESET_CODE, {"phone": "081211112222"}, format="json")
    unknown = api_client.post(RESET_CODE, {"phone": "081299999999"}, format="json")
    proven = api_client.post(RESET_CODE, {"phone": "081233334444"}, format="json")
    not_mobile = api_client.post(RESET_CODE, {"phone": "0341 551234"}, format="json")

    assert unproven.status_code == unknown.status_code == proven.status_code == 202
    assert unproven.json() == unknown.json() == proven.json()
    assert [r["body"]["to"] for r in gateway.requests] == ["+6281233334444"]
    assert (not_mobile.status_code, list(not_mobile.json()["fields"])) == (400, ["phone"])
    guess = api_client.post(
        RESET,
        {"phone": "081211112222", "code": "123456", "new_password": "Sandi-Baru-2026"},
        format="json",
    )
    assert (guess.status_code, list(guess.json()["fields"])) == (400, ["code"])


def test_a_gateway_that_refuses_gives_503_and_the_code_is_dead(api_client, gateway):
    gateway.responses = [500]
    user = SeekerUserFactory(phone="+6281234567890", phone_verified_at=None)
    api_client.force_authenticate(user)

    response = api_client.post(PHONE_CODE, {}, format="json")

    assert (response.status_code, response.json()["code"]) == (503, "service_unavailable")
    assert PhoneCode.objects.get().used_at is not None


def test_proving_a_new_number_makes_it_her_sign_in_number(api_client, gateway):
    user = SeekerUserFactory(email="sri@example.id")
    SeekerUserFactory(phone="+6281299990000")
    api_client.force_authenticate(user)

    taken = api_client.post(PHONE_CODE, {"phone": "081299990000"}, format="json")
    bad = api_client.post(PHONE_CODE, {"phone": "0341 551234"}, format="json")
    sent = api_client.post(PHONE_CODE, {"phone": "0813 1111 2222"}, format="json")
    proven = api_client.post(PHONE_VERIFY, {"code": code_in(gateway.requests[0])}, format="json")

    assert (taken.status_code, taken.json()["code"]) == (409, "phone_taken")
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["phone"])
    assert sent.status_code == 202
    assert proven.json()["phone"] == "+6281311112222"
    assert _signed_in(type(api_client)(), "081311112222", PASSWORD).get(ME).status_code == 200


def test_registering_a_number_that_has_an_account_answers_as_for_a_new_one(api_client):
    SeekerUserFactory(phone="+6281234567890", full_name="Siti")
    before = list(User.objects.values())
    payload = {
        "password": GOOD_PASSWORD,
        "full_name": "Lain",
        "role": "seeker",
        "consent_matching": True,
    }

    taken = api_client.post(REGISTER, {**payload, "phone": "081234567890"}, format="json")
    none = api_client.post(REGISTER, payload, format="json")
    bad = api_client.post(REGISTER, {**payload, "phone": "+60123456789"}, format="json")

    assert taken.status_code == 201
    assert list(User.objects.values()) == before
    assert (none.status_code, list(none.json()["fields"])) == (400, ["non_field_errors"])
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["phone"])


def test_codes_a_day_past_their_expiry_are_deleted_by_the_daily_task(api_client, gateway):
    user = SeekerUserFactory(phone="+6281234567890", phone_verified_at=None)
    api_client.force_authenticate(user)
    api_client.post(PHONE_CODE, {}, format="json")
    code = PhoneCode.objects.get()

    kept = phone_codes_flush(now=code.expires_at + datetime.timedelta(hours=23))
    gone = phone_codes_flush(now=code.expires_at + datetime.timedelta(days=1))

    assert (kept, gone) == (0, 1)
    assert PhoneCode.objects.count() == 0
