"""Domain errors raised by a service reach API clients in the one error envelope."""

import pytest
from django.test import override_settings
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.test import APIClient
from rest_framework.views import APIView

from sicaker import errors


class _Raises(APIView):
    permission_classes = [AllowAny]
    error: errors.DomainError = errors.DomainError()

    def get(self, request):
        raise self.error


def _view(error: errors.DomainError):
    return _Raises.as_view(error=error)


urlpatterns = [
    path("api/v1/t/invalid/", _view(errors.Invalid({"nik": ["Use 16 digits."]}))),
    path("api/v1/t/invalid-plain/", _view(errors.Invalid("Pick a date after today."))),
    path("api/v1/t/forbidden/", _view(errors.Forbidden("Only staff can do this."))),
    path("api/v1/t/not-found/", _view(errors.NotFound())),
    path("api/v1/t/conflict/", _view(errors.Conflict("Already applied.", code="already"))),
    path("api/v1/t/limited/", _view(errors.RateLimited("Slow down.", wait=42))),
    path("api/v1/t/down/", _view(errors.Unavailable())),
]


@pytest.fixture
def client():
    with override_settings(ROOT_URLCONF=__name__, LANGUAGE_CODE="en"):
        yield APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize(
    ("address", "status", "body"),
    [
        (
            "invalid/",
            400,
            {
                "code": "invalid",
                "detail": "Some fields are invalid; see 'fields' for how to fix each one.",
                "fields": {"nik": ["Use 16 digits."]},
            },
        ),
        (
            "invalid-plain/",
            400,
            {
                "code": "invalid",
                "detail": "Some fields are invalid; see 'fields' for how to fix each one.",
                "fields": {"non_field_errors": ["Pick a date after today."]},
            },
        ),
        ("forbidden/", 403, {"code": "permission_denied", "detail": "Only staff can do this."}),
        ("not-found/", 404, {"code": "not_found", "detail": "Not found."}),
        ("conflict/", 409, {"code": "already", "detail": "Already applied."}),
        ("limited/", 429, {"code": "throttled", "detail": "Slow down."}),
        (
            "down/",
            503,
            {
                "code": "service_unavailable",
                "detail": "A service Si-Caker depends on is unavailable; please try again shortly.",
            },
        ),
    ],
)
def test_each_domain_error_answers_its_status_in_the_envelope(client, address, status, body):
    response = client.get(f"/api/v1/t/{address}")

    assert response.status_code == status
    assert response.json() == body


def test_a_rate_limit_tells_when_to_try_again(client):
    response = client.get("/api/v1/t/limited/")

    assert response["Retry-After"] == "42"
