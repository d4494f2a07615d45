"""One request id from the HTTP request to the tasks it causes, in every log line.

The middleware takes the proxy's ``X-Request-ID`` (or makes one), keeps it in a context variable
for the request and returns it in the response. When the request enqueues a task, the id
travels in the message's headers (``before_task_publish``); the worker puts it back into the
context for the task's run (``task_prerun``), so the tasks that task enqueues carry it on. The
logging filter adds it, with the task's name and id, to every record; ``LOG_FORMAT=json`` prints
records as one JSON object per line (python-json-logger), so one application's path can be
followed from the request to the SMS gateway with one search for its id.

This module imports neither models nor other apps: the logging configuration loads its filter
before Django's apps are ready.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.http import HttpRequest, HttpResponse

HEADER = "sicaker_request_id"
# What a proxy may hand us: letters, digits, dashes and dots, 8 to 64 of them (anything else,
# e.g. a log-injection attempt, is replaced by an id of our own).
ACCEPTED_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{7,63}$")

request_id: ContextVar[str | None] = ContextVar("sicaker_request_id", default=None)
_task: ContextVar[tuple[str, str] | None] = ContextVar("sicaker_task", default=None)
_task_started: ContextVar[float] = ContextVar("sicaker_task_started", default=0.0)

task_logger = logging.getLogger("sicaker.tasks")


class RequestIdMiddleware:
    """Early in MIDDLEWARE: one id per request, logged with every line and returned in
    ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        value = offered if ACCEPTED_ID.match(offered) else uuid.uuid4().hex
        token = request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = value
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id``, ``task_name`` and ``task_id`` to every record ("-" when none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        task = _task.get()
        record.task_name, record.task_id = task if task else ("-", "-")
        return True


def _on_publish(headers: dict[str, Any] | None = None, **_: Any) -> None:
    value = request_id.get()
    if value and headers is not None:
        headers[HEADER] = value


def _on_prerun(task_id: str = "", task: Any = None, **_: Any) -> None:
    carried = getattr(getattr(task, "request", None), HEADER, None)
    if carried:
        request_id.set(str(carried))
    _task.set((str(getattr(task, "name", "-")), str(task_id)))
    _task_started.set(time.monotonic())
    task_logger.info("task started")


def _on_postrun(task: Any = None, state: str | None = None, **_: Any) -> None:
    task_logger.info("task ended %s in %.3f s", state, time.monotonic() - _task_started.get())
    _task.set(None)
    if not getattr(getattr(task, "request", None), "is_eager", False):
        request_id.set(None)  # a worker process runs the next task for someone else


def connect_task_signals() -> None:
    before_task_publish.connect(_on_publish, weak=False, dispatch_uid="operations-request-id")
    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="operations-task-prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="operations-task-postrun")
