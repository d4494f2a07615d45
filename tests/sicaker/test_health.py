"""The health check: 200/503 for anyone, which service is down only for staff or a token."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from rest_framework_simplejwt.tokens import RefreshToken

from search.backend import get_search_backend
from search.backends.elasticsearch import ElasticsearchBackend
from tests.factories import OfficerFactory, SeekerUserFactory
from tests.factories.accounts import AdminFactory

pytestmark = pytest.mark.django_db

MONITORING_TOKEN = "monitoring-token-for-the-tests-0123456789"


@pytest.fixture
def client(client, settings):
    """A monitoring system's client: it sends the configured HEALTHZ_TOKEN."""
    settings.HEALTHZ_TOKEN = MONITORING_TOKEN
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {MONITORING_TOKEN}"
    return client


def test_healthz_reports_every_service_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert {name: state["status"] for name, state in body["services"].items()} == {
        "database": "up",
        "broker": "up",
        "search": "up",
    }
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        assert body["services"]["database"]["detail"] == "postgresql"
    else:
        assert body["services"]["database"]["detail"] == "sqlite"
    if settings.SEARCH_BACKEND == "elasticsearch":
        assert body["services"]["search"]["detail"].startswith("elasticsearch: Elasticsearch 8.19")
    else:
        assert body["services"]["search"]["detail"] == (
            "database: database search (no search engine needed)"
        )


@pytest.mark.elasticsearch
def test_healthz_names_the_search_engine_when_it_is_down(client):
    with override_settings(ELASTICSEARCH_URLS=["http://127.0.0.1:9"]):
        get_search_backend.cache_clear()
        try:
            assert isinstance(get_search_backend(), ElasticsearchBackend)
            response = client.get("/healthz")
        finally:
            get_search_backend.cache_clear()

    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["search"]
    assert body["services"]["search"]["variable"] == "ELASTICSEARCH_URL"
    assert (
        "cannot reach Elasticsearch at http://127.0.0.1:9" in body["services"]["search"]["detail"]
    )


@pytest.mark.worker
def test_healthz_names_the_broker_when_it_is_down(client):
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:9/0"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]
    assert response.json()["services"]["broker"]["variable"] == "CELERY_BROKER_URL"


def test_an_unknown_api_address_answers_in_the_error_envelope(client):
    response = client.get("/api/v1/applications/null/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "detail": "No API endpoint at this address; see /api/docs/.",
    }


# -- who sees the detail --------------------------------------------------------------------


@pytest.mark.worker  # takes the broker down: with tasks in-process there is none
def test_anyone_gets_the_status_but_not_the_services_or_their_variables(settings):
    settings.HEALTHZ_TOKEN = MONITORING_TOKEN
    anonymous = Client()

    up = anonymous.get("/healthz")
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:9/0"):
        down = anonymous.get("/healthz")
        wrong_token = anonymous.get("/healthz", HTTP_AUTHORIZATION="Bearer guessed")

    assert (up.status_code, up.json()) == (200, {"status": "ok"})
    assert (down.status_code, down.json()) == (503, {"status": "unavailable"})
    assert (wrong_token.status_code, wrong_token.json()) == (503, {"status": "unavailable"})


def test_without_a_configured_token_no_bearer_value_unlocks_the_detail(settings):
    settings.HEALTHZ_TOKEN = ""

    response = Client().get("/healthz", HTTP_AUTHORIZATION="Bearer ")

    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("factory", "sees_detail"), [(OfficerFactory, True), (SeekerUserFactory, False)]
)
def test_staff_see_the_detail_with_their_api_token_and_others_do_not(factory, sees_detail):
    access = str(RefreshToken.for_user(factory()).access_token)

    body = Client().get("/healthz", HTTP_AUTHORIZATION=f"Bearer {access}").json()

    assert ("services" in body) is sees_detail
    assert body["status"] == "ok"


def test_an_admin_session_sees_the_detail():
    client = Client()
    client.force_login(AdminFactory(is_staff=True))

    assert client.get("/healthz").json()["services"]["database"]["variable"] == "DATABASE_URL"
