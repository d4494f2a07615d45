"""Vacancies: creating, editing, publishing, closing, deleting and expiring them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_staff
from jobs.models import (
    ClosedReason,
    Employer,
    Skill,
    Vacancy,
    VacancySkill,
    VacancyStatus,
    Weekday,
)
from jobs.notifications import notify_vacancy_closed_by_office
from jobs.services.duplicates import (
    check_own_duplicates,
    flag_copies_across_employers,
    similar_to,
)
from jobs.services.locations import LOCATION_FIELDS, fill_coordinates
from jobs.services.transitions import (
    apply_transition,
    can_transition,
    close_in_bulk,
    lock_vacancy,
    mark_vacancy_dirty,
)
from sicaker.errors import Conflict, Forbidden, Invalid
from sicaker.ids import is_storable_id
from sicaker.tallies import tallied

VACANCY_FIELDS = (
    "title",
    "description",
    "work_type",
    "work_days",
    "hours_start",
    "hours_end",
    "positions",
    "pay_min",
    "pay_max",
    "pay_unit",
    "min_education",
    "valid_through",
    *LOCATION_FIELDS,
)
SKILL_FIELDS = ("required_skills", "preferred_skills")
MAX_POSITIONS = 1000
EXPIRY_CHUNK_SIZE = 500
MAX_CLOSED_NOTE_LENGTH = 1000


def _check_fields(data: dict[str, Any]) -> None:
    unknown = set(data) - set(VACANCY_FIELDS) - set(SKILL_FIELDS)
    if unknown:
        raise ValueError(f"vacancy services got fields they do not accept: {sorted(unknown)}")


def _validate_values(
    *, values: dict[str, Any], changed: Iterable[str], today: datetime.date
) -> None:
    """The rules on a vacancy's values (after merging an edit with what is stored)."""
    errors: dict[str, list[str]] = {}
    changed = set(changed)
    if "valid_through" in changed and values["valid_through"] < today:
        errors["valid_through"] = [
            _("The closing date is in the past; choose today (%(today)s) or a later date.")
            % {"today": today.isoformat()}
        ]
    if (
        values["pay_min"] is not None
        and values["pay_max"] is not None
        and values["pay_min"] > values["pay_max"]
    ):
        errors["pay_min"] = [
            _("The minimum pay is above the maximum pay; lower the minimum or raise the maximum.")
        ]
    if (
        values["hours_start"] is not None
        and values["hours_end"] is not None
        and values["hours_start"] >= values["hours_end"]
    ):
        errors["hours_end"] = [
            _("Working hours must end after they start; check the start and end times.")
        ]
    unknown_days = [day for day in values["work_days"] if day not in Weekday.values]
    if unknown_days:
        errors["work_days"] = [
            _("Unknown working days: %(days)s; use mon, tue, wed, thu, fri, sat, sun.")
            % {"days": ", ".join(map(str, unknown_days))}
        ]
    if not 1 <= values["positions"] <= MAX_POSITIONS:
        errors["positions"] = [
            _("The number of positions must be between 1 and %(max)d.") % {"max": MAX_POSITIONS}
        ]
    elif values["positions"] < values.get("positions_filled", 0):
        errors["positions"] = [
            _("%(filled)d positions are already filled; the number of positions cannot be lower.")
            % {"filled": values["positions_filled"]}
        ]
    if not values["city"] or not values["district"]:
        errors["city" if not values["city"] else "district"] = [
            _("Give the city and the district (kecamatan) where the work is.")
        ]
    if errors:
        raise Invalid(errors)


