"""Fan-out to many seekers through a real worker and Redis: every notification exactly once."""

import time

import pytest
from django.db import transaction
from django.db.models import Count

from accounts.models import User
from notifications.models import FanOutChunk, Notification
from notifications.services import fan_out_create, notifications_resend_pending
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _seekers(count: int) -> list[int]:
    # No email or phone: this is about the in-app inbox, the channel every user has.
    User.objects.bulk_create(
        User(email=f"fanout{n}@example.id", full_name=f"Ibu {n}", role="seeker", password="!")
        for n in range(count)
    )
    return list(User.objects.filter(email__startswith="fanout").values_list("pk", flat=True))


def _fan_out(user_ids, key="expired:1"):
    # A kind with no recipient check: this is about the outbox's mechanics. Alert matches are
    # also checked against the seekers' alerts (tests/search/test_alert_delivery.py).
    with transaction.atomic():
        fan_out_create(
            key=key,
            kind="vacancy_expired",
            recipient_ids=user_ids,
            context={
                "vacancy_id": 1,
                "vacancy_title": "Penjahit masker",
                "valid_through": "2026-11-30",
            },
        )


def _assert_each_exactly_once(user_ids):
    per_recipient = Notification.objects.values("recipient").annotate(n=Count("pk"))
    assert {row["recipient"] for row in per_recipient} == set(user_ids)
    assert {row["n"] for row in per_recipient} == {1}
    assert not FanOutChunk.objects.filter(is_done=False).exists()


def test_a_fan_out_reaches_every_recipient_once(start_worker, settings):
    settings.NOTIFICATION_FAN_OUT_CHUNK = 100
    user_ids = _seekers(600)
    start_worker()

    _fan_out(user_ids)
    _fan_out(user_ids)  # the same event again: nothing new

    wait_for(lambda: Notification.objects.count() >= 600, timeout=60, message="600 notifications")
    time.sleep(0.5)
    assert Notification.objects.count() == 600
    _assert_each_exactly_once(user_ids)


def test_killing_the_worker_mid_fan_out_loses_and_doubles_nothing(start_worker, settings):
    settings.NOTIFICATION_FAN_OUT_CHUNK = 20
    user_ids = _seekers(4000)
    first = start_worker(concurrency=1)

    _fan_out(user_ids)
    wait_for(
        lambda: Notification.objects.count() >= 200,
        timeout=60,
        interval=0.02,
        message="the fan-out to start",
    )
    first.kill()
    written_when_killed = Notification.objects.count()
    assert written_when_killed < 4000, "the fan-out finished before the kill; make it larger"

    start_worker(concurrency=1)
    # What beat's resend_pending does every minute: re-enqueue chunks a dead worker left unfinished.
    notifications_resend_pending(stale_after_seconds=0)

    wait_for(
        lambda: Notification.objects.count() >= 4000, timeout=120, message="all 4000 notifications"
    )
    wait_for(
        lambda: not FanOutChunk.objects.filter(is_done=False).exists(),
        timeout=30,
        message="every chunk done",
    )
    assert Notification.objects.count() == 4000
    _assert_each_exactly_once(user_ids)
