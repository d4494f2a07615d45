"""The port through which the domain tells search that rows changed or were published.

The domain apps (jobs, seekers) sit below search and never import it. Their models carry the
version pair of ``SearchIndexed``; their services call ``mark_dirty(model, pks)`` inside the
writing transaction, which raises the rows' ``search_version`` here, and hands the rows to the
indexer that the search app plugs in (``SearchConfig.ready`` calls ``plug``). Without an indexer
(search not installed) the versions still grow and nothing else happens.

Why a port and not Django's ``post_save`` signals: changes are made in bulk with ``update()``
and ``F()`` expressions, which send no signal, and a named call in the service says in the code
that this write must reach the index. (Deletions do use ``post_delete``, connected by search:
cascades delete indexed rows that no service sees.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.db import models
from django.db.models import F


class SearchIndexed(models.Model):
    """What the search index needs from an indexed row: a version that grows with every change.

    ``search_version`` is raised (with an F() expression, in the same transaction as the change)
    whenever a row changes in a way the index must learn about; ``indexed_version`` is the
    version the index last confirmed. Rows where the two differ are dirty; the sweep re-indexes
    them. The version is sent to Elasticsearch as an external version, so an older update that
    arrives late can never overwrite a newer one.
    """

    search_version = models.BigIntegerField(default=1, editable=False)
    indexed_version = models.BigIntegerField(default=0, editable=False)

    class Meta:
        abstract = True


class Indexer(Protocol):
    """What search does with the domain's reports (called inside the writing transaction)."""

    def rows_changed(self, model: type[SearchIndexed], pks: list[int]) -> None: ...

    def row_published(self, instance: Any) -> None: ...


_plugged: dict[str, Indexer] = {}


def plug(indexer: Indexer | None) -> None:
    """Install the indexer that receives the domain's reports (the search app, at start-up)."""
    _plugged.pop("indexer", None)
    if indexer is not None:
        _plugged["indexer"] = indexer


def mark_dirty(model: type[SearchIndexed], pks: Iterable[int]) -> None:
    """Call inside the writing transaction: raise these rows' search version; the indexer
    enqueues their indexing once the transaction commits."""
    pks = sorted(set(pks))
    if not pks:
        return
    model._default_manager.filter(pk__in=pks).update(search_version=F("search_version") + 1)
    if indexer := _plugged.get("indexer"):
        indexer.rows_changed(model, pks)


def mark_published(instance: Any) -> None:
    """Call inside the publishing transaction: a row (a vacancy) became public, so whatever
    waits for new rows (job alerts) is told after commit."""
    if indexer := _plugged.get("indexer"):
        indexer.row_published(instance)
