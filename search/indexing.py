"""The bookkeeping that keeps the search index in step with the database.

Services call ``sicaker.indexing.mark_dirty`` inside their transaction: it raises the rows'
``search_version`` and search's indexer (``search.receivers``) enqueues indexing on commit. If
the broker or the search engine is down the write still succeeds; the periodic sweep picks the
rows up here (``dirty_pks``) later.

Deletions are recorded the same way: ``mark_deleted`` writes a tombstone row in the deleting
transaction (on ``post_delete`` of every indexed model, so cascades and the admin are covered
too), and the sweep keeps removing the document until the engine confirms it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db.models import F

from search.models import SearchTombstone

# The backends and the tasks name indexed models by label (it travels in task arguments).
INDEXED_MODELS = ("jobs.vacancy", "seekers.seekerprofile", "search.jobalert")


def mark_deleted(*, model_label: str, versions: dict[int, int]) -> None:
    """Record, in the deleting transaction, that these rows (pk → last search_version) are gone.

    The tombstones commit or roll back with the delete; the caller enqueues indexing after
    commit and the sweep retries until the engine confirms each removal."""
    if not versions:
        return
    SearchTombstone.objects.bulk_create(
        [
            SearchTombstone(model_label=model_label, object_pk=pk, version=version + 1)
            for pk, version in versions.items()
        ],
        ignore_conflicts=True,
    )


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
