"""Elasticsearch backend: versioned indices behind aliases, bulk writes, external versions."""

from search.backends.elasticsearch.reading import IndexReader
from search.backends.elasticsearch.writing import IndexWriter


class ElasticsearchBackend(IndexWriter, IndexReader):
    """The production backend; ``search.backend.SearchBackend`` is its contract."""


__all__ = ["ElasticsearchBackend"]
