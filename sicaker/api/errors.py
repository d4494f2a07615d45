"""One error envelope for the whole API.

Every error answer has the shape ``{"code": str, "detail": str, "fields": {name: [messages]}}``;
``fields`` is present only for validation errors. Services raise the domain errors of
``sicaker.errors`` and views let them through; this handler turns them (and DRF's own) into that
envelope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from sicaker import errors as domain


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _first_code(codes: Any) -> str:
    if isinstance(codes, dict):
        for value in codes.values():
            return _first_code(value)
    if isinstance(codes, list) and codes:
        return _first_code(codes[0])
    return str(codes) if codes else "invalid"


class _DomainAPIException(exceptions.APIException):
    """A domain error (``sicaker.errors``) carried through DRF's handler."""

    def __init__(self, error: domain.DomainError) -> None:
        self.status_code = domain.status_for(error)
        # DRF's handler turns ``wait`` into the Retry-After header.
        self.wait = getattr(error, "wait", None)
        self.extra = dict(error.extra)
        super().__init__(detail=str(error.message), code=error.code)


def api_exception_for(error: domain.DomainError) -> exceptions.APIException:
    """The DRF exception that renders a domain error in the envelope."""
    if isinstance(error, domain.Invalid):
        return exceptions.ValidationError(
            detail=error.fields or [str(error.message)], code=error.code
        )
    if isinstance(error, domain.Unauthenticated):
        return exceptions.AuthenticationFailed(detail=str(error.message), code=error.code)
    return _DomainAPIException(error)


def _challenge(exc: exceptions.APIException, context: dict) -> None:
    """What DRF's view does for its own 401s: name the scheme (``WWW-Authenticate``), or answer
    403 where the view has none."""
    view, request = context.get("view"), context.get("request")
    header = view.get_authenticate_header(request) if view is not None else None
    if header:
        exc.auth_header = header  # type: ignore[attr-defined]
    else:
        exc.status_code = status.HTTP_403_FORBIDDEN


def _as_api_exception(exc: Exception, context: dict) -> Exception:
    """Domain errors and Django's own exceptions as the DRF exception that renders them."""
    if isinstance(exc, domain.DomainError):
        api_exception = api_exception_for(exc)
        if isinstance(exc, domain.Unauthenticated):
            _challenge(api_exception, context)
        return api_exception
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            return exceptions.ValidationError(detail=exc.message_dict)
        return exceptions.ValidationError(detail={"non_field_errors": exc.messages})
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def exception_handler(exc: Exception, context: dict) -> Response | None:
    exc = _as_api_exception(exc, context)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        fields: Any = exc.detail
        if not isinstance(fields, dict):
            fields = {"non_field_errors": fields if isinstance(fields, list) else [fields]}
        response.data = {
            "code": "invalid",
            "detail": str(_("Some fields are invalid; see 'fields' for how to fix each one.")),
            "fields": _flatten(fields),
        }
        return response

    detail: Any = getattr(exc, "detail", str(exc))
    code = _first_code(exc.get_codes()) if hasattr(exc, "get_codes") else "error"
    if isinstance(detail, dict | list):
        response.data = {
            "code": code,
            "detail": str(_("The request failed.")),
            "fields": _flatten(detail),
        }
    else:
        response.data = {"code": code, "detail": str(detail), **getattr(exc, "extra", {})}
    return response


def _is_api(request: HttpRequest) -> bool:
    return bool(request.path.startswith("/api/"))


def _envelope(code: str, detail: object, status_code: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": str(detail)}, status=status_code)


def api_not_found_response() -> JsonResponse:
    """The answer for an address under /api/ that no route matches (with DEBUG on or off)."""
    return _envelope("not_found", _("No API endpoint at this address; see /api/docs/."), 404)


# Django's error handlers (handler400/403/404/500 in sicaker.urls): requests that never reach an
# API view, or a crash outside DRF, still answer /api/ clients in the envelope; pages keep
# Django's own error pages. With DEBUG on Django shows its debug pages instead of calling them,
# except that an unknown /api/ address still gets the JSON 404 (ApiNotFoundMiddleware).


# Django calls handler400 and handler403 with the exception that caused them.
def bad_request_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django refused before any view (too many fields, a bad host header): 400."""
    if _is_api(request):
        return _envelope(
            "bad_request", _("The request is malformed; check its address and parameters."), 400
        )
    return defaults.bad_request(request, exception)


def permission_denied_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _envelope(
            "permission_denied", _("You do not have permission to perform this action."), 403
        )
    return defaults.permission_denied(request, exception)


def not_found_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404 for URLs no route matches: the API answers in its own envelope."""
    if _is_api(request):
        return api_not_found_response()
    return defaults.page_not_found(request, exception)


def server_error_view(request: HttpRequest) -> HttpResponse:
    """An unexpected failure (it is logged with its traceback by Django): 500."""
    if _is_api(request):
        return _envelope(
            "server_error",
            _("Something went wrong on our side; please try again later."),
            500,
        )
    return defaults.server_error(request)


class ApiNotFoundMiddleware:
    """Unknown /api/ addresses answer the JSON 404 even with DEBUG on, where Django would show
    its HTML debug page (it bypasses handler404 then). Only Django's own HTML 404 is replaced:
    the API's JSON 404s pass untouched, and so does everything outside /api/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == status.HTTP_404_NOT_FOUND
            and _is_api(request)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return api_not_found_response()
        return response
