"""The search interface the rest of Si-Caker calls; the backend is chosen by SEARCH_BACKEND.

Like Django's cache backends: one contract (``search.backends.base``), a database backend
(embedded default, ORM plus Python scoring) and an Elasticsearch backend, loaded by dotted path
so that neither backend is imported unless chosen. Code outside ``search/`` only sees this
module and ``search.queries``.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from search.backends.base import SearchBackend, SearchUnavailable

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}

__all__ = ["BACKENDS", "SearchBackend", "SearchUnavailable", "get_search_backend"]


@lru_cache(maxsize=1)
def get_search_backend() -> SearchBackend:
    """The configured backend (any value but "elasticsearch" means the database one)."""
    path = BACKENDS.get(settings.SEARCH_BACKEND, BACKENDS["database"])
    backend: SearchBackend = import_string(path)()
    return backend
