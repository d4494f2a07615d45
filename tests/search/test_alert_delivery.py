"""Job alerts fire whatever the timing, and never for an alert that is gone or paused.

The index lags behind the database (a write is searchable only after the next refresh, and not at
all while the broker or the engine is away); matching a vacancy against the alerts must not.
"""

import pytest
from django.core import mail
from django.db import transaction

from jobs.services import vacancy_publish
from notifications.models import Delivery, FanOutChunk, Notification
from notifications.services import delivery_send, fan_out_chunk_write
from search.backend import get_search_backend
from search.documents import vacancy_body
from search.models import JobAlert, VacancyPercolation
from search.services import alert_create, alert_delete, alert_update, vacancy_percolate
from tests.conftest import wait_for
from tests.factories import SeekerUserFactory, VacancyFactory, VacancySkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, settings, search_backend):
    """The configured search backend, once as each kind (vacancy_percolate asks settings)."""
    settings.SEARCH_BACKEND = request.param
    get_search_backend.cache_clear()
    yield get_search_backend()
    get_search_backend.cache_clear()


@pytest.fixture
def sewing_vacancy(taxonomy):
    vacancy = VacancyFactory(title="Operator mesin obras", description="Konveksi seragam.")
    VacancySkillFactory(vacancy=vacancy, skill=taxonomy["obras"])
    return vacancy


def _write_notifications() -> None:
    """What the fan-out task does after commit."""
    for chunk in FanOutChunk.objects.filter(is_done=False).select_related("fan_out"):
        fan_out_chunk_write(chunk=chunk)


def test_an_alert_saved_a_moment_before_the_publish_fires(engine, sewing_vacancy):
    # Given an alert just saved: not indexed yet (no worker ran), exactly the moment of the bug.
    siti = SeekerUserFactory()
    alert = alert_create(user=siti, name="Obras", text="overlock")
    assert alert.indexed_version < alert.search_version

    # When the vacancy is matched at once
    matched = vacancy_percolate(vacancy_pk=sewing_vacancy.pk)

    # Then she is told, once
    assert matched == 1
    _write_notifications()
    assert list(Notification.objects.values_list("recipient", "kind")) == [(siti.pk, "alert_match")]


def test_an_alert_indexed_a_moment_ago_is_already_searchable(search_backend, sewing_vacancy):
    # Given an alert the index confirmed a moment ago (no refresh forced by the test)
    siti = SeekerUserFactory()
    alert = alert_create(user=siti, name="Obras", text="overlock")
    search_backend.index(model_label="search.jobalert", pks=[alert.pk])
    alert.refresh_from_db()
    assert alert.indexed_version == alert.search_version

    # When the index alone is asked, immediately
    users = search_backend.alert_users_for(vacancy_body(sewing_vacancy))

    # Then it already sees the alert: confirmation waits for searchability
    assert users == [siti.pk]


def test_a_paused_alert_the_index_still_holds_notifies_nobody(engine, sewing_vacancy):
    # Given an alert indexed as active, then paused, and the index not told yet
    siti = SeekerUserFactory()
    alert = alert_create(user=siti, name="Obras", text="overlock")
    engine.index(model_label="search.jobalert", pks=[alert.pk])
    if engine.name == "elasticsearch":
        engine.refresh()
    alert_update(alert=alert, is_active=False)

    # When the vacancy is matched
    matched = vacancy_percolate(vacancy_pk=sewing_vacancy.pk)

    # Then nobody is told
    assert matched == 0
    assert not FanOutChunk.objects.exists()
    assert VacancyPercolation.objects.get(vacancy=sewing_vacancy).matched_users == 0


def test_an_alert_deleted_between_match_and_write_notifies_nobody(engine, sewing_vacancy):
    # Given a vacancy matched to Siti's alert, her notification not written yet
    siti, dewi = SeekerUserFactory(), SeekerUserFactory()
    siti_alert = alert_create(user=siti, name="Obras", text="overlock")
    alert_create(user=dewi, name="Obras", skill_slugs=["obras"])
    assert vacancy_percolate(vacancy_pk=sewing_vacancy.pk) == 2

    # When she deletes the alert before the fan-out runs
    alert_delete(alert=siti_alert)
    _write_notifications()

    # Then only Dewi hears of the vacancy
    assert list(Notification.objects.values_list("recipient", flat=True)) == [dewi.pk]


