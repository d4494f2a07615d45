"""Search's side of the ``sicaker.indexing`` port, its deletion receiver and recipient check.

``SearchConfig.ready`` calls ``connect``: ``SearchIndexer`` is plugged into the port, and
``record_deletion`` connected to the indexed models' deletion:
the domain reports changed and published rows without knowing search exists; this module turns
the reports into work enqueued after commit (indexing, alert matching) and tombstones.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from jobs.models import Skill, Vacancy
from notifications.models import Kind
from notifications.services import register_recipient_check
from search.indexing import INDEXED_MODELS, mark_deleted
from search.services import alert_recipients_still_subscribed, vacancy_published
from search.similarity import BackendSimilarityFinder
from search.tasks import enqueue_indexing, enqueue_percolation
from search.taxonomy import forget as forget_taxonomy
from sicaker import indexing, similarity
from sicaker.indexing import SearchIndexed


class SearchIndexer:
    """Receives ``sicaker.indexing``'s reports, inside the writing transaction."""

    def rows_changed(self, model: type[SearchIndexed], pks: list[int]) -> None:
        model_label = model._meta.label_lower
        transaction.on_commit(lambda: enqueue_indexing(model_label=model_label, pks=pks))

    def row_published(self, instance: Any) -> None:
        # Outbox row in this transaction: seekers whose job alerts fit are told after commit.
        if isinstance(instance, Vacancy) and vacancy_published(vacancy=instance):
            vacancy_pk = instance.pk
            transaction.on_commit(lambda: enqueue_percolation(vacancy_pk=vacancy_pk))


def record_deletion(sender: type[SearchIndexed], instance: SearchIndexed, **kwargs: Any) -> None:
    """Leave a tombstone in the deleting transaction; the removal is enqueued after commit."""
    model_label = sender._meta.label_lower
    mark_deleted(model_label=model_label, versions={instance.pk: instance.search_version})
    pks = [instance.pk]
    transaction.on_commit(lambda: enqueue_indexing(model_label=model_label, pks=pks))


def track_deletions() -> None:
    """Connect ``record_deletion`` to the deletion of every indexed model.

    A signal rather than a call in each service, because indexed rows are also deleted by
    cascades (a user deleted in the admin takes her profile and alerts with her), which no
    service sees; the receiver only writes a row in the same transaction, like ``mark_dirty``."""
    for model_label in INDEXED_MODELS:
        post_delete.connect(
            record_deletion,
            sender=apps.get_model(model_label),
            dispatch_uid=f"search-tombstone-{model_label}",
        )


def connect() -> None:
    """Wire search to the domain and the outbox (``SearchConfig.ready``)."""
    # The domain reports changed and published rows through the port; search indexes them.
    indexing.plug(SearchIndexer())
    # The domain asks for near-identical open vacancies when one is published.
    similarity.plug(BackendSimilarityFinder())
    # Deleting an indexed row (by a service, a cascade or the admin) leaves a tombstone.
    track_deletions()
    # A skill saved or deleted here drops this process's copy of the taxonomy (housekeeping:
    # the other processes see the change at their next check, search.taxonomy).
    post_save.connect(forget_taxonomy, sender=Skill, dispatch_uid="search-taxonomy-saved")
    post_delete.connect(forget_taxonomy, sender=Skill, dispatch_uid="search-taxonomy-deleted")
    # An alert-match notification is written and sent only while its alert still fits.
    register_recipient_check(Kind.ALERT_MATCH, alert_recipients_still_subscribed)
