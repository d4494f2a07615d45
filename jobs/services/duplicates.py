"""Near-duplicate vacancies: the employer's own repeats, and copies across employers.

The similarity itself is search's (asked through the ``sicaker.similarity`` port); the rules on
what follows are here: a near-copy of one of the employer's own open vacancies is not published
unless she says so (she may add its positions to the open one instead), and a near-copy of
another employer's is published and flagged to the labor office.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_staff
from jobs.models import DuplicateFlagStatus, Vacancy, VacancyDuplicateFlag
from sicaker.errors import Conflict, Forbidden
from sicaker.similarity import SimilarVacancyRow, similar_open_vacancies


class DuplicateVacancy(Conflict):
    """Publishing would put up a near-copy of the employer's own open vacancy (409).

    ``extra["duplicates"]`` names each one (id, title, open positions, similarity), so the client
    can offer to add the positions to it, or publish anyway (``publish_anyway``)."""

    code = "duplicate_vacancy"

    def __init__(self, *, duplicates: list[dict[str, Any]]) -> None:
        first = duplicates[0]
        super().__init__(
            _(
                "This vacancy is nearly the same as your open vacancy %(title)s (no. %(pk)d, "
                "%(percent)d%% alike). Add its positions to that vacancy instead, or publish "
                "it anyway if it is a different job."
            )
            % {
                "title": first["title"],
                "pk": first["id"],
                "percent": round(first["similarity"] * 100),
            }
        )
        self.duplicates = duplicates
        self.extra = {"duplicates": duplicates}


def similar_to(*, vacancy: Vacancy) -> list[SimilarVacancyRow]:
    """Open vacancies near-identical to this one (read before its publishing transaction: the
    search engine is not asked while rows are locked)."""
    return similar_open_vacancies(
        title=vacancy.title,
        description=vacancy.description,
        exclude_pk=vacancy.pk,
        employer_id=vacancy.employer_id,
    )


def check_own_duplicates(
    *, vacancy: Vacancy, similar: list[SimilarVacancyRow], publish_anyway: bool
) -> None:
    """Refuse (DuplicateVacancy) a near-copy of the employer's own open vacancy, unless she
    chose to publish anyway."""
    own = [row for row in similar if row.employer_id == vacancy.employer_id]
    if not own or publish_anyway:
        return
    titles = dict(Vacancy.objects.filter(pk__in=[row.pk for row in own]).values_list("pk", "title"))
    open_positions = {
        row["pk"]: row["positions"] - row["positions_filled"]
        for row in Vacancy.objects.filter(pk__in=titles).values(
            "pk", "positions", "positions_filled"
        )
    }
    raise DuplicateVacancy(
        duplicates=[
            {
                "id": row.pk,
                "title": titles[row.pk],
                "positions_open": open_positions[row.pk],
                "similarity": row.similarity,
            }
            for row in own
            if row.pk in titles
        ]
    )


def flag_copies_across_employers(*, vacancy: Vacancy, similar: list[SimilarVacancyRow]) -> int:
    """Record, for the labor office, each open vacancy of another employer that this newly
    published one nearly copies (call inside the publishing transaction). Returns how many."""
    flags = [
        VacancyDuplicateFlag(
            vacancy_id=vacancy.pk, duplicate_of_id=row.pk, similarity=row.similarity
        )
        for row in similar
        if row.employer_id != vacancy.employer_id
    ]
    VacancyDuplicateFlag.objects.bulk_create(flags, ignore_conflicts=True)
    return len(flags)


def duplicate_flag_dismiss(*, flag: VacancyDuplicateFlag, actor: User) -> VacancyDuplicateFlag:
    """The labor office marks a flagged pair as not a duplicate (staff only); a repeat is a
    no-op. Side effects: who and when, kept on the flag."""
    if not is_staff(actor):
        raise Forbidden(_("Only labor-office staff can review possible duplicates."))
    with transaction.atomic():
        locked = VacancyDuplicateFlag.objects.select_for_update().get(pk=flag.pk)
        if locked.status == DuplicateFlagStatus.DISMISSED:
            return locked
        locked.status = DuplicateFlagStatus.DISMISSED
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return locked
