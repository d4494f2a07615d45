"""Employers: registering the one organisation of an employer account, editing it, verifying it."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import Employer, Vacancy, VacancyStatus
from jobs.services.locations import fill_coordinates
from search.indexing import mark_dirty
from sicaker.api.errors import ConflictError

EMPLOYER_EDITABLE_FIELDS = (
    "name",
    "kind",
    "nib",
    "description",
    "phone",
    "email",
    "address",
    "city",
    "district",
    "subdistrict",
    "latitude",
    "longitude",
)
# Fields a vacancy's search document shows; changing them re-indexes the employer's vacancies.
EMPLOYER_SEARCHED_FIELDS = ("name",)


def _mark_vacancies_dirty(*, employer: Employer) -> None:
    pks = Vacancy.objects.filter(employer=employer, status=VacancyStatus.PUBLISHED).values_list(
        "pk", flat=True
    )
    mark_dirty(model_label="jobs.vacancy", pks=list(pks))


def employer_create(*, owner: User, data: dict[str, Any]) -> Employer:
    """Register the organisation of an employer account.

    Rule: an employer account has exactly one organisation (ConflictError if it already has one;
    the one-to-one column guards against a concurrent second request). A missing point is looked
    up from city/district/subdistrict. The organisation starts unverified.
    """
    unknown = set(data) - set(EMPLOYER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"employer_create got fields it does not accept: {sorted(unknown)}")
    already = _(
        "Your account already has an organisation; change it with PATCH employers/me/ instead."
    )
    if Employer.objects.filter(owner=owner).exists():
        raise ConflictError(already)
    data = fill_coordinates(data=data)
    try:
        with transaction.atomic():
            return Employer.objects.create(owner=owner, **data)
    except IntegrityError as error:
        if Employer.objects.filter(owner=owner).exists():
            raise ConflictError(already) from error
        raise


def employer_update(*, employer: Employer, data: dict[str, Any]) -> Employer:
    """Change an organisation's details (not its verification, which is the labor office's).

    A changed address without a new point gets its point looked up again. Side effects: when a
    field that vacancies show in search changes, the employer's published vacancies are marked
    dirty for search.
    """
    unknown = set(data) - set(EMPLOYER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"employer_update got fields it does not accept: {sorted(unknown)}")
    with transaction.atomic():
        locked = Employer.objects.select_for_update().get(pk=employer.pk)
        previous = {field: getattr(locked, field) for field in EMPLOYER_EDITABLE_FIELDS}
        data = fill_coordinates(data=data, previous=previous)
        changed = [field for field, value in data.items() if previous[field] != value]
        if not changed:
            return locked
        for field in changed:
            setattr(locked, field, data[field])
        locked.save(update_fields=[*changed, "updated_at"])
        if set(changed) & set(EMPLOYER_SEARCHED_FIELDS):
            _mark_vacancies_dirty(employer=locked)
    return locked


def employer_set_verified(*, employer: Employer, is_verified: bool, actor: User) -> Employer:
    """Record the labor office's verification of an organisation (or withdraw it).

    Rule: staff only (checked by the view's permission). Verifying records who and when;
    withdrawing clears both. Repeating the current state is a no-op that keeps the original
    record. Withdrawing does not unpublish vacancies already public; it only stops the employer
    from publishing new ones (see ``vacancy_publish``).
    """
    with transaction.atomic():
        locked = Employer.objects.select_for_update().get(pk=employer.pk)
        if locked.is_verified == is_verified:
            return locked
        locked.is_verified = is_verified
        locked.verified_at = timezone.now() if is_verified else None
        locked.verified_by = actor if is_verified else None
        locked.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
        # Hook: notify the employer of the decision here (transaction.on_commit) when
        # notifications exist.
    return locked
