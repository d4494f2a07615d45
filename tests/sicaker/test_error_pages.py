"""Errors Django answers itself (no API view involved): the JSON envelope under /api/, Django's
pages elsewhere, in production (DEBUG off) and, for unknown /api/ addresses, locally (DEBUG on).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

ERROR_URLS = "tests.sicaker.error_urls"


@pytest.fixture
def client() -> Client:
    # As a real server: an exception becomes the handler's answer, not a test failure.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "local"])
def test_an_unknown_api_address_is_the_json_404(client, debug):
    # Given DEBUG off (production) or on (make run)
    with override_settings(DEBUG=debug):
        # When an address no API route matches is asked for
        response = client.get("/api/v1/no-such-thing/")

    # Then it is the JSON 404 envelope, not Django's HTML (debug) page
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "code": "not_found",
        "detail": "Tidak ada endpoint API di alamat ini; lihat /api/docs/.",
    }


@pytest.mark.parametrize("debug", [False, True], ids=["production", "local"])
def test_an_api_address_without_its_slash_is_still_redirected(client, debug):
    # Given DEBUG off or on
    with override_settings(DEBUG=debug):
        # When a list is asked for without the trailing slash
        response = client.get("/api/v1/skills")

    # Then APPEND_SLASH still redirects to it (the JSON 404 does not hide the redirect)
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/skills/"


@pytest.mark.parametrize("debug", [False, True], ids=["production", "local"])
def test_an_unknown_page_outside_the_api_stays_an_html_page(client, debug):
    # Given DEBUG off or on
    with override_settings(DEBUG=debug):
        # When an unknown page outside /api/ is asked for
        response = client.get("/no-such-page/")

    # Then it is Django's HTML 404 page
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@override_settings(DEBUG=False, ROOT_URLCONF=ERROR_URLS)
def test_a_crash_under_the_api_is_the_json_500_in_production(client):
    # Given production settings and a view that raises
    # When it is called
    response = client.get("/api/v1/test-crash/")

    # Then the client gets the 500 in the envelope, with no detail of the failure
    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error",
        "detail": "Terjadi kesalahan di sistem kami; silakan coba lagi nanti.",
    }


@override_settings(DEBUG=False, ROOT_URLCONF=ERROR_URLS)
def test_a_crash_outside_the_api_is_the_html_500_page_in_production(client):
    response = client.get("/pages/test-crash/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


@override_settings(DEBUG=False, ROOT_URLCONF=ERROR_URLS)
def test_a_permission_refused_outside_drf_is_the_json_403_under_the_api(client):
    response = client.get("/api/v1/test-forbidden/")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@override_settings(DEBUG=False, DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_a_request_django_refuses_is_the_json_400_under_the_api(client):
    # Given production settings
    # When a request carries more fields than Django accepts (it refuses it before any view)
    query = "&".join(f"f{number}=1" for number in range(11))
    response = client.post(
        f"/api/v1/auth/token/?{query}",
        query,
        content_type="application/x-www-form-urlencoded",
    )

    # Then it is a 400 in the envelope
    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_request",
        "detail": "Permintaan tidak valid; periksa alamat dan parameternya.",
    }


@override_settings(DEBUG=False, DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_a_request_django_refuses_is_the_html_400_page_outside_the_api(client):
    query = "&".join(f"f{number}=1" for number in range(11))
    response = client.post(
        f"/{settings.ADMIN_URL}login/", query, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
