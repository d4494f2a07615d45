"""The health check tells an operator which service is down."""

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db


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
    from search.backend import get_search_backend
    from search.backends.elasticsearch import ElasticsearchBackend

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
