"""Thin Celery tasks that keep the search index in step; safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task

from search.backend import SearchUnavailable, get_search_backend
from search.indexing import INDEXED_MODELS, deleted_pks, dirty_pks
from search.services import percolations_pending, vacancy_percolate

logger = logging.getLogger(__name__)

SWEEP_BATCH = 2_000


@shared_task(
    name="search.index_documents",
    autoretry_for=(SearchUnavailable,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
    acks_late=True,
)
def index_documents(model_label: str, pks: list[int]) -> int:
    return get_search_backend().index(model_label=model_label, pks=pks)


@shared_task(name="search.sweep_dirty", acks_late=True)
def sweep_dirty() -> int:
    """Index every row whose change or deletion the index has not confirmed (missed or failed)."""
    backend = get_search_backend()
    indexed = 0
    for model_label in INDEXED_MODELS:
        # Changed rows, then deleted ones (their tombstones): however long the broker or the
        # engine was away, both reach the index here.
        for pending_pks in (dirty_pks, deleted_pks):
            pks = pending_pks(model_label=model_label, limit=SWEEP_BATCH)
            seen: set[int] = set()
            while pks and not seen.issuperset(
                pks
            ):  # rows the index keeps refusing are not retried here
                seen.update(pks)
                try:
                    indexed += backend.index(model_label=model_label, pks=pks)
                except SearchUnavailable:
                    return indexed
                if len(pks) < SWEEP_BATCH:
                    break
                pks = pending_pks(model_label=model_label, limit=SWEEP_BATCH)
    return indexed


@shared_task(
    name="search.percolate_vacancy",
    autoretry_for=(SearchUnavailable,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
    acks_late=True,
)
def percolate_vacancy(vacancy_pk: int) -> int:
    return vacancy_percolate(vacancy_pk=vacancy_pk)


@shared_task(name="search.sweep_percolations", acks_late=True)
def sweep_percolations() -> int:
    pending = percolations_pending()
    for vacancy_pk in pending:
        enqueue_percolation(vacancy_pk=vacancy_pk)
    return len(pending)


def enqueue_indexing(*, model_label: str, pks: list[int]) -> None:
    """Send the indexing of these rows to the ``search`` queue (call after commit)."""
    try:
        index_documents.apply_async(args=(model_label, pks))
    except Exception as error:  # noqa: BLE001 - broker down: the sweep will index these rows later
        logger.warning("search: could not enqueue indexing of %s %s: %s", model_label, pks, error)


def enqueue_percolation(*, vacancy_pk: int) -> None:
    """Send the alert matching of a published vacancy to the ``search`` queue (after commit)."""
    try:
        percolate_vacancy.apply_async(args=(vacancy_pk,))
    except Exception as error:  # noqa: BLE001 - broker down: the sweep re-enqueues it
        logger.warning("search: could not enqueue percolation of vacancy %s: %s", vacancy_pk, error)
