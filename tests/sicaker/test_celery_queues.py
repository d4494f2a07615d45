"""The worker queue list is written once, in sicaker.celery.QUEUES; everything else follows it."""

import re
from pathlib import Path

from django.conf import settings

from sicaker.celery import QUEUES, app, worker_command

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_started_without_q_consumes_every_queue_as_celery_would_create_it():
    queues = app.amqp.queues

    assert sorted(queues) == sorted(QUEUES)
    assert {
        name: (q.exchange.name, q.exchange.type, q.routing_key) for name, q in queues.items()
    } == {name: (name, "direct", name) for name in QUEUES}


def test_every_route_and_the_default_queue_are_in_the_list():
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}

    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= set(QUEUES)


def test_the_test_worker_names_no_queue_either():
    command = worker_command(python="python", hostname="h", concurrency=1)

    assert "-Q" not in command and "--queues" not in command


def test_no_other_file_spells_the_queue_list():
    # Given the files that start workers or tell how to
    texts = {name: (ROOT / name).read_text() for name in ("scripts/services", "docker-compose.yml")}
    readme = (ROOT / "README.md").read_text()

    # Then the scripts start workers without -Q, and the README names only single known queues
    assert {name: re.findall(r"(?:-Q|--queues)[ =]\S+", text) for name, text in texts.items()} == {
        name: [] for name in texts
    }
    for queues in re.findall(r"-Q ([\w,]+)", readme):
        assert "," not in queues and queues in QUEUES, queues
