"""Deletions reach the index however long the broker or the engine is away.

A delete writes a tombstone in its own transaction (cascades too); the sweep removes the document
and then the tombstone, a 404 counting as done. Before, the removal was only an after-commit task:
lost with the broker, and the sweep only looked at rows that still existed.
"""

import pytest
from django.db import transaction
from django.test import override_settings

from jobs.models import Vacancy
from jobs.services import vacancy_publish
from notifications.models import Notification
from search.backend import SearchUnavailable, get_search_backend
from search.backends.elasticsearch import ElasticsearchBackend
from search.models import JobAlert, SearchTombstone, VacancyPercolation
from search.services import alert_create, alert_delete
from search.tasks import sweep_dirty
from search.tasks import sweep_dirty as sweep_task
from seekers.models import SeekerProfile
from tests.conftest import wait_for
from tests.factories import (
    SeekerProfileFactory,
    SeekerUserFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.notifications.test_broker_outage import redis_outage_context


@pytest.fixture
def elastic(search_backend):
    backend = ElasticsearchBackend()
    backend.drop_all()
    yield backend
    backend.drop_all()


def _in_index(backend, model_label: str, pk: int) -> bool:
    backend.refresh()
    return bool(backend.client.exists(index=backend.aliases[model_label], id=str(pk)))


def _tombstones():
    return list(SearchTombstone.objects.values_list("model_label", "object_pk", "version"))


@pytest.mark.django_db
def test_a_delete_writes_its_tombstone_in_the_same_transaction():
    alert = alert_create(user=SeekerUserFactory(), name="Obras", text="overlock")
    pk = alert.pk
    JobAlert.objects.filter(pk=pk).update(search_version=4)

    with pytest.raises(RuntimeError), transaction.atomic():
        alert_delete(alert=JobAlert.objects.get(pk=pk))
        raise RuntimeError("rolled back")
    assert JobAlert.objects.filter(pk=pk).exists()
    assert _tombstones() == []

    alert_delete(alert=JobAlert.objects.get(pk=pk))
    # One above the last version: it beats a write of the row already under way.
    assert _tombstones() == [("search.jobalert", pk, 5)]


@pytest.mark.django_db
def test_cascades_and_the_admin_leave_tombstones_too():
    # Given a seeker's profile, and a user with two alerts
    profile = SeekerProfileFactory()
    user = SeekerUserFactory()
    alerts = [alert_create(user=user, name=name, text=name) for name in ("obras", "batik")]

    # When the profile and the user are deleted (the admin does this; no search service sees it)
    profile_pk = profile.pk
    profile.delete()
    user.delete()

    # Then the index will learn about all three rows
    assert sorted(_tombstones()) == sorted(
        [
            *(("search.jobalert", alert.pk, alert.search_version + 1) for alert in alerts),
            ("seekers.seekerprofile", profile_pk, profile.search_version + 1),
        ]
    )


@pytest.mark.django_db
@pytest.mark.elasticsearch  # takes the engine down; the database backend has none to lose
def test_the_sweep_removes_deleted_documents_and_forgets_their_tombstones(elastic):
    # Given an indexed alert, a published vacancy and a seeker, all deleted with no task run
    siti = SeekerUserFactory()
    alert = alert_create(user=siti, name="Obras", text="overlock")
    profile = SeekerProfileFactory()
    vacancy = VacancyFactory()
    for label, pk in (
        ("search.jobalert", alert.pk),
        ("seekers.seekerprofile", profile.pk),
        ("jobs.vacancy", vacancy.pk),
    ):
        elastic.index(model_label=label, pks=[pk])
        assert _in_index(elastic, label, pk)
    alert_delete(alert=JobAlert.objects.get(pk=alert.pk))
    SeekerProfile.objects.filter(pk=profile.pk).delete()
    Vacancy.objects.filter(pk=vacancy.pk).delete()
    # ... and a deleted row that never reached the index: its removal answers 404
    never_indexed = alert_create(user=siti, name="Batik", text="batik")
    alert_delete(alert=never_indexed)
    assert len(_tombstones()) == 4

    # When the engine is down, the sweep keeps every tombstone
    with override_settings(ELASTICSEARCH_URLS=["http://127.0.0.1:9"]):
        get_search_backend.cache_clear()
        try:
            with pytest.raises(SearchUnavailable):
                get_search_backend().index(model_label="search.jobalert", pks=[alert.pk])
            sweep_dirty()
        finally:
            get_search_backend.cache_clear()
    assert len(_tombstones()) == 4

    # Then, once it is back, the sweep removes the documents and their tombstones
    sweep_dirty()
    assert _tombstones() == []
    assert not _in_index(elastic, "search.jobalert", alert.pk)
    assert not _in_index(elastic, "seekers.seekerprofile", profile.pk)
    assert not _in_index(elastic, "jobs.vacancy", vacancy.pk)
    assert sweep_dirty() == 0


@pytest.mark.django_db
def test_the_database_backend_only_forgets_tombstones(settings):
    settings.SEARCH_BACKEND = "database"
    get_search_backend.cache_clear()
    try:
        alert = alert_create(user=SeekerUserFactory(), name="Obras", text="overlock")
        alert_delete(alert=alert)
        assert len(_tombstones()) == 1

        sweep_dirty()

        assert _tombstones() == []
    finally:
        get_search_backend.cache_clear()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_alert_deleted_while_the_broker_is_down_stops_firing(
    api_client, elastic, taxonomy, start_worker
):
    # Given Siti's alert, indexed and searchable, and a worker
    siti = SeekerUserFactory()
    alert = alert_create(user=siti, name="Obras", text="overlock")
    elastic.index(model_label="search.jobalert", pks=[alert.pk])
    assert _in_index(elastic, "search.jobalert", alert.pk)
    start_worker()

    # When she deletes it while Redis is down
    with redis_outage_context():
        api_client.force_authenticate(siti)
        response = api_client.delete(f"/api/v1/alerts/{alert.pk}/")
        assert response.status_code == 204, response.content
    assert _tombstones() == [("search.jobalert", alert.pk, alert.search_version + 1)]
    assert _in_index(elastic, "search.jobalert", alert.pk)  # the after-commit task was lost

    # Then beat's sweep, once Redis is back, removes the document and the tombstone

    sweep_task.apply_async()
    wait_for(lambda: not _tombstones(), timeout=60, message="the deletion to reach the index")
    assert not _in_index(elastic, "search.jobalert", alert.pk)

    # ... and a vacancy that would have fitted her alert notifies nobody
    vacancy = VacancyFactory(title="Operator mesin obras", status="draft", published_at=None)
    VacancySkillFactory(vacancy=vacancy, skill=taxonomy["obras"])
    vacancy_publish(vacancy=vacancy, actor=vacancy.employer.owner)
    wait_for(
        lambda: VacancyPercolation.objects.filter(vacancy=vacancy, done_at__isnull=False),
        timeout=30,
        message="the vacancy to be matched",
    )
    assert VacancyPercolation.objects.get(vacancy=vacancy).matched_users == 0
    assert not Notification.objects.filter(recipient=siti).exists()
