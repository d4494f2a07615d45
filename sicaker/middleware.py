"""A database that cannot be reached answers 503 and says so; it never shows a traceback.

PostgreSQL down (or restarting, or out of connections), SQLite locked for longer than its
timeout: Django raises ``OperationalError`` or ``InterfaceError`` from wherever the first query
runs (authentication, a selector, a service). This middleware answers those with 503 — the API
in its error envelope, other pages with a short page — even with DEBUG on, where Django would
otherwise show its debug page with the settings to any client. Nothing needs restarting when the
database returns: each request opens (or health-checks) its connection again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# How long a client should wait before trying again (a hint; nothing enforces it).
RETRY_AFTER_SECONDS = 30


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 for a request the database could not serve: JSON envelope under /api/, else a page."""
    detail = _("The database is unavailable; please try again in a minute.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"code": "service_unavailable", "detail": detail}, status=503
        )
    else:
        title = _("Service unavailable")
        response = HttpResponse(
            f'<!doctype html><html lang="{escape(get_language() or "id")}"><head>'
            f'<meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body><h1>{escape(title)}</h1><p>{escape(detail)}</p></body></html>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database that cannot be reached, raised by any view, into a 503 (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        lines = str(exception).strip().splitlines()
        logger.error(
            "database unavailable for %s %s: %s",
            request.method,
            request.path,
            lines[0] if lines else exception.__class__.__name__,
        )
        return database_unavailable_response(request)
