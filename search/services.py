"""Writes of the search app: job alerts, and matching a newly published vacancy to them."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import Vacancy
from search.alerts import alert_criteria, alert_matches
from search.analysis import SkillVocabulary, pinned_vocabulary, skill_vocabulary
from search.backend import get_search_backend
from search.documents import is_vacancy_public, vacancy_body, vacancy_queryset
from search.models import JobAlert, VacancyPercolation
from search.notifications import notify_alert_matches
from sicaker.errors import Conflict
from sicaker.indexing import mark_dirty

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


def alert_create(*, user: User, **fields: Any) -> JobAlert:
    """Save a search as a job alert (at most MAX_ALERTS_PER_USER); indexed after commit."""
    with transaction.atomic():
        # Lock the user's alerts so two requests cannot both pass the limit.
        existing = JobAlert.objects.select_for_update().filter(user=user).count()
        if existing >= MAX_ALERTS_PER_USER:
            raise Conflict(
                _("You already have %(limit)d job alerts; delete one before adding another.")
                % {"limit": MAX_ALERTS_PER_USER}
            )
        alert = JobAlert.objects.create(
            user=user, **{k: v for k, v in fields.items() if k in ALERT_FIELDS}
        )
        mark_dirty(JobAlert, [alert.pk])
    alert.refresh_from_db()
    return alert


def alert_update(*, alert: JobAlert, **fields: Any) -> JobAlert:
    with transaction.atomic():
        alert = JobAlert.objects.select_for_update().get(pk=alert.pk)
        for name, value in fields.items():
            if name in ALERT_FIELDS:
                setattr(alert, name, value)
        alert.save()
        mark_dirty(JobAlert, [alert.pk])
    alert.refresh_from_db()
    return alert


def alert_delete(*, alert: JobAlert) -> None:
    """Delete an alert. Its tombstone (``search.indexing.mark_deleted``, on post_delete) commits
    with the delete, so the document leaves the index even if the broker is down now."""
    with transaction.atomic():
        alert.delete()


def vacancy_published(*, vacancy: Vacancy) -> bool:
    """Call inside the publish transaction: write the outbox row of the vacancy's alert matching.

    Returns whether the matching is still to be done (the caller enqueues it after commit). The
    outbox row survives a broker outage; ``sweep_percolations`` re-enqueues it."""
    percolation, created = VacancyPercolation.objects.get_or_create(vacancy=vacancy)
    return created or percolation.done_at is None


def vacancy_percolate(*, vacancy_pk: int) -> int:
    """Match one published vacancy against every job alert and notify each matching seeker once."""
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
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
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


def users_with_matching_alert(*, body: dict[str, Any], user_ids: Iterable[int]) -> set[int]:
    """Those of ``user_ids`` who have an active alert in the database that ``body`` fits."""
    pks = sorted(set(user_ids))
    found: set[int] = set()
    with pinned_vocabulary():
        for start in range(0, len(pks), USER_BATCH):
            alerts = JobAlert.objects.filter(
                is_active=True, user_id__in=pks[start : start + USER_BATCH]
            ).order_by("user_id", "pk")
            for alert in alerts.iterator(chunk_size=2000):
                if alert.user_id not in found and alert_matches(alert_criteria(alert), body):
                    found.add(alert.user_id)
    return found


# The document of each recently checked vacancy, by (pk, search_version, updated_at; a pk alone
# can come back on SQLite), with the vocabulary it
# was analysed with: one vacancy's fan-out checks every email against the same document, which
# was rebuilt per email before (10,000 emails of one vacancy: 190 s of checks).
_checked_bodies: OrderedDict[tuple[Any, ...], tuple[SkillVocabulary, dict[str, Any]]] = (
    OrderedDict()
)
_checked_bodies_lock = threading.Lock()
CHECKED_BODIES = 32


def checked_vacancy_body(*, vacancy_pk: int) -> dict[str, Any] | None:
    """The search document of an open vacancy, built once per (pk, search_version, updated_at)
    and skill vocabulary in this process; None when the vacancy is gone or not public.

    Any change the index must learn about raises ``search_version`` (and so misses the memo); a
    change of the taxonomy changes the vocabulary. Reading the version is one flat query."""
    stamp = (
        Vacancy.objects.open().filter(pk=vacancy_pk).values_list("search_version", "updated_at")
    ).first()
    if stamp is None:
        return None
    vocabulary = skill_vocabulary()
    key = (vacancy_pk, *stamp)
    with _checked_bodies_lock:
        cached = _checked_bodies.get(key)
        if cached is not None and cached[0] is vocabulary:
            _checked_bodies.move_to_end(key)
            return cached[1]
    vacancy = vacancy_queryset().filter(pk=vacancy_pk).first()
    if vacancy is None or not is_vacancy_public(vacancy):
        return None
    body = vacancy_body(vacancy)
    if (vacancy.search_version, vacancy.updated_at) == stamp:  # not changed between the reads
        with _checked_bodies_lock:
            _checked_bodies[key] = (vocabulary, body)
            while len(_checked_bodies) > CHECKED_BODIES:
                _checked_bodies.popitem(last=False)
    return body


def alert_recipients_still_subscribed(context: dict, recipient_ids: list[int]) -> set[int]:
    """Recipient check for alert-match notifications (registered with the outbox): only those
    who still have an active alert that the vacancy fits hear about it; a vacancy gone or no
    longer public is told to nobody."""
    with pinned_vocabulary():  # one taxonomy check for the document and the alerts
        body = checked_vacancy_body(vacancy_pk=context.get("vacancy_id", 0))
        if body is None:
            return set()
        return users_with_matching_alert(body=body, user_ids=recipient_ids)