def _resolve_skills(*, field: str, references: list[str | int]) -> list[Skill]:
    """Skills named by slug or id; an unknown or retired one is a 400 naming it."""
    names = list(dict.fromkeys(str(reference).strip() for reference in references))
    # isascii: str.isdigit() also accepts characters such as "¹" that int() refuses.
    # An id beyond what the column holds names no skill: it is reported as unknown.
    is_id = {
        reference: reference.isascii() and reference.isdigit() and is_storable_id(int(reference))
        for reference in names
    }
    ids = [int(reference) for reference in names if is_id[reference]]
    slugs = [reference for reference in names if not is_id[reference]]
    found = Skill.objects.filter(pk__in=ids) | Skill.objects.filter(slug__in=slugs)
    by_reference: dict[str, Skill] = {}
    for skill in found:
        by_reference[str(skill.pk)] = skill
        by_reference[skill.slug] = skill
    unknown = [reference for reference in names if reference not in by_reference]
    if unknown:
        raise Invalid(
            {
                field: [
                    _("Unknown skill: %(skills)s. Use a slug or id from GET /api/v1/skills/.")
                    % {"skills": ", ".join(repr(reference) for reference in unknown)}
                ]
            }
        )
    retired = [reference for reference in names if not by_reference[reference].is_active]
    if retired:
        raise Invalid(
            {
                field: [
                    _(
                        "This skill is no longer offered: %(skills)s. "
                        "Choose a current one from GET /api/v1/skills/."
                    )
                    % {"skills": ", ".join(repr(reference) for reference in retired)}
                ]
            }
        )
    return list(
        {by_reference[reference].pk: by_reference[reference] for reference in names}.values()
    )


def _resolve_skill_lists(
    *, data: dict[str, Any], vacancy: Vacancy | None
) -> dict[str, list[Skill]] | None:
    """The new required/preferred skills if the request changes them, checked for overlap."""
    if not set(SKILL_FIELDS) & set(data):
        return None
    current: dict[str, list[Skill]] = {"required_skills": [], "preferred_skills": []}
    if vacancy is not None:
        for link in vacancy.skill_links.select_related("skill"):
            current["required_skills" if link.is_required else "preferred_skills"].append(
                link.skill
            )
    lists = {
        field: _resolve_skills(field=field, references=data[field])
        if field in data
        else current[field]
        for field in SKILL_FIELDS
    }
    required = {skill.pk for skill in lists["required_skills"]}
    both = [skill.slug for skill in lists["preferred_skills"] if skill.pk in required]
    if both:
        raise Invalid(
            {
                "preferred_skills": [
                    _(
                        "A skill cannot be both required and preferred: %(skills)s. "
                        "Keep it in one list."
                    )
                    % {"skills": ", ".join(both)}
                ]
            }
        )
    return lists


def _write_skills(*, vacancy: Vacancy, lists: dict[str, list[Skill]]) -> None:
    VacancySkill.objects.filter(vacancy=vacancy).delete()
    VacancySkill.objects.bulk_create(
        [
            VacancySkill(vacancy=vacancy, skill=skill, is_required=True)
            for skill in lists["required_skills"]
        ]
        + [
            VacancySkill(vacancy=vacancy, skill=skill, is_required=False)
            for skill in lists["preferred_skills"]
        ]
    )


def vacancy_create(
    *, employer: Employer, actor: User, data: dict[str, Any], external_reference: str = ""
) -> Vacancy:
    """Create a draft vacancy of an organisation.

    Rules: the location defaults to the employer's (all of it, when the request gives no address;
    part of an address without its city is refused);
    a missing point is looked up from the address; valid_through is today or later; pay_min <=
    pay_max; hours_start < hours_end; work_days are mon..sun; positions 1..1000; skills are known
    slugs or ids, none in both lists. ``external_reference`` (an import's row reference) is
    unique per employer (the database refuses a second one). Drafts are not public, so search is
    not told.
    """
    _check_fields(data)
    today = timezone.localdate()
    fields = {field: data[field] for field in VACANCY_FIELDS if field in data}
    if not fields.get("city"):
        if any(fields.get(field) not in (None, "") for field in LOCATION_FIELDS):
            raise Invalid(
                {
                    "city": [
                        _(
                            "Give the city and district of this address, or leave the whole "
                            "address out to use your organisation's."
                        )
                    ]
                }
            )
        for field in LOCATION_FIELDS:
            fields[field] = getattr(employer, field)
    else:
        fields = fill_coordinates(data=fields)
    defaults: dict[str, Any] = {
        "description": "",
        "work_days": [],
        "hours_start": None,
        "hours_end": None,
        "positions": 1,
        "pay_min": None,
        "pay_max": None,
        "pay_unit": "",
        "address": "",
        "district": "",
        "subdistrict": "",
    }
    values = {**defaults, **fields}
    _validate_values(values=values, changed=values, today=today)
    with transaction.atomic():
        skill_lists = _resolve_skill_lists(data=data, vacancy=None)
        vacancy = Vacancy.objects.create(
            employer=employer,
            status=VacancyStatus.DRAFT,
            external_reference=external_reference,
            **values,
        )
        if skill_lists:
            _write_skills(vacancy=vacancy, lists=skill_lists)
    return vacancy


