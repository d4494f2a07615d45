"""The vacancy state machine: one table of allowed moves and one function that applies a move."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from jobs.models import ClosedReason, Vacancy, VacancyEvent, VacancyStatus
from jobs.open_data.log import vacancies_changed
from sicaker.indexing import mark_published

# draft → published (publish) or closed (close without ever publishing);
# published → closed (manual, expired or filled). Closed is final for people: the only way
# back is `vacancy_release_position`, which reopens a vacancy that closed *because* it filled.
VACANCY_TRANSITIONS: dict[str, frozenset[str]] = {
    VacancyStatus.DRAFT: frozenset({VacancyStatus.PUBLISHED, VacancyStatus.CLOSED}),
    VacancyStatus.PUBLISHED: frozenset({VacancyStatus.CLOSED}),
    VacancyStatus.CLOSED: frozenset(),
}


def can_transition(*, from_status: str, to_status: str) -> bool:
    return to_status in VACANCY_TRANSITIONS.get(from_status, frozenset())


def lock_vacancy(*, vacancy: Vacancy | int) -> Vacancy:
    """Re-read the vacancy row under a row lock (call inside a transaction)."""
    pk = vacancy if isinstance(vacancy, int) else vacancy.pk
    return Vacancy.objects.select_for_update().get(pk=pk)


def mark_vacancy_dirty(*, vacancy: Vacancy) -> None:
    """Raise the search version in this transaction (indexing is enqueued on commit) and record
    the change in the open-data log."""
    vacancies_changed(pks=[vacancy.pk])
    vacancy.refresh_from_db(fields=["search_version"])


def apply_transition(
    *, vacancy: Vacancy, to_status: str, actor: User | None, reason: str = ""
) -> Vacancy:
    """Write a status change on a *locked* vacancy: fields, audit event, search, hooks.

    The caller has locked the row and checked the business rules (and the table, unless it is
    the system's reopening of a filled vacancy). Side effects: a VacancyEvent, the vacancy marked
    dirty for search, and after commit the notification hook.
    """
    from_status = vacancy.status
    now = timezone.now()
    vacancy.status = to_status
    if to_status == VacancyStatus.PUBLISHED:
        vacancy.closed_reason = ""
        vacancy.closed_note = ""
        vacancy.closed_at = None
        if vacancy.published_at is None:
            vacancy.published_at = now
    elif to_status == VacancyStatus.CLOSED:
        vacancy.closed_reason = reason or ClosedReason.MANUAL
        vacancy.closed_at = now
    vacancy.save(
        update_fields=[
            "status",
            "closed_reason",
            "closed_note",
            "closed_at",
            "published_at",
            "updated_at",
        ]
    )
    VacancyEvent.objects.create(
        vacancy=vacancy,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        reason=vacancy.closed_reason,
    )
    mark_vacancy_dirty(vacancy=vacancy)
    if to_status == VacancyStatus.PUBLISHED:
        # Outbox row in this transaction: seekers whose job alerts fit are told after commit.
        mark_published(vacancy)
    return vacancy


def close_in_bulk(*, pks: list[int], reason: str) -> None:
    """Close many *locked, published* vacancies at once (the expiry sweep): one UPDATE, one
    batch of events, one search enqueue; the same effects as ``apply_transition`` for each."""
    now = timezone.now()
    Vacancy.objects.filter(pk__in=pks).update(
        status=VacancyStatus.CLOSED, closed_reason=reason, closed_at=now, updated_at=now
    )
    VacancyEvent.objects.bulk_create(
        VacancyEvent(
            vacancy_id=pk,
            actor=None,
            from_status=VacancyStatus.PUBLISHED,
            to_status=VacancyStatus.CLOSED,
            reason=reason,
        )
        for pk in pks
    )
    vacancies_changed(pks=pks)
