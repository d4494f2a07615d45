"""Health of the services Si-Caker stands on: database, broker and search engine."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse


@dataclass(frozen=True)
class ServiceState:
    name: str
    variable: str
    is_up: bool
    detail: str

    def as_dict(self) -> dict:
        return {
            "status": "up" if self.is_up else "down",
            "detail": self.detail,
            "variable": self.variable,
        }


def check_database() -> ServiceState:
    vendor = connection.vendor
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return ServiceState("database", "DATABASE_URL", True, vendor)
    except Exception as error:  # any driver error means "down"; the message says why
        return ServiceState("database", "DATABASE_URL", False, f"{vendor}: {_one_line(error)}")


def check_broker() -> ServiceState:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return ServiceState(
            "broker", "CELERY_BROKER_URL", True, "in-process (no broker configured)"
        )
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
        return ServiceState("broker", "CELERY_BROKER_URL", True, str(transport))
    except Exception as error:
        return ServiceState("broker", "CELERY_BROKER_URL", False, _one_line(error))


def check_search() -> ServiceState:
    from search.backend import get_search_backend

    backend = get_search_backend()
    variable = "ELASTICSEARCH_URL" if backend.name == "elasticsearch" else "SEARCH_BACKEND"
    is_up, detail = backend.ping()
    return ServiceState("search", variable, is_up, f"{backend.name}: {detail}")


def check_all() -> list[ServiceState]:
    return [check_database(), check_broker(), check_search()]


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else error.__class__.__name__)[:300]


def healthz(request: HttpRequest) -> JsonResponse:
    states = check_all()
    down = [state.name for state in states if not state.is_up]
    body = {
        "status": "ok" if not down else "unavailable",
        "services": {state.name: state.as_dict() for state in states},
        "down": down,
    }
    return JsonResponse(body, status=503 if down else 200)
