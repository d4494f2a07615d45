"""Writes of the search app: job alerts, and matching a newly published vacancy to them."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from search.alerts import alert_criteria, alert_matches
from search.analysis import pinned_vocabulary
from search.backend import get_search_backend
from search.documents import is_vacancy_public, vacancy_body, vacancy_queryset
from search.indexing import mark_dirty
from search.models import JobAlert, VacancyPercolation
from sicaker.api.errors import ConflictError

logger = logging.getLogger(__name__)

MAX_ALERTS_PER_USER = 20
USER_BATCH = 1_000
ALERT_FIELDS = (
    "name",
    "text",
    "skill_slugs",
    "work_types",
    "city",
    "district",
    "latitude",
    "longitude",
    "radius_km",
    "pay_min",
    "is_active",
)


def alert_create(*, user, **fields) -> JobAlert:
    """Save a search as a job alert (at most MAX_ALERTS_PER_USER); indexed after commit."""
    with transaction.atomic():
        # Lock the user's alerts so two requests cannot both pass the limit.
        existing = JobAlert.objects.select_for_update().filter(user=user).count()
        if existing >= MAX_ALERTS_PER_USER:
            raise ConflictError(
                _("You already have %(limit)d job alerts; delete one before adding another.")
                % {"limit": MAX_ALERTS_PER_USER}
            )
        alert = JobAlert.objects.create(
            user=user, **{k: v for k, v in fields.items() if k in ALERT_FIELDS}
        )
        mark_dirty(model_label="search.jobalert", pks=[alert.pk])
    alert.refresh_from_db()
    return alert


def alert_update(*, alert: JobAlert, **fields) -> JobAlert:
    with transaction.atomic():
        alert = JobAlert.objects.select_for_update().get(pk=alert.pk)
        for name, value in fields.items():
            if name in ALERT_FIELDS:
                setattr(alert, name, value)
        alert.save()
        mark_dirty(model_label="search.jobalert", pks=[alert.pk])
    alert.refresh_from_db()
    return alert


def alert_delete(*, alert: JobAlert) -> None:
    """Delete an alert. Its tombstone (``search.indexing.mark_deleted``, on post_delete) commits
    with the delete, so the document leaves the index even if the broker is down now."""
    with transaction.atomic():
        alert.delete()


def vacancy_published(*, vacancy) -> None:
    """Call inside the publish transaction: the vacancy's alerts will be matched after commit.

    The outbox row survives a broker outage; ``sweep_percolations`` re-enqueues it."""
    percolation, created = VacancyPercolation.objects.get_or_create(vacancy=vacancy)
    if created or percolation.done_at is None:
        vacancy_pk = vacancy.pk
        transaction.on_commit(lambda: enqueue_percolation(vacancy_pk=vacancy_pk))


def enqueue_percolation(*, vacancy_pk: int) -> None:
    from search.tasks import percolate_vacancy

    try:
        percolate_vacancy.apply_async(args=[vacancy_pk])
    except Exception as error:  # broker down: the sweep re-enqueues it
        logger.warning("search: could not enqueue percolation of vacancy %s: %s", vacancy_pk, error)


def vacancy_percolate(*, vacancy_pk: int) -> int:
    """Match one published vacancy against every job alert and notify each matching seeker once."""
    from search.notifications import notify_alert_matches

    vacancy = vacancy_queryset().filter(pk=vacancy_pk).first()
    if vacancy is None:
        return 0
    users = []
    if is_vacancy_public(vacancy):
        # Outside the transaction: the search call must not hold the row lock.
        users = alert_users_for_vacancy(body=vacancy_body(vacancy))
    with transaction.atomic():
        percolation = (
            VacancyPercolation.objects.select_for_update().filter(vacancy_id=vacancy_pk).first()
        )
        if percolation is None:
            percolation = VacancyPercolation.objects.create(vacancy_id=vacancy_pk)
        if percolation.done_at is not None:
            return 0
        notify_alert_matches(vacancy=vacancy, user_ids=users)
        percolation.done_at = timezone.now()
        percolation.matched_users = len(users)
        percolation.save(update_fields=["done_at", "matched_users"])
    return len(users)


def percolations_pending(*, older_than_seconds: int = 60) -> list[int]:
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    return list(
        VacancyPercolation.objects.filter(done_at__isnull=True, created_at__lt=cutoff).values_list(
            "vacancy_id", flat=True
        )[:1000]
    )


def alert_users_for_vacancy(*, body: dict) -> list[int]:
    """Seekers with an active alert, as the database holds it now, that this vacancy fits.

    The index is fast but lags: a write is searchable only after the next refresh, and not at
    all while the broker or the engine is away. So the alerts the index has not confirmed yet
    are read first and matched here in Python (the same rule, ``alert_matches``); alerts it has
    confirmed were searchable before they were confirmed (alerts are written with
    ``refresh=wait_for``), so the index query that follows sees them. The union is then checked
    against the database, so a deleted, paused or changed alert the index still holds notifies
    nobody. No sleep and no forced refresh: correct whatever the timing."""
    unconfirmed = set(
        JobAlert.objects.filter(is_active=True, search_version__gt=F("indexed_version"))
        .values_list("user_id", flat=True)
        .distinct()
    )
    candidates = unconfirmed | set(get_search_backend().alert_users_for(body))
    return sorted(users_with_matching_alert(body=body, user_ids=candidates))


def users_with_matching_alert(*, body: dict, user_ids) -> set[int]:
    """Those of ``user_ids`` who have an active alert in the database that ``body`` fits."""
    user_ids = sorted(set(user_ids))
    found: set[int] = set()
    with pinned_vocabulary():
        for start in range(0, len(user_ids), USER_BATCH):
            alerts = JobAlert.objects.filter(
                is_active=True, user_id__in=user_ids[start : start + USER_BATCH]
            ).order_by("user_id", "pk")
            for alert in alerts.iterator(chunk_size=2000):
                if alert.user_id not in found and alert_matches(alert_criteria(alert), body):
                    found.add(alert.user_id)
    return found


def alert_recipients_still_subscribed(context: dict, recipient_ids: list[int]) -> set[int]:
    """Recipient check for alert-match notifications (registered with the outbox): only those
    who still have an active alert that the vacancy fits hear about it; a vacancy gone or no
    longer public is told to nobody."""
    vacancy = vacancy_queryset().filter(pk=context.get("vacancy_id")).first()
    if vacancy is None or not is_vacancy_public(vacancy):
        return set()
    return users_with_matching_alert(body=vacancy_body(vacancy), user_ids=recipient_ids)
