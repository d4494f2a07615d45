"""Health of the services Si-Caker stands on: database, broker and search engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils.crypto import constant_time_compare
from kombu import Connection
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.settings import api_settings

from accounts.permissions import is_staff
from search.backend import get_search_backend


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
    except Exception as error:  # noqa: BLE001 - any driver error means "down"; the message says why
        return ServiceState("database", "DATABASE_URL", False, f"{vendor}: {_one_line(error)}")


def check_broker() -> ServiceState:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return ServiceState(
            "broker", "CELERY_BROKER_URL", True, "in-process (no broker configured)"
        )
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
        return ServiceState("broker", "CELERY_BROKER_URL", True, str(transport))
    except Exception as error:  # noqa: BLE001 - any transport error means "down"
        return ServiceState("broker", "CELERY_BROKER_URL", False, _one_line(error))


def check_search() -> ServiceState:
    backend = get_search_backend()
    variable = "ELASTICSEARCH_URL" if backend.name == "elasticsearch" else "SEARCH_BACKEND"
    is_up, detail = backend.ping()
    return ServiceState("search", variable, is_up, f"{backend.name}: {detail}")


def check_all() -> list[ServiceState]:
    return [check_database(), check_broker(), check_search()]


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else error.__class__.__name__)[:300]


def _bearer(request: HttpRequest) -> str:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else ""


def _api_user(request: HttpRequest) -> Any:
    """The user the API's own authentication finds in the request's bearer token, if any."""
    # DRF's settings import the dotted paths: these are classes, not the strings the stubs say.
    classes = cast("list[type[BaseAuthentication]]", api_settings.DEFAULT_AUTHENTICATION_CLASSES)
    for authentication_class in classes:
        try:
            authenticated = authentication_class().authenticate(request)  # type: ignore[arg-type]
        except exceptions.APIException:  # invalid or expired: no detail, the same 200/503
            return None
        if authenticated:
            return authenticated[0]
    return None


def _may_see_detail(request: HttpRequest) -> bool:
    """Staff (a session, or an API token of an officer or admin) or the monitoring token."""
    token = _bearer(request)
    if settings.HEALTHZ_TOKEN and token and constant_time_compare(token, settings.HEALTHZ_TOKEN):
        return True
    user = getattr(request, "user", None)
    if token and not (user and user.is_authenticated):
        user = _api_user(request)
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or is_staff(user))  # Django's admin flag, or the office role


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every service is up, 503 otherwise, for anyone (load balancers, uptime checks);
    which service is down, its variable and its error only for staff or ``HEALTHZ_TOKEN``."""
    states = check_all()
    down = [state.name for state in states if not state.is_up]
    body: dict = {"status": "ok" if not down else "unavailable"}
    if _may_see_detail(request):
        body["services"] = {state.name: state.as_dict() for state in states}
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