COPIED_FIELDS = tuple(field for field in VACANCY_FIELDS if field != "valid_through")


def vacancy_copy_values(*, vacancy: Vacancy) -> dict[str, Any]:
    """What "reopen as a copy" starts from: the vacancy's fields and skills (slugs), without
    its closing date, which she chooses again.

    Rule: a vacancy the labor office closed for breaking the rules (reason ``office``) is not
    reopened as a copy (Conflict): the office closed it for a reason."""
    if vacancy.closed_reason == ClosedReason.OFFICE:
        raise Conflict(
            _(
                "The labor office closed this vacancy because it broke the rules, so it cannot "
                "be reopened as a copy. Write a new vacancy that keeps the rules, or ask your "
                "Disnaker."
            )
        )
    links = list(vacancy.skill_links.select_related("skill"))
    return {
        **{field: getattr(vacancy, field) for field in COPIED_FIELDS},
        "required_skills": [link.skill.slug for link in links if link.is_required],
        "preferred_skills": [link.skill.slug for link in links if not link.is_required],
    }


def vacancy_copy(*, vacancy: Vacancy, actor: User, valid_through: datetime.date) -> Vacancy:
    """Reopen a vacancy as a copy: a new draft of the same organisation with its fields and
    skills and a new closing date.

    Rules: only the vacancy's own employer (Forbidden); not a vacancy the labor office closed
    (Conflict, ``vacancy_copy_values``); then the rules of ``vacancy_create`` (a closing date in
    the past, a skill retired since: Invalid). The original is not changed.
    """
    if actor.pk is None or vacancy.employer.owner_id != actor.pk:
        raise Forbidden(_("Only the employer that posted this vacancy can reopen it as a copy."))
    values = vacancy_copy_values(vacancy=vacancy)
    return vacancy_create(
        employer=vacancy.employer, actor=actor, data={**values, "valid_through": valid_through}
    )


def vacancy_update(*, vacancy: Vacancy, actor: User, data: dict[str, Any]) -> Vacancy:
    """Edit a draft or published vacancy.

    Rules: a closed vacancy cannot be edited (Conflict); the same value rules as on create,
    checked on the merged result; positions cannot go below the filled count. A published
    vacancy stays published; if the edit leaves no open position it closes as ``filled``.
    Side effects: a published vacancy is marked dirty for search.
    """
    _check_fields(data)
    today = timezone.localdate()
    with transaction.atomic(), tallied(vacancies=[vacancy.pk]):
        locked = lock_vacancy(vacancy=vacancy)
        if locked.status == VacancyStatus.CLOSED:
            raise Conflict(
                _("This vacancy is closed and can no longer be edited; post a new vacancy instead.")
            )
        fields = {field: data[field] for field in VACANCY_FIELDS if field in data}
        if set(fields) & set(LOCATION_FIELDS):
            fields = fill_coordinates(
                data=fields, previous={field: getattr(locked, field) for field in LOCATION_FIELDS}
            )
        changed = [field for field, value in fields.items() if getattr(locked, field) != value]
        values = {field: getattr(locked, field) for field in VACANCY_FIELDS}
        values.update(fields)
        values["positions_filled"] = locked.positions_filled
        _validate_values(values=values, changed=changed, today=today)
        skill_lists = _resolve_skill_lists(data=data, vacancy=locked)
        for field in changed:
            setattr(locked, field, fields[field])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        if skill_lists is not None:
            _write_skills(vacancy=locked, lists=skill_lists)
        if locked.status == VacancyStatus.PUBLISHED and (changed or skill_lists is not None):
            if locked.positions_filled >= locked.positions:
                apply_transition(
                    vacancy=locked,
                    to_status=VacancyStatus.CLOSED,
                    actor=actor,
                    reason=ClosedReason.FILLED,
                )
            else:
                mark_vacancy_dirty(vacancy=locked)
    return locked


