"""After she deletes her account, the search index forgets her within a minute: her seeker
document and her job alert leave it through the real path (marked dirty in the erasure's
transaction, indexed by a real worker after commit); no document holds her details."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from search.backend import get_search_backend
from search.backends.elasticsearch import ElasticsearchBackend
from tests.accounts.privacy_world import LATITUDE, LONGITUDE, NAME, NIK, PHONE, build_world
from tests.conftest import wait_for
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def elastic(search_backend):
    backend = ElasticsearchBackend()
    backend.drop_all()
    yield backend
    backend.drop_all()


def _in_index(backend, label: str, pk: int) -> bool:
    backend.refresh()
    return bool(backend.client.exists(index=backend.aliases[label], id=str(pk)))


def _every_document(backend) -> str:
    backend.refresh()
    found = backend.client.search(
        index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*", query={"match_all": {}}, size=1000
    )
    return json.dumps([hit["_source"] for hit in found["hits"]["hits"]])


def test_she_leaves_the_index_within_a_minute_and_no_document_holds_her(elastic, start_worker):
    get_search_backend.cache_clear()
    world = build_world()
    elastic.index(model_label="seekers.seekerprofile", pks=[world.siti.pk, world.other.pk])
    elastic.index(model_label="search.jobalert", pks=[world.alert.pk])
    assert _in_index(elastic, "seekers.seekerprofile", world.siti.pk)
    assert str(LATITUDE) in _every_document(elastic)
    start_worker()

    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(world.user).access_token}"
    )
    assert (
        client.post("/api/v1/me/erase/", {"password": PASSWORD}, format="json").status_code == 204
    )

    wait_for(
        lambda: (
            not _in_index(elastic, "seekers.seekerprofile", world.siti.pk)
            and not _in_index(elastic, "search.jobalert", world.alert.pk)
        ),
        timeout=60,
        message="her documents to leave the index",
    )
    documents = _every_document(elastic)
    for needle in (NAME, NIK, PHONE, str(LATITUDE), str(LONGITUDE)):
        assert needle not in documents
    assert _in_index(elastic, "seekers.seekerprofile", world.other.pk)
