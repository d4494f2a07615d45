"""A node of a three-node Elasticsearch cluster dies under load: no search fails, no write is lost.

Runs only against the local three-node cluster (`make test-cluster`: `scripts/services cluster
start`, then pytest with ELASTICSEARCH_URL naming the three nodes, ELASTICSEARCH_SHARDS=3 and
ELASTICSEARCH_REPLICAS=1, as production sets them). Any other run skips it (marker `cluster`).
The node is killed with SIGKILL through `scripts/services cluster kill-node`, which knows only the
cluster's own pid files: the shared single node on 9200 is never touched.
"""

from __future__ import annotations

import datetime
import subprocess
import threading
import time
from pathlib import Path
from typing import cast

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from jobs.models import Vacancy
from jobs.services import vacancy_create, vacancy_publish
from search.backends.elasticsearch import ElasticsearchBackend
from tests.conftest import wait_for
from tests.factories import EmployerFactory, VacancyFactory

SERVICES = Path(__file__).resolve().parents[2] / "scripts" / "services"
SEARCH_THREADS = 4
WRITE_INTERVAL_SECONDS = 0.25

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.slow,
    pytest.mark.elasticsearch,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]


def _services(*args: str) -> None:
    subprocess.run([str(SERVICES), "cluster", *args], check=True, timeout=300)


def _node_number(backend: ElasticsearchBackend) -> int:
    """The number of the elected master (sicaker-node-N): killing it is the hardest case."""
    masters = cast(list, backend.client.cat.master(format="json").body)
    name = masters[0]["node"]
    assert name.startswith("sicaker-node-"), f"not the local cluster: master is {name}"
    return int(name.rsplit("-", 1)[1])


def _health(backend: ElasticsearchBackend, **wait) -> dict:
    return dict(backend.client.cluster.health(timeout="90s", **wait))


def _indexed_pks(backend: ElasticsearchBackend) -> set[int]:
    backend.refresh()
    response = backend.client.search(
        index=backend.vacancy_alias, size=10_000, source=False, query={"match_all": {}}
    )
    return {int(hit["_id"]) for hit in response["hits"]["hits"]}


class _Load:
    """Threads sending searches through the API until stopped; every answer is checked."""

    def __init__(self, *, at_least: int) -> None:
        self.at_least = at_least
        self.stopped = threading.Event()
        self.searches = 0
        self.failures: list[str] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run) for _ in range(SEARCH_THREADS)]

    def _run(self) -> None:
        client = Client(HTTP_HOST="127.0.0.1")
        try:
            while not self.stopped.is_set():
                failure = ""
                try:
                    response = client.get("/api/v1/vacancies/search/", {"page_size": 5})
                    if response.status_code != 200:
                        failure = f"HTTP {response.status_code}: {response.content[:200]!r}"
                    elif response.json()["count"] < self.at_least:
                        # a shard answered by no copy shows as a short count, not as an error
                        failure = f"count {response.json()['count']} < {self.at_least}"
                except Exception as error:  # noqa: BLE001 - every failure is counted
                    failure = repr(error)
                with self.lock:
                    self.searches += 1
                    if failure:
                        self.failures.append(failure)
                time.sleep(0.02)
        finally:
            connection.close()

    def __enter__(self) -> _Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=60)


class _Writer:
    """Creates and publishes vacancies through the services, one every WRITE_INTERVAL_SECONDS."""

    def __init__(self, employer) -> None:
        self.employer = employer
        self.stopped = threading.Event()
        self.written: list[int] = []
        self.errors: list[str] = []
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        number = 0
        try:
            while not self.stopped.is_set():
                number += 1
                try:
                    vacancy = vacancy_create(
                        employer=self.employer,
                        actor=self.employer.owner,
                        data={
                            "title": f"Penjahit borongan gelombang {number}",
                            "description": "Menjahit seragam sekolah di rumah.",
                            "work_type": "piece_rate",
                            "positions": 2,
                            "valid_through": timezone.localdate() + datetime.timedelta(days=30),
                        },
                    )
                    # Near-copies of one another on purpose (the writes are under test, not
                    # their wording): published anyway, as an employer may.
                    vacancy_publish(vacancy=vacancy, actor=self.employer.owner, publish_anyway=True)
                    self.written.append(vacancy.pk)
                except Exception as error:  # noqa: BLE001 - a refused write is a finding
                    self.errors.append(repr(error))
                time.sleep(WRITE_INTERVAL_SECONDS)
        finally:
            connection.close()

    def __enter__(self) -> _Writer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join(timeout=60)


def test_a_node_killed_under_load_fails_no_search_and_loses_no_write(search_backend, start_worker):
    # Given the cluster, an index rebuilt with 3 shards and 1 replica, and a worker
    assert len(settings.ELASTICSEARCH_URLS) == 3, settings.ELASTICSEARCH_URLS
    assert (settings.ELASTICSEARCH_SHARDS, settings.ELASTICSEARCH_REPLICAS) == (3, 1), (
        "run with ELASTICSEARCH_SHARDS=3 ELASTICSEARCH_REPLICAS=1 (make test-cluster)"
    )
    backend = ElasticsearchBackend()
    backend.drop_all()
    employer = EmployerFactory()
    VacancyFactory.create_batch(300, employer=employer)
    backend.rebuild()
    index_settings = backend.client.indices.get_settings(index=backend.vacancy_alias)
    (layout,) = [value["settings"]["index"] for value in index_settings.values()]
    assert (layout["number_of_shards"], layout["number_of_replicas"]) == ("3", "1")
    assert _health(backend, wait_for_status="green")["number_of_nodes"] == 3
    assert len(_indexed_pks(backend)) == 300
    start_worker()
    victim = _node_number(backend)

    # When, under a steady search load and a stream of new vacancies, the master is killed
    # (SIGKILL) and started again
    with _Load(at_least=300) as load, _Writer(employer) as writer:
        time.sleep(3)
        searches_before = load.searches
        _services("kill-node", str(victim))
        time.sleep(10)  # the outage: the cluster elects a master and promotes replicas
        written_during_outage = list(writer.written)
        _services("start-node", str(victim))
        assert _health(backend, wait_for_status="green", wait_for_nodes="3")["status"] == "green"
        time.sleep(3)

    # Then no search failed, every write was accepted, and every row written is searchable
    assert load.failures == []
    assert load.searches > searches_before + 50, (searches_before, load.searches)
    assert writer.errors == []
    assert len(written_during_outage) >= 10
    open_pks = set(Vacancy.objects.filter(status="published").values_list("pk", flat=True))
    assert set(writer.written) <= open_pks
    assert len(open_pks) == 300 + len(writer.written)
    wait_for(
        lambda: _indexed_pks(backend) == open_pks,
        timeout=120,
        message="every vacancy in PostgreSQL to be in the index",
    )
    response = Client(HTTP_HOST="127.0.0.1").get("/api/v1/vacancies/search/", {"q": "gelombang"})
    assert response.json()["count"] == len(writer.written)
    backend.drop_all()
