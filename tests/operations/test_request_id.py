"""One request id from the HTTP request into the Celery tasks it causes, in every log line."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from django.test import Client
from rest_framework.test import APIClient

from sicaker.operations.logs import RequestIdFilter, request_id
from tests.conftest import wait_for
from tests.factories import SeekerProfileFactory, VacancyFactory


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_and_returned():
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="proxy-7f3a9c1e")

    assert response["X-Request-ID"] == "proxy-7f3a9c1e"


@pytest.mark.django_db
@pytest.mark.parametrize("offered", ["", "short", "bad id\nFAKE LOG LINE", "x" * 65])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(offered):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID=offered)

    assert len(response["X-Request-ID"]) == 32
    assert response["X-Request-ID"] != offered
    int(response["X-Request-ID"], 16)


def test_the_filter_adds_the_id_of_the_current_request_to_every_record():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    token = request_id.set("req-12345678")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)

    added = (getattr(record, "request_id", None), getattr(record, "task_name", None))
    assert added == ("req-12345678", "-")
    RequestIdFilter().filter(record)
    assert getattr(record, "request_id", None) == "-"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_application_can_be_followed_from_the_request_into_the_worker(start_worker):
    # Given a worker logging JSON lines, and a seeker and an open vacancy
    worker = start_worker(extra_env={"LOG_FORMAT": "json", "LOG_LEVEL": "INFO"})
    seeker = SeekerProfileFactory()
    vacancy = VacancyFactory()
    client = APIClient()
    client.force_authenticate(seeker.user)
    ours = f"req-{uuid.uuid4().hex}"

    # When she applies in a request the proxy tagged with an id
    response = client.post("/api/v1/applications/", {"vacancy": vacancy.pk}, HTTP_X_REQUEST_ID=ours)
    assert response.status_code == 201, response.content
    assert response["X-Request-ID"] == ours

    # Then the worker's log lines of the tasks it caused (the employer's email, the index
    # update) carry that id
    def tasks_with_our_id() -> set[str]:
        names = set()
        for line in worker.log_path.read_text().splitlines():
            if not line.startswith("{"):
                continue
            entry = json.loads(line)
            if entry.get("request_id") == ours and entry["message"].startswith("task ended"):
                names.add(entry["task_name"])
        return names

    found = wait_for(
        lambda: (names := tasks_with_our_id()) >= {"notifications.send_delivery"} and names,
        message="the worker's log lines with the request id",
    )
    assert all(name.startswith(("notifications.", "search.")) for name in found), found
