"""Employers: registering the one organisation of an employer account, editing it, verifying it."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import Employer, Vacancy, VacancyStatus
from jobs.notifications import notify_employer_refused, notify_employer_verified
from jobs.open_data.log import record_vacancy_changes, vacancies_changed
from jobs.services.locations import LOCATION_FIELDS, fill_coordinates
from sicaker.errors import Conflict, Invalid

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
# Fields (and the verification) the open data shows with each vacancy (jobs.open_data.payload).
EMPLOYER_PUBLIC_FIELDS = ("name", "kind")


def _vacancies_changed(*, employer: Employer, changed: set[str]) -> None:
    """The employer's published vacancies show ``changed``: to search (the fields it indexes)
    and to the open-data change log (the fields and the verification its payload shows)."""
    searched = bool(changed & set(EMPLOYER_SEARCHED_FIELDS))
    if not searched and not changed & {*EMPLOYER_PUBLIC_FIELDS, "is_verified"}:
        return
    pks = Vacancy.objects.filter(employer=employer, status=VacancyStatus.PUBLISHED).values_list(
        "pk", flat=True
    )
    if searched:
        vacancies_changed(pks=pks)
    else:
        record_vacancy_changes(pks=pks)


def employer_create(*, owner: User, data: dict[str, Any]) -> Employer:
    """Register the organisation of an employer account.

    Rule: an employer account has exactly one organisation (Conflict if it already has one;
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
        raise Conflict(already)
    data = fill_coordinates(data=data)
    try:
        with transaction.atomic():
            return Employer.objects.create(owner=owner, **data)
    except IntegrityError as error:
        if Employer.objects.filter(owner=owner).exists():
            raise Conflict(already) from error
        raise


# What the labor office checks when it verifies an organisation: a change of any of these
# after a verification waits for the office again. A new city brings the whole address with it.
EMPLOYER_IDENTITY_FIELDS = ("name", "kind", "nib", "city")


def _has_verified_identity(employer: Employer) -> bool:
    """Its identity was checked by the office and is what the public sees: it is verified now,
    is waiting for a decision on earlier changes, or has vacancies still published under it."""
    return (
        employer.is_verified
        or bool(employer.pending_changes)
        or Vacancy.objects.filter(employer=employer, status=VacancyStatus.PUBLISHED).exists()
    )


def _identity_part(data: dict[str, Any], changed: list[str]) -> dict[str, Any]:
    """The part of an update that must wait for the office (empty if no identity field changed)."""
    return {field: data[field] for field in changed if field in EMPLOYER_IDENTITY_FIELDS}


def employer_update(*, employer: Employer, data: dict[str, Any]) -> Employer:
    """Change an organisation's details (not its verification, which is the labor office's).

    Rule: a change of name, kind, NIB or city of an organisation whose identity the office has
    verified (see ``_has_verified_identity``) is not applied: it is kept in ``pending_changes``
    and the organisation goes back to verification (``is_verified`` false, so it cannot publish
    new vacancies). Its published vacancies stay up, under the old, verified name, until an
    officer decides (``employer_set_verified``): impersonation ("Disnaker Kota Malang (Resmi)")
    never reaches the public, and an honest correction does not take every opening down. A new
    city brings the address of the same request with it. Asking again for the stored value
    drops that field from the pending changes. Other fields apply at once; a changed address
    without a new point gets its point looked up again. Side effects: when a field that
    vacancies show in search changes, the employer's published vacancies are marked dirty.
    """
    unknown = set(data) - set(EMPLOYER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"employer_update got fields it does not accept: {sorted(unknown)}")
    with transaction.atomic():
        locked = Employer.objects.select_for_update(no_key=True).get(pk=employer.pk)
        previous = {field: getattr(locked, field) for field in EMPLOYER_EDITABLE_FIELDS}
        requested = [field for field, value in data.items() if previous[field] != value]
        held: dict[str, Any] = {}
        if _has_verified_identity(locked):
            held = _identity_part(data, requested)
            # Fields asked for again with their stored value are no longer pending.
            pending = {
                field: value
                for field, value in locked.pending_changes.items()
                if field not in data or previous[field] != data[field]
            }
            held = {**pending, **held}
            if "city" in held:  # the new city's address waits with it
                held |= {field: data[field] for field in LOCATION_FIELDS if field in data}
            else:  # no new city (any more): no address of one either
                held = {f: value for f, value in held.items() if f not in LOCATION_FIELDS}
            data = {field: value for field, value in data.items() if field not in held}
        data = fill_coordinates(data=data, previous=previous)
        changed = [field for field, value in data.items() if previous[field] != value]
        update_fields = list(changed)
        if held != locked.pending_changes:
            locked.pending_changes = held
            update_fields.append("pending_changes")
            if held and locked.is_verified:
                locked.is_verified, locked.verified_at, locked.verified_by = False, None, None
                update_fields += ["is_verified", "verified_at", "verified_by"]
        if not update_fields:
            return locked
        for field in changed:
            setattr(locked, field, data[field])
        locked.save(update_fields=[*update_fields, "updated_at"])
        _vacancies_changed(
            employer=locked, changed={*changed, *({"is_verified"} & set(update_fields))}
        )
    return locked


def employer_set_verified(*, employer: Employer, is_verified: bool, actor: User) -> Employer:
    """Record the labor office's verification of an organisation (or withdraw it).

    Rule: staff only (checked by the view's permission). Verifying records who and when, and
    applies the changes waiting in ``pending_changes`` (the office has seen them: the employer's
    published vacancies then show the new name). Withdrawing clears who and when and refuses the
    waiting changes (the organisation keeps its last verified details). Repeating the current
    state is a no-op that keeps the original record. Withdrawing does not unpublish vacancies
    already public; it only stops the employer from publishing new ones (see
    ``vacancy_publish``).
    """
    with transaction.atomic():
        locked = Employer.objects.select_for_update(no_key=True).get(pk=employer.pk)
        pending = dict(locked.pending_changes)
        if locked.is_verified == is_verified and not pending and locked.refused_at is None:
            return locked
        update_fields = ["is_verified", "verified_at", "verified_by", "pending_changes"]
        changed: list[str] = []
        if is_verified and pending:
            previous = {field: getattr(locked, field) for field in EMPLOYER_EDITABLE_FIELDS}
            data = fill_coordinates(data=pending, previous=previous)
            changed = [field for field, value in data.items() if previous[field] != value]
            for field in changed:
                setattr(locked, field, data[field])
        locked.pending_changes = {}
        if is_verified and locked.refused_at is not None:
            locked.refusal_reason, locked.refused_at = "", None
            update_fields += ["refusal_reason", "refused_at"]
        changed_state = ["is_verified"] if locked.is_verified != is_verified else []
        if locked.is_verified != is_verified:
            locked.is_verified = is_verified
            locked.verified_at = timezone.now() if is_verified else None
            locked.verified_by = actor if is_verified else None
        locked.save(update_fields=[*update_fields, *changed, "updated_at"])
        _vacancies_changed(employer=locked, changed={*changed, *changed_state})
        if is_verified and "is_verified" in changed_state:
            notify_employer_verified(employer=locked)
    return locked


def employer_refuse(*, employer: Employer, actor: User, reason: str) -> Employer:
    """The labor office refuses to verify an organisation, and says why (staff only, checked
    by the view).

    Rules: a reason is required (Invalid on ``reason``); a verified organisation cannot be
    refused (Conflict: withdraw the verification instead), but its waiting changes can: they are
    dropped and it keeps its verified details. Side effects: the reason and the time are stored
    for the employer to read, and the employer is notified in the same transaction (outbox).
    Editing the organisation afterwards puts it back in the queue.
    """
    reason = reason.strip()
    if not reason:
        raise Invalid({"reason": [_("Write the reason, so the employer can fix it.")]})
    with transaction.atomic():
        locked = (
            Employer.objects.select_for_update(no_key=True)
            .select_related("owner")
            .get(pk=employer.pk)
        )
        if locked.is_verified and not locked.pending_changes:
            raise Conflict(
                _("This organisation is verified; withdraw the verification instead of refusing.")
            )
        now = timezone.now()
        # update(): no auto_now, so updated_at == refused_at until the employer edits again.
        Employer.objects.filter(pk=locked.pk).update(
            refusal_reason=reason, refused_at=now, updated_at=now, pending_changes={}
        )
        locked.refresh_from_db()
        notify_employer_refused(employer=locked, reason=reason)
    return locked
