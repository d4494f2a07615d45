"""Deliveries: written with their cause, sent once, retried with a cap, never in quiet hours."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.db import transaction

from notifications.gateways import TransientDeliveryError
from notifications.models import Delivery, Notification, Preference, QuietHours
from notifications.services import delivery_send, notification_create
from tests.factories import SeekerUserFactory

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOON = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=JAKARTA)
NIGHT = datetime.datetime(2026, 11, 23, 22, 30, tzinfo=JAKARTA)
CONTEXT = {
    "application_id": 7,
    "vacancy_id": 3,
    "vacancy_title": "Penjahit masker",
    "employer_name": "Konveksi Sejahtera",
    "status": "shortlisted",
    "note": "Datang Senin jam 9.",
}


# She agreed to be contacted by SMS/WhatsApp (consent (c)); without it neither is sent.
PHONE_CONSENTS = ["matching", "shown_to_employers", "contact_by_phone"]


def _notify(user, key="status:1"):
    return notification_create(
        recipient=user, kind="application_status_changed", context=CONTEXT, dedup_key=key
    )


def test_the_same_event_twice_notifies_once(django_capture_on_commit_callbacks):
    user = SeekerUserFactory(email="siti@example.id")

    with django_capture_on_commit_callbacks() as callbacks:
        first = _notify(user)
        second = _notify(user)

    assert first is not None and second is None
    assert Notification.objects.filter(recipient=user).count() == 1
    assert list(Delivery.objects.values_list("channel", "address")) == [
        ("email", "siti@example.id")
    ]
    assert len(callbacks) == 1  # one enqueue, after commit


def test_a_notification_rolls_back_with_its_cause():
    user = SeekerUserFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(user)
        raise RuntimeError("the application could not be saved")

    assert not Notification.objects.exists() and not Delivery.objects.exists()


def test_email_is_sent_once_in_the_users_language():
    user = SeekerUserFactory(email="siti@example.id", preferred_language="id")
    delivery = _notify(user).deliveries.get()

    assert delivery_send(delivery_id=delivery.pk, now=NOON) == "sent"
    assert delivery_send(delivery_id=delivery.pk, now=NOON) == "skipped"

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["siti@example.id"]
    assert mail.outbox[0].subject == "Lamaran Anda: Masuk daftar pendek"
    assert "Datang Senin jam 9." in mail.outbox[0].body
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)


def test_english_speakers_get_english(settings):
    user = SeekerUserFactory(preferred_language="en")
    delivery = _notify(user).deliveries.get()

    delivery_send(delivery_id=delivery.pk, now=NOON)

    assert mail.outbox[0].subject == "Your application: Shortlisted"


def test_sms_goes_through_the_configured_gateway(gateway):
    user = SeekerUserFactory(phone="+6281234567890", consents=PHONE_CONSENTS)
    Preference.objects.create(user=user, kind="application_status_changed", email=False, sms=True)
    delivery = _notify(user).deliveries.get()

    assert delivery_send(delivery_id=delivery.pk, now=NOON) == "sent"

    [request] = gateway.requests
    assert request["authorization"] == "Bearer sms-token"
    assert request["idempotency_key"] == f"delivery-{delivery.pk}"
    assert request["body"]["to"] == "+6281234567890"
    assert request["body"]["channel"] == "sms"
    assert len(request["body"]["text"]) <= 160
    assert request["body"]["text"].startswith("Si-Caker: lamaran Anda untuk Penjahit masker")


def test_a_gateway_error_is_retried_with_backoff_then_ends_failed(gateway, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    gateway.responses = [503, 503, 503]
    user = SeekerUserFactory(phone="+6281234567890", consents=PHONE_CONSENTS)
    Preference.objects.create(user=user, kind="application_status_changed", email=False, sms=True)
    delivery = _notify(user).deliveries.get()

    moment = NOON
    for attempt, expected_delay in ((1, 5), (2, 10)):
        with pytest.raises(TransientDeliveryError) as raised:
            delivery_send(delivery_id=delivery.pk, now=moment)
        assert raised.value.retry_in == expected_delay
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("pending", attempt)
        # Not due yet: a retry arriving early does nothing.
        assert delivery_send(delivery_id=delivery.pk, now=moment) == "skipped"
        moment = delivery.not_before

    assert delivery_send(delivery_id=delivery.pk, now=moment) == "failed"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert "503" in delivery.last_error
    assert len(gateway.requests) == 3


def test_a_refused_message_is_not_retried(gateway):
    gateway.responses = [400]
    user = SeekerUserFactory(phone="+6281234567891", consents=PHONE_CONSENTS)
    Preference.objects.create(
        user=user, kind="application_status_changed", email=False, whatsapp=True
    )
    delivery = _notify(user).deliveries.get()

    assert delivery_send(delivery_id=delivery.pk, now=NOON) == "failed"
    assert delivery_send(delivery_id=delivery.pk, now=NOON) == "skipped"
    assert len(gateway.requests) == 1


def test_sms_waits_for_the_end_of_quiet_hours_but_email_does_not(gateway):
    user = SeekerUserFactory(phone="+6281234567890", consents=PHONE_CONSENTS)
    Preference.objects.create(user=user, kind="application_status_changed", email=True, sms=True)
    QuietHours.objects.create(
        user=user, starts_at=datetime.time(21, 0), ends_at=datetime.time(6, 0)
    )
    notification = _notify(user)
    sms = notification.deliveries.get(channel="sms")
    email = notification.deliveries.get(channel="email")

    assert delivery_send(delivery_id=sms.pk, now=NIGHT) == "deferred"
    assert delivery_send(delivery_id=email.pk, now=NIGHT) == "sent"

    sms.refresh_from_db()
    assert sms.not_before == datetime.datetime(2026, 11, 24, 6, 0, tzinfo=JAKARTA)
    assert gateway.requests == []
    assert delivery_send(delivery_id=sms.pk, now=sms.not_before) == "sent"
    assert len(gateway.requests) == 1


def test_sms_goes_at_night_to_her_who_switched_quiet_hours_off(gateway):
    # Given she switched quiet hours off (without a setting, 21:00-06:00 would hold SMS back)
    user = SeekerUserFactory(phone="+6281234567890", consents=PHONE_CONSENTS)
    Preference.objects.create(user=user, kind="application_status_changed", email=False, sms=True)
    QuietHours.objects.create(user=user, is_enabled=False)
    sms = _notify(user).deliveries.get(channel="sms")

    # When it is sent at night, then it goes at once
    assert delivery_send(delivery_id=sms.pk, now=NIGHT) == "sent"
    assert len(gateway.requests) == 1


def test_no_address_means_no_delivery_on_that_channel():
    user = SeekerUserFactory(phone=None)
    Preference.objects.create(user=user, kind="application_status_changed", email=True, sms=True)

    notification = _notify(user)

    assert list(notification.deliveries.values_list("channel", flat=True)) == ["email"]