def vacancy_publish(*, vacancy: Vacancy, actor: User, publish_anyway: bool = False) -> Vacancy:
    """Make a draft vacancy public.

    Rules: publishing a published vacancy is a no-op; a closed one cannot be published; the
    organisation must be verified by the labor office; valid_through must not have passed; a
    near-copy of one of the employer's own open vacancies is refused (DuplicateVacancy, naming
    it) unless ``publish_anyway``.
    Side effects: published_at, a VacancyEvent, the vacancy marked dirty for search, an outbox
    row that matches it against job alerts after commit, and a flag for the labor office for
    each open vacancy of another employer it nearly copies.
    """
    similar = []
    if vacancy.status == VacancyStatus.DRAFT:
        similar = similar_to(vacancy=Vacancy.objects.get(pk=vacancy.pk))
    with transaction.atomic():
        # Employer first, then vacancy: the same order as employer edits that re-index vacancies.
        employer = Employer.objects.select_for_update(no_key=True).get(pk=vacancy.employer_id)
        locked = lock_vacancy(vacancy=vacancy)
        if locked.status == VacancyStatus.PUBLISHED:
            return locked
        with tallied(vacancies=[locked.pk]):
            if not can_transition(from_status=locked.status, to_status=VacancyStatus.PUBLISHED):
                raise Conflict(
                    _(
                        "This vacancy is closed and cannot be published again; "
                        "post a new vacancy instead."
                    )
                )
            if not employer.is_verified:
                raise Conflict(
                    _("Your organisation is not verified yet; the labor office verifies employers.")
                )
            if locked.valid_through < timezone.localdate():
                raise Conflict(
                    _("The closing date has passed; set it to today or later, then publish.")
                )
            check_own_duplicates(vacancy=locked, similar=similar, publish_anyway=publish_anyway)
            apply_transition(vacancy=locked, to_status=VacancyStatus.PUBLISHED, actor=actor)
            flag_copies_across_employers(vacancy=locked, similar=similar)
    return locked


def vacancy_merge_into(*, draft: Vacancy, into: Vacancy, actor: User) -> Vacancy:
    """Instead of publishing a near-copy, add its positions to the employer's open vacancy.

    Rules: ``draft`` is a draft and ``into`` is published, both of one employer (Conflict
    otherwise); the total stays within the positions limit (Invalid on ``positions``, through
    ``vacancy_update``). Side effects, in one transaction: ``into`` gains the draft's positions
    (re-indexed), and the draft is deleted."""
    with transaction.atomic():
        locked_draft = lock_vacancy(vacancy=draft)
        locked_into = lock_vacancy(vacancy=into)
        if locked_draft.employer_id != locked_into.employer_id:
            raise Forbidden(_("Positions can only be added to a vacancy of your own."))
        if locked_draft.status != VacancyStatus.DRAFT:
            raise Conflict(_("Only a draft can be added to another vacancy; this one is not."))
        if locked_into.status != VacancyStatus.PUBLISHED:
            raise Conflict(
                _("Positions can only be added to a published vacancy; publish the draft instead.")
            )
        merged = vacancy_update(
            vacancy=locked_into,
            actor=actor,
            data={"positions": locked_into.positions + locked_draft.positions},
        )
        locked_draft.delete()
    return merged


