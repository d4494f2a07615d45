"""The stream under concurrent writers: a reader following it while changes commit in parallel
misses none and repeats none, on PostgreSQL (row locks, READ COMMITTED) and on SQLite.

The hazard: numbers handed out at insert (a sequence) commit out of order, so a reader that
has seen n+1 may never see n. Here every writer sleeps inside its transaction after its write,
so that a writer holding a lower number is often still open while others try to commit.
"""

import random
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from jobs.models import Vacancy, VacancyChange, VacancyStatus
from jobs.open_data.log import record_vacancy_changes
from jobs.open_data.stream import encode_cursor
from jobs.services import vacancy_close, vacancy_publish, vacancy_update
from tests.factories.jobs import DraftVacancyFactory, EmployerFactory

STREAM = "/api/v1/open/vacancies/stream/"
WRITERS = 4
ROUNDS = 15


@pytest.fixture
def unthrottled(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "open_data": "1000000/min"},
    }
    cache.clear()
    yield
    cache.clear()


def _writer(number: int, pks: list[int], errors: list[BaseException]) -> None:
    rng = random.Random(number)
    try:
        for pk in pks:
            with transaction.atomic():
                vacancy = Vacancy.objects.get(pk=pk)
                vacancy_publish(vacancy=vacancy, actor=vacancy.employer.owner, publish_anyway=True)
                time.sleep(rng.uniform(0, 0.01))
        for round_ in range(ROUNDS):
            pk = pks[round_ % len(pks)]
            with transaction.atomic():
                vacancy = Vacancy.objects.get(pk=pk)
                data = {"title": f"Penjahit {number}-{round_}"}
                vacancy_update(vacancy=vacancy, actor=vacancy.employer.owner, data=data)
                time.sleep(rng.uniform(0, 0.01))
        with transaction.atomic():
            vacancy = Vacancy.objects.get(pk=pks[0])
            vacancy_close(vacancy=vacancy, actor=vacancy.employer.owner)
            time.sleep(rng.uniform(0, 0.01))
    except BaseException as error:  # noqa: BLE001 - reported by the test
        errors.append(error)
    finally:
        connection.close()


def _reader(done: threading.Event, seen: list[dict], errors: list[BaseException]) -> None:
    client = Client()
    since = None
    try:
        while True:
            finished = done.is_set()  # read before the page: a page after it sees every change
            query = {"limit": 3, **({"since": since} if since else {})}
            answer = client.get(STREAM, query)
            assert answer.status_code == 200, answer.content
            body = answer.json()
            seen.extend(body["items"])
            since = body["next_cursor"]
            if finished and not body["has_more"]:
                return
            if not body["has_more"]:
                time.sleep(0.002)
    except BaseException as error:  # noqa: BLE001 - reported by the test
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_reader_following_the_stream_misses_and_repeats_nothing_while_writers_commit_in_parallel(
    unthrottled,
):
    # Given two drafts for each of four writers, of verified employers
    employer = EmployerFactory()
    drafts = [DraftVacancyFactory(employer=employer).pk for _ in range(2 * WRITERS)]

    # When the writers publish, edit and close them in parallel while a reader follows
    errors: list[BaseException] = []
    seen: list[dict] = []
    done = threading.Event()
    reader = threading.Thread(target=_reader, args=(done, seen, errors))
    writers = [
        threading.Thread(target=_writer, args=(n, drafts[2 * n : 2 * n + 2], errors))
        for n in range(WRITERS)
    ]
    reader.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    done.set()
    reader.join(timeout=120)

    # Then nothing failed, and the reader has the whole log, each change once, in order
    assert errors == []
    expected = WRITERS * (2 + ROUNDS + 1)
    log = list(VacancyChange.objects.order_by("seq").values_list("seq", "vacancy_id", "kind"))
    assert len(log) == expected
    assert [seq for seq, _, _ in log] == list(range(1, expected + 1))
    collected = [(item["cursor"], item["vacancy_id"], item["change"]) for item in seen]
    assert len(collected) == len({cursor for cursor, _, _ in collected}) == expected
    assert collected == [(encode_cursor(seq), pk, kind) for seq, pk, kind in log]
    # And each vacancy's changes came in the order its writes happened
    for pk in drafts:
        mine = [item for item in seen if item["vacancy_id"] == pk]
        titles = [item["vacancy"]["title"] for item in mine if item["vacancy"]]
        assert mine[0]["change"] == "published"
        assert titles[1:] == sorted(titles[1:], key=lambda t: int(t.rsplit("-", 1)[1]))
    still_public = {
        item["vacancy_id"]: item["vacancy"]["title"] for item in seen if item["vacancy"] is not None
    }
    for item in seen:
        if item["vacancy"] is None:
            still_public.pop(item["vacancy_id"])
    assert still_public == dict(
        Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).values_list("pk", "title")
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_writer_waits_for_the_first_to_commit_before_it_takes_a_number(employer):
    # Given two public vacancies
    first = vacancy_publish(
        vacancy=DraftVacancyFactory(employer=employer), actor=employer.owner, publish_anyway=True
    )
    second = vacancy_publish(
        vacancy=DraftVacancyFactory(employer=employer), actor=employer.owner, publish_anyway=True
    )
    Vacancy.objects.filter(pk__in=[first.pk, second.pk]).update(title="Baru")
    recorded = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                record_vacancy_changes(pks=[first.pk])
                recorded.set()
                release.wait(timeout=30)
                order.append("first commits")
        finally:
            connection.close()

    # When the first writer holds its change open and a second records another
    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert recorded.wait(timeout=30)
    timer = threading.Timer(0.5, release.set)
    timer.start()
    with transaction.atomic():
        record_vacancy_changes(pks=[second.pk])
        order.append("second numbered")
    thread.join(timeout=30)

    # Then the second got its number only after the first committed, and a larger one
    assert order == ["first commits", "second numbered"]
    assert list(VacancyChange.objects.filter(seq__gt=2).values_list("seq", "vacancy_id")) == [
        (3, first.pk),
        (4, second.pk),
    ]
