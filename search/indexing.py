"""Keeping the search index in step with the database without slowing or breaking writes.

Services call ``mark_dirty`` inside their transaction: it raises the rows' ``search_version``
and, once the transaction commits, enqueues indexing on the ``search`` queue. If the broker or
the search engine is down the write still succeeds; the periodic sweep picks the rows up later.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.apps import apps
from django.db import transaction
from django.db.models import F

logger = logging.getLogger(__name__)

INDEXED_MODELS = ("jobs.vacancy", "seekers.seekerprofile", "search.jobalert")


def mark_dirty(*, model_label: str, pks: Iterable[int]) -> None:
    pks = sorted(set(pks))
    if not pks:
        return
    model = apps.get_model(model_label)
    model.objects.filter(pk__in=pks).update(search_version=F("search_version") + 1)
    transaction.on_commit(lambda: enqueue_indexing(model_label=model_label, pks=pks))


def enqueue_indexing(*, model_label: str, pks: list[int]) -> None:
    from search.tasks import index_documents

    try:
        index_documents.apply_async(args=[model_label, pks])
    except Exception as error:  # broker down: the sweep will index these rows later
        logger.warning("search: could not enqueue indexing of %s %s: %s", model_label, pks, error)


def dirty_pks(*, model_label: str, limit: int) -> list[int]:
    model = apps.get_model(model_label)
    return list(
        model.objects.filter(search_version__gt=F("indexed_version"))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