@pytest.mark.parametrize("change", ["deleted", "paused"])
def test_an_alert_changed_between_write_and_send_sends_nothing(engine, sewing_vacancy, change):
    # Given Siti's notification written, its email pending
    siti = SeekerUserFactory(email="siti@example.id")
    alert = alert_create(user=siti, name="Obras", text="overlock")
    vacancy_percolate(vacancy_pk=sewing_vacancy.pk)
    _write_notifications()
    delivery = Delivery.objects.get(notification__recipient=siti)

    # When the alert is deleted or paused before the email goes out
    if change == "deleted":
        alert_delete(alert=alert)
    else:
        alert_update(alert=alert, is_active=False)
    outcome = delivery_send(delivery_id=delivery.pk)

    # Then no email is sent, and the delivery says why instead of staying pending
    assert outcome == "cancelled"
    assert mail.outbox == []
    delivery.refresh_from_db()
    assert delivery.status == "cancelled"
    assert delivery_send(delivery_id=delivery.pk) == "skipped"


def test_another_alert_that_still_fits_keeps_the_email(engine, sewing_vacancy):
    # Given two alerts of Siti's that fit, and her email pending
    siti = SeekerUserFactory(email="siti@example.id")
    first = alert_create(user=siti, name="Obras", text="overlock")
    alert_create(user=siti, name="Obras lagi", skill_slugs=["obras"])
    vacancy_percolate(vacancy_pk=sewing_vacancy.pk)
    _write_notifications()

    # When one of them is deleted
    alert_delete(alert=first)

    # Then the other still wants the vacancy: the email goes out
    delivery = Delivery.objects.get(notification__recipient=siti)
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert [message.to for message in mail.outbox] == [["siti@example.id"]]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["database", "elasticsearch"])
def test_save_then_publish_at_once_notifies_exactly_once_through_a_real_worker(
    kind, taxonomy, search_backend, start_worker, settings
):
    settings.SEARCH_BACKEND = kind
    get_search_backend.cache_clear()
    try:
        start_worker(extra_env={"SEARCH_BACKEND": kind})
        siti = SeekerUserFactory()
        vacancy = VacancyFactory(title="Operator mesin obras", status="draft", published_at=None)
        VacancySkillFactory(vacancy=vacancy, skill=taxonomy["obras"])

        # Given an alert saved, when the vacancy is published at once: no sleep in between
        alert_create(user=siti, name="Obras", text="overlock")
        vacancy_publish(vacancy=vacancy, actor=vacancy.employer.owner)

        # Then exactly one notification reaches her
        wait_for(
            lambda: VacancyPercolation.objects.filter(vacancy=vacancy, done_at__isnull=False),
            timeout=30,
            message="the vacancy to be matched",
        )
        assert VacancyPercolation.objects.get(vacancy=vacancy).matched_users == 1
        wait_for(
            lambda: (
                Notification.objects.filter(recipient=siti).exists()
                and not FanOutChunk.objects.filter(is_done=False).exists()
            ),
            timeout=30,
            message="the alert notification",
        )
        assert list(Notification.objects.values_list("recipient", "kind")) == [
            (siti.pk, "alert_match")
        ]
        assert JobAlert.objects.get(user=siti).is_active
    finally:
        get_search_backend.cache_clear()


def test_matching_the_same_vacancy_twice_notifies_once(engine, sewing_vacancy):
    siti = SeekerUserFactory()
    alert_create(user=siti, name="Obras", text="overlock")

    with transaction.atomic():
        assert vacancy_percolate(vacancy_pk=sewing_vacancy.pk) == 1
    assert vacancy_percolate(vacancy_pk=sewing_vacancy.pk) == 0
    _write_notifications()
    _write_notifications()

    assert Notification.objects.filter(recipient=siti).count() == 1
