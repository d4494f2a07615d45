"""Redis down while seekers apply: every application is saved, every notification arrives later."""

import contextlib
import subprocess

import pytest

from applications.models import Application
from notifications.models import Delivery, Notification
from notifications.services import notifications_resend_pending
from tests.conftest import ROOT, wait_for
from tests.factories import SeekerProfileFactory, VacancyFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _redis(action: str) -> None:
    subprocess.run(
        [str(ROOT / "scripts" / "services"), action, "redis"], check=True, capture_output=True
    )


def test_applications_are_saved_while_redis_is_down_and_notified_after(api_client, start_worker):
    vacancy = VacancyFactory(title="Penjahit masker", positions=10)
    seekers = [SeekerProfileFactory() for _ in range(4)]
    start_worker()

    with redis_outage_context():
        for seeker in seekers:
            api_client.force_authenticate(seeker.user)
            response = api_client.post(
                "/api/v1/applications/",
                {"vacancy": vacancy.pk, "cover_note": "Saya bisa menjahit."},
                format="json",
            )
            assert response.status_code == 201, response.content
        assert Application.objects.filter(vacancy=vacancy).count() == 4
        # The outbox holds them: one notification and one pending email each for the employer.
        assert Notification.objects.filter(recipient=vacancy.employer.owner).count() == 4
        assert set(Delivery.objects.values_list("status", flat=True)) == {"pending"}

    # Redis is back: what beat does every minute, here every few seconds until all are sent.
    def all_sent() -> bool:
        notifications_resend_pending(stale_after_seconds=0)
        return Delivery.objects.filter(status="sent").count() == 4

    wait_for(all_sent, timeout=120, interval=3, message="the four emails to be sent")
    assert Delivery.objects.filter(status="sent", attempts=1).count() == 4


@contextlib.contextmanager
def redis_outage_context():
    """Stop the real test Redis; it is started again whatever happens inside."""
    _redis("stop")
    try:
        yield
    finally:
        _redis("start")