def vacancy_close(*, vacancy: Vacancy, actor: User, reason: str = ClosedReason.MANUAL) -> Vacancy:
    """Close a vacancy (by its employer or the labor office); closing a closed one is a no-op.

    Side effects: closed_reason and closed_at, a VacancyEvent, the vacancy marked dirty for
    search (so it leaves the index).
    """
    with transaction.atomic(), tallied(vacancies=[vacancy.pk]):
        locked = lock_vacancy(vacancy=vacancy)
        if locked.status == VacancyStatus.CLOSED:
            return locked
        apply_transition(vacancy=locked, to_status=VacancyStatus.CLOSED, actor=actor, reason=reason)
    return locked


def vacancy_close_by_office(*, vacancy: Vacancy, actor: User, note: str) -> Vacancy:
    """The labor office closes a vacancy that breaks the rules, and says why.

    Rules: staff only (Forbidden otherwise); a reason is required, at most 1,000 characters
    (Invalid on ``note``); a closed vacancy cannot be closed again (Conflict: nothing to do, and
    its first reason stays). The move is the state machine's own close (draft or published →
    closed), with reason ``office``. Side effects, in one transaction: the reason stored as
    ``closed_note``, a VacancyEvent, the vacancy marked dirty for search (so it leaves the
    index), and the employer notified through the outbox.
    """
    if not is_staff(actor):
        raise Forbidden(_("Only labor-office staff can close a vacancy with a reason."))
    note = note.strip()
    if not note:
        raise Invalid(
            {"note": [_("Write the reason, so the employer knows what broke the rules.")]}
        )
    if len(note) > MAX_CLOSED_NOTE_LENGTH:
        raise Invalid(
            {
                "note": [
                    _("Keep the reason to %(max)d characters.") % {"max": MAX_CLOSED_NOTE_LENGTH}
                ]
            }
        )
    with transaction.atomic(), tallied(vacancies=[vacancy.pk]):
        locked = lock_vacancy(vacancy=vacancy)
        if not can_transition(from_status=locked.status, to_status=VacancyStatus.CLOSED):
            raise Conflict(_("This vacancy is already closed; there is nothing to close."))
        apply_transition(
            vacancy=locked, to_status=VacancyStatus.CLOSED, actor=actor, reason=ClosedReason.OFFICE
        )
        locked.closed_note = note
        locked.save(update_fields=["closed_note"])
        notify_vacancy_closed_by_office(
            vacancy=Vacancy.objects.select_related("employer__owner").get(pk=locked.pk), note=note
        )
    return locked


def vacancy_delete(*, vacancy: Vacancy, actor: User) -> None:
    """Delete a draft; anything ever published is kept for the record and must be closed instead."""
    with transaction.atomic():
        locked = lock_vacancy(vacancy=vacancy)
        if locked.status != VacancyStatus.DRAFT:
            raise Conflict(
                _("Only a draft can be deleted; close this vacancy instead (POST .../close/).")
            )
        locked.delete()


def vacancy_close_expired(*, today: datetime.date) -> int:
    """Close every published vacancy whose valid_through is before ``today``, with reason expired.

    Works in chunks of short transactions; rows locked by another writer are skipped and caught
    on the next run. Safe to run twice: a closed vacancy no longer matches. Returns how many
    vacancies it closed.
    """
    closed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            pks = list(
                Vacancy.objects.select_for_update(skip_locked=True)
                .filter(status=VacancyStatus.PUBLISHED, valid_through__lt=today, pk__gt=last_pk)
                .order_by("pk")
                .values_list("pk", flat=True)[:EXPIRY_CHUNK_SIZE]
            )
            if not pks:
                return closed
            with tallied(vacancies=pks):
                close_in_bulk(pks=pks, reason=ClosedReason.EXPIRED)
        closed += len(pks)
        last_pk = pks[-1]
