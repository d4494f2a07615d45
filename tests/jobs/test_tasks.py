"""The expiry task and the asynchronous path of vacancy changes, with a real Celery worker."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import Vacancy, VacancyEvent
from jobs.tasks import close_expired_vacancies
from sicaker.celery import app
from tests.conftest import wait_for
from tests.factories.jobs import DraftVacancyFactory, VacancyFactory

DAY = datetime.timedelta(days=1)


def state(vacancy: Vacancy) -> tuple[str, str]:
    vacancy.refresh_from_db()
    return vacancy.status, vacancy.closed_reason


@pytest.mark.django_db
def test_the_task_closes_expired_vacancies_and_can_run_twice():
    today = timezone.localdate()
    expired = VacancyFactory(valid_through=today - DAY)
    current = VacancyFactory(valid_through=today)

    assert close_expired_vacancies() == 1
    assert close_expired_vacancies() == 0

    assert state(expired) == ("closed", "expired")
    assert state(current) == ("published", "")
    assert VacancyEvent.objects.filter(vacancy=expired).count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_beat_s_task_closes_expired_vacancies_through_a_real_worker(celery_worker_process):
    today = timezone.localdate()
    expired = VacancyFactory(valid_through=today - 2 * DAY)
    also_expired = VacancyFactory(valid_through=today - DAY)
    current = VacancyFactory(valid_through=today)
    expired_draft = DraftVacancyFactory(valid_through=today - DAY)

    app.send_task("jobs.close_expired_vacancies")

    wait_for(
        lambda: state(expired) == state(also_expired) == ("closed", "expired"),
        message="the worker to close the expired vacancies",
    )
    assert state(current) == ("published", "")
    assert state(expired_draft) == ("draft", "")
    # Closing marked them dirty; the worker then takes them out of the search index.
    wait_for(
        lambda: all(
            Vacancy.objects.filter(pk=vacancy.pk, indexed_version=vacancy.search_version).exists()
            for vacancy in (expired, also_expired)
        ),
        message="the worker to confirm the closed vacancies left the index",
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_publish_reaches_the_search_index_through_a_real_worker(
    api_client, celery_worker_process
):
    vacancy = DraftVacancyFactory(title="Penjahit seragam batik")
    api_client.force_authenticate(vacancy.employer.owner)

    response = api_client.post(f"/api/v1/vacancies/{vacancy.pk}/publish/")

    assert response.status_code == 200
    vacancy.refresh_from_db()
    assert vacancy.search_version == 2

    def indexed() -> bool:
        vacancy.refresh_from_db()
        return vacancy.indexed_version == 2

    wait_for(indexed, message="the worker to index the published vacancy")
