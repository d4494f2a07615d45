"""Elasticsearch backend core: the client, the indices it manages and their aliases."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import QuerySet
from elasticsearch import ConnectionError, ConnectionTimeout, Elasticsearch, TransportError

from jobs.models import VacancyQuerySet
from search.alerts import alert_body, alert_queryset, pending_alerts
from search.backends.base import SearchBackend
from search.documents import (
    pending_seekers,
    pending_vacancies,
    seeker_body,
    seeker_queryset,
    vacancy_body,
    vacancy_queryset,
)
from search.flat_documents import FLAT_DOCUMENTS
from search.mappings import ALERT_MAPPING, SEEKER_MAPPING, VACANCY_MAPPING
from seekers.models import SeekerProfile

logger = logging.getLogger(__name__)

_TRANSIENT = (ConnectionError, ConnectionTimeout, TransportError)
REBUILD_MIN_COMPLETENESS = 0.99


@dataclass(frozen=True)
class IndexSpec:
    """One searchable model: its alias name, mapping and how rows become documents."""

    model_label: str
    name: str
    mapping: dict
    pending: Callable
    body: Callable
    rebuild_rows: Callable
    # (pk, version, body) of every row a rebuild writes, from flat queries (search.flat_documents)
    documents: Callable


def _public_vacancies() -> VacancyQuerySet:
    return vacancy_queryset().open()


def _open_seekers() -> QuerySet[SeekerProfile]:
    return seeker_queryset().candidates()


INDEX_SPECS = (
    IndexSpec(
        "jobs.vacancy",
        "vacancies",
        VACANCY_MAPPING,
        pending_vacancies,
        vacancy_body,
        _public_vacancies,
        FLAT_DOCUMENTS["jobs.vacancy"],
    ),
    IndexSpec(
        "seekers.seekerprofile",
        "seekers",
        SEEKER_MAPPING,
        pending_seekers,
        seeker_body,
        _open_seekers,
        FLAT_DOCUMENTS["seekers.seekerprofile"],
    ),
    IndexSpec(
        "search.jobalert",
        "alerts",
        ALERT_MAPPING,
        pending_alerts,
        alert_body,
        lambda: alert_queryset().filter(is_active=True),
        FLAT_DOCUMENTS["search.jobalert"],
    ),
)


def _index_name(alias: str) -> str:
    return f"{alias}-{datetime.now(tz=UTC).strftime('%Y%m%d%H%M%S%f')}"


class ElasticsearchCore(SearchBackend):
    name = "elasticsearch"

    def __init__(self) -> None:
        auth = None
        if settings.ELASTICSEARCH_USERNAME:
            auth = (settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD)
        self.client = Elasticsearch(
            settings.ELASTICSEARCH_URLS,
            basic_auth=auth,
            request_timeout=settings.ELASTICSEARCH_TIMEOUT,
            retry_on_timeout=True,
            max_retries=settings.ELASTICSEARCH_MAX_RETRIES,
        )
        prefix = settings.ELASTICSEARCH_INDEX_PREFIX
        self.aliases = {spec.model_label: f"{prefix}-{spec.name}" for spec in INDEX_SPECS}
        self.specs = {spec.model_label: spec for spec in INDEX_SPECS}
        self.vacancy_alias = self.aliases["jobs.vacancy"]
        self.seeker_alias = self.aliases["seekers.seekerprofile"]
        self.alert_alias = self.aliases["search.jobalert"]

    # -- health -----------------------------------------------------------------------------

    def ping(self) -> tuple[bool, str]:
        try:
            # GET / lives in the rest-root module, which the integ-test distribution lacks.
            # one try per configured node: a cluster with one node down is still up
            retries = len(settings.ELASTICSEARCH_URLS) - 1
            nodes = self.client.options(request_timeout=2, max_retries=retries).nodes.info(
                node_id="_local", filter_path="nodes.*.version"
            )
            version = next(iter(nodes["nodes"].values()))["version"]
            return True, f"Elasticsearch {version}"
        except Exception as error:  # noqa: BLE001 - a health check reports any failure
            urls = ", ".join(settings.ELASTICSEARCH_URLS)
            return False, f"cannot reach Elasticsearch at {urls} ({error.__class__.__name__})"

    # -- writing ----------------------------------------------------------------------------
