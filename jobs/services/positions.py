"""Filling and releasing a vacancy's positions when applications are accepted or un-accepted."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import ClosedReason, Vacancy, VacancyStatus
from jobs.services.transitions import apply_transition, lock_vacancy, mark_vacancy_dirty
from sicaker.errors import Conflict
from sicaker.tallies import tallied


def vacancy_fill_position(*, vacancy: Vacancy, actor: User | None = None) -> Vacancy:
    """Count one more position as filled, because an application to it was accepted.

    Rule: there must be an open position (positions_filled < positions), else Conflict.
    Called inside the caller's transaction (application acceptance); locks the vacancy row and
    increments ``positions_filled`` with F(). When the last position is filled a published
    vacancy closes with reason ``filled``; a vacancy that is already closed keeps its reason.
    Side effects: the vacancy is marked dirty for search (positions_open changed).
    Returns the locked, refreshed vacancy.
    """
    with transaction.atomic(), tallied(vacancies=[vacancy.pk]):
        locked = lock_vacancy(vacancy=vacancy)
        if locked.positions_filled >= locked.positions:
            raise Conflict(
                _(
                    "All positions of this vacancy are already filled; raise its number of "
                    "positions before accepting another applicant."
                )
            )
        Vacancy.objects.filter(pk=locked.pk).update(
            positions_filled=F("positions_filled") + 1, updated_at=timezone.now()
        )
        locked.refresh_from_db(fields=["positions_filled", "updated_at"])
        if locked.positions_filled >= locked.positions and locked.status == VacancyStatus.PUBLISHED:
            apply_transition(
                vacancy=locked,
                to_status=VacancyStatus.CLOSED,
                actor=actor,
                reason=ClosedReason.FILLED,
            )
        else:
            mark_vacancy_dirty(vacancy=locked)
    return locked


def vacancy_release_position(*, vacancy: Vacancy, actor: User | None = None) -> Vacancy:
    """Count one filled position as open again, because an acceptance was undone.

    Rule: at least one position must be filled, else Conflict. Locks the row, decrements
    ``positions_filled`` with F(). A vacancy that had closed *because it was filled* reopens
    (published) if it is still valid, or stays closed with reason ``expired`` if its date has
    passed; a vacancy closed manually or by expiry stays as it is.
    Side effects: the vacancy is marked dirty for search. Returns the locked, refreshed vacancy.
    """
    with transaction.atomic(), tallied(vacancies=[vacancy.pk]):
        locked = lock_vacancy(vacancy=vacancy)
        if locked.positions_filled <= 0:
            raise Conflict(_("No position of this vacancy is filled, so none can be released."))
        Vacancy.objects.filter(pk=locked.pk).update(
            positions_filled=F("positions_filled") - 1, updated_at=timezone.now()
        )
        locked.refresh_from_db(fields=["positions_filled", "updated_at"])
        is_closed_as_filled = (
            locked.status == VacancyStatus.CLOSED and locked.closed_reason == ClosedReason.FILLED
        )
        if is_closed_as_filled and locked.valid_through >= timezone.localdate():
            # The one move outside VACANCY_TRANSITIONS: undoing the system's own "filled" close.
            apply_transition(vacancy=locked, to_status=VacancyStatus.PUBLISHED, actor=actor)
        elif is_closed_as_filled:
            locked.closed_reason = ClosedReason.EXPIRED
            locked.save(update_fields=["closed_reason", "updated_at"])
            mark_vacancy_dirty(vacancy=locked)
        else:
            mark_vacancy_dirty(vacancy=locked)
    return locked
