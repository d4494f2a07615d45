"""Keeping the search index in step with the database without slowing or breaking writes.

Services call ``mark_dirty`` inside their transaction: it raises the rows' ``search_version``
and, once the transaction commits, enqueues indexing on the ``search`` queue. If the broker or
the search engine is down the write still succeeds; the periodic sweep picks the rows up later.

Deletions are recorded the same way: ``mark_deleted`` writes a tombstone row in the deleting
transaction (connected to ``post_delete`` of every indexed model, so cascades and the admin are
covered too), and the sweep keeps removing the document until the engine confirms it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete

from search.models import SearchTombstone

logger = logging.getLogger(__name__)

INDEXED_MODELS = ("jobs.vacancy", "seekers.seekerprofile", "search.jobalert")


def mark_dirty(*, model_label: str, pks: Iterable[int]) -> None:
    pks = sorted(set(pks))
    if not pks:
        return
    model = apps.get_model(model_label)
    model.objects.filter(pk__in=pks).update(search_version=F("search_version") + 1)
    transaction.on_commit(lambda: enqueue_indexing(model_label=model_label, pks=pks))


def mark_deleted(*, model_label: str, versions: dict[int, int]) -> None:
    """Record, in the deleting transaction, that these rows (pk → last search_version) are gone.

    The tombstones commit or roll back with the delete; indexing is enqueued after commit and the
    sweep retries until the engine confirms each removal."""
    if not versions:
        return
    SearchTombstone.objects.bulk_create(
        [
            SearchTombstone(model_label=model_label, object_pk=pk, version=version + 1)
            for pk, version in versions.items()
        ],
        ignore_conflicts=True,
    )
    pks = sorted(versions)
    transaction.on_commit(lambda: enqueue_indexing(model_label=model_label, pks=pks))


def _record_deletion(sender, instance, using, **kwargs) -> None:
    mark_deleted(
        model_label=sender._meta.label_lower, versions={instance.pk: instance.search_version}
    )


def track_deletions() -> None:
    """Connect ``mark_deleted`` to the deletion of every indexed model (SearchConfig.ready).

    A signal rather than a call in each service, because indexed rows are also deleted by
    cascades (a user deleted in the admin takes her profile and alerts with her), which no
    service sees; the receiver only writes a row in the same transaction, like ``mark_dirty``."""
    for model_label in INDEXED_MODELS:
        post_delete.connect(
            _record_deletion,
            sender=apps.get_model(model_label),
            dispatch_uid=f"search-tombstone-{model_label}",
        )


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


def deleted_pks(*, model_label: str, limit: int) -> list[int]:
    """Deleted rows whose removal from the index is not confirmed yet."""
    return list(
        SearchTombstone.objects.filter(model_label=model_label)
        .order_by("object_pk")
        .values_list("object_pk", flat=True)[:limit]
    )


def tombstone_versions(*, model_label: str, pks: Iterable[int]) -> dict[int, int]:
    return dict(
        SearchTombstone.objects.filter(
            model_label=model_label, object_pk__in=list(pks)
        ).values_list("object_pk", "version")
    )


def confirm_deleted(*, model_label: str, pks: Iterable[int]) -> None:
    """The index no longer holds these rows: forget their tombstones."""
    pks = list(pks)
    if pks:
        SearchTombstone.objects.filter(model_label=model_label, object_pk__in=pks).delete()
