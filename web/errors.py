"""Domain errors raised under a web page become pages, here and nowhere else.

Services and selectors raise domain errors (``sicaker.errors``: ``NotFound``, ``Forbidden``,
``Conflict``, ``Invalid``, ``RateLimited``, ``Unavailable``; the few older
``sicaker.api.errors`` ones while they last; ``SearchUnavailable`` from the search backend);
the API turns them into its JSON envelope (``sicaker.api.errors``), and this middleware turns
the same errors into the app's own pages for every path outside ``/api/``, with the status
``sicaker.errors.status_for`` gives. Web views therefore never catch
them one by one. Form views that want a service's field messages beside their fields use
``web.forms.add_service_errors`` instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from rest_framework.exceptions import APIException

from search.backend import SearchUnavailable
from sicaker.errors import DomainError, Invalid, status_for

logger = logging.getLogger(__name__)

# Which page each status gets; anything else uses the generic one.
TEMPLATES = {403: "403.html", 404: "404.html", 503: "503.html"}
RETRY_AFTER_SECONDS = 30


def _detail(error: Exception) -> str:
    detail: Any
    if isinstance(error, Invalid) and error.fields:
        detail = error.fields
    elif isinstance(error, DomainError):
        return str(error.message)
    else:
        detail = getattr(error, "detail", None)
    if isinstance(detail, dict):
        return " ".join(str(item) for value in detail.values() for item in _as_list(value))
    if isinstance(detail, list):
        return " ".join(str(item) for item in detail)
    return str(detail) if detail else ""


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def error_page(request: HttpRequest, *, status: int, message: str = "") -> HttpResponse:
    """The app's own error page for ``status`` with an optional message saying what to do."""
    template = TEMPLATES.get(status, "error.html")
    response = HttpResponse(
        render_to_string(template, {"status": status, "message": message}, request=request),
        status=status,
    )
    if status in (429, 503):
        response["Retry-After"] = str(getattr(request, "_retry_after", RETRY_AFTER_SECONDS))
    return response


def response_for(request: HttpRequest, error: Exception) -> HttpResponse | None:
    """The page for a domain error, or None when ``error`` is not one (Django handles it)."""
    if isinstance(error, SearchUnavailable):
        logger.warning("search unavailable for %s: %s", request.path, error)
        return error_page(request, status=503)
    if isinstance(error, DomainError | APIException):
        status = status_for(error) if isinstance(error, DomainError) else error.status_code
        if (
            status == HTTPStatus.UNAUTHORIZED
        ):  # not signed in where a page needs it: the views redirect before this
            status = 403
        wait = getattr(error, "wait", None)
        if wait:
            request._retry_after = wait  # type: ignore[attr-defined]
        return error_page(request, status=status, message=_detail(error))
    return None


class WebErrorMiddleware:
    """Maps domain errors raised by a view to a page (outside /api/, which DRF answers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        return response_for(request, exception)
