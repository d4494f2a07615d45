"""Training programmes and the completions labor-office staff record (skills become verified)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import Skill
from seekers.models import (
    SeekerProfile,
    SeekerSkill,
    SkillLevel,
    SkillSource,
    TrainingCompletion,
    TrainingProgramme,
)
from seekers.nik import InvalidNik, nik_digest, validate_nik
from sicaker.errors import Conflict, Forbidden, Invalid
from sicaker.indexing import mark_dirty
from sicaker.tallies import tallied

PROGRAMME_FIELDS = frozenset({"title", "organiser", "city", "starts_on", "ends_on", "description"})
LEVEL_RANK: dict[str, int] = {
    SkillLevel.BASIC: 0,
    SkillLevel.INTERMEDIATE: 1,
    SkillLevel.ADVANCED: 2,
}


def _require_staff(actor: User) -> None:
    if not actor.is_officer:
        raise Forbidden(_("Only labor-office staff can manage trainings."))


def _check_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise Invalid({"ends_on": [_("A training cannot end before it starts; check both dates.")]})


def _check_skills(skills: Sequence[Skill]) -> None:
    if not skills:
        raise Invalid(
            {"skills": [_("Name at least one skill the training teaches (a slug or an id).")]}
        )


def training_programme_create(
    *,
    actor: User,
    title: str,
    organiser: str,
    city: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    skills: Sequence[Skill],
    description: str = "",
) -> TrainingProgramme:
    """Record a training programme (staff only).

    Rules: it ends on or after its start (400 on ``ends_on``); it teaches at least one skill.
    """
    _require_staff(actor)
    _check_dates(starts_on, ends_on)
    _check_skills(skills)
    with transaction.atomic():
        programme = TrainingProgramme.objects.create(
            title=title.strip(),
            organiser=organiser.strip(),
            city=city.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            description=description.strip(),
            created_by=actor,
        )
        programme.skills.set(skills)
    return programme


def training_programme_update(
    *,
    programme: TrainingProgramme,
    actor: User,
    changes: dict[str, Any],
    skills: Sequence[Skill] | None = None,
) -> TrainingProgramme:
    """Edit a programme (staff only, partial): dates checked after merging with stored ones.

    Changing the skills does not change the skills of seekers who already completed it: a
    completion verifies what the training taught at the time it was recorded.
    """
    _require_staff(actor)
    unknown = set(changes) - PROGRAMME_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        programme = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
        _check_dates(
            changes.get("starts_on", programme.starts_on), changes.get("ends_on", programme.ends_on)
        )
        for field, value in changes.items():
            setattr(programme, field, value.strip() if isinstance(value, str) else value)
        programme.save()
        if skills is not None:
            _check_skills(skills)
            programme.skills.set(skills)
    return programme


def _grant_verified_skills(
    *, seeker: SeekerProfile, completion: TrainingCompletion, skills: Sequence[Skill], level: str
) -> None:
    """Every skill of the programme becomes a verified (training) skill of the seeker.

    A self-declared or experience skill is upgraded to training; a skill already verified by an
    earlier training keeps that training. The higher of the held and the trained level is kept.
    """
    links = {
        link.skill_id: link for link in SeekerSkill.objects.filter(seeker=seeker, skill__in=skills)
    }
    to_create: list[SeekerSkill] = []
    to_update: list[SeekerSkill] = []
    for skill in skills:
        link = links.get(skill.pk)
        if link is None:
            to_create.append(
                SeekerSkill(
                    seeker=seeker,
                    skill=skill,
                    level=level,
                    source=SkillSource.TRAINING,
                    training_completion=completion,
                )
            )
            continue
        if link.source != SkillSource.TRAINING or link.training_completion_id is None:
            link.source = SkillSource.TRAINING
            link.training_completion = completion
        if LEVEL_RANK[level] > LEVEL_RANK[link.level]:
            link.level = level
        to_update.append(link)
    SeekerSkill.objects.bulk_create(to_create)
    SeekerSkill.objects.bulk_update(to_update, ["source", "training_completion", "level"])


def _check_completion_date(*, programme: TrainingProgramme, completed_on: datetime.date) -> None:
    if completed_on < programme.starts_on:
        raise Invalid(
            {
                "completed_on": [
                    _("A training cannot be completed before it starts (%(date)s); check the date.")
                    % {"date": programme.starts_on.isoformat()}
                ]
            }
        )
    if completed_on > timezone.localdate():
        raise Invalid(
            {"completed_on": [_("The completion date cannot be in the future; check the date.")]}
        )


def training_completion_record(
    *,
    programme: TrainingProgramme,
    seeker: SeekerProfile,
    actor: User,
    certificate_number: str,
    completed_on: datetime.date,
    level: str = SkillLevel.BASIC,
) -> TrainingCompletion:
    """Record that a seeker completed a programme (staff only); its skills become verified.

    Rules: not before the programme starts and not in the future (400 on ``completed_on``);
    once per seeker and programme (409); a certificate number once per programme (409) — both
    enforced by database constraints. Side effects: the seeker holds every skill of the
    programme as verified (``_grant_verified_skills``) and is marked dirty for search.
    """
    _require_staff(actor)
    certificate_number = certificate_number.strip()
    _check_completion_date(programme=programme, completed_on=completed_on)
    with transaction.atomic(), tallied(seekers=[seeker.pk]):
        # The profile lock orders this with her own profile edits, which also replace skills.
        seeker = SeekerProfile.objects.select_for_update().get(pk=seeker.pk)
        try:
            with transaction.atomic():
                completion = TrainingCompletion.objects.create(
                    programme=programme,
                    seeker=seeker,
                    certificate_number=certificate_number,
                    completed_on=completed_on,
                    recorded_by=actor,
                )
        except IntegrityError as error:
            if TrainingCompletion.objects.filter(programme=programme, seeker=seeker).exists():
                raise Conflict(
                    _("This seeker's completion of this training is already recorded.")
                ) from error
            raise Conflict(
                _(
                    "Certificate number %(number)s is already recorded for another participant "
                    "of this training; check the number on the certificate."
                )
                % {"number": certificate_number}
            ) from error
        _grant_verified_skills(
            seeker=seeker, completion=completion, skills=list(programme.skills.all()), level=level
        )
        mark_dirty(SeekerProfile, [seeker.pk])
    return completion


class RowOutcome(StrEnum):
    """What became of one participant of a batch (``training_completions_record_batch``)."""

    RECORDED = "recorded"
    ALREADY_RECORDED = "already_recorded"
    NOT_FOUND = "not_found"
    INVALID_NIK = "invalid_nik"
    CERTIFICATE_TAKEN = "certificate_taken"
    INVALID = "invalid"


@dataclass(frozen=True)
class CompletionRow:
    """One participant to record: her NIK (as typed) or her profile, and her certificate."""

    line: int
    certificate_number: str
    nik: str = ""
    seeker: SeekerProfile | None = None


@dataclass(frozen=True)
class CompletionRowResult:
    row: CompletionRow
    outcome: RowOutcome
    message: str = ""
    seeker: SeekerProfile | None = None


def _row_seeker(row: CompletionRow) -> tuple[SeekerProfile | None, CompletionRowResult | None]:
    if row.seeker is not None:
        return row.seeker, None
    try:
        facts = validate_nik(row.nik)
    except InvalidNik as error:
        return None, CompletionRowResult(
            row=row, outcome=RowOutcome.INVALID_NIK, message=str(error)
        )
    seeker = SeekerProfile.objects.filter(nik_digest=nik_digest(facts.nik)).first()
    if seeker is None:
        message = _("No job seeker has registered with this NIK; ask her to fill in her profile.")
        return None, CompletionRowResult(row=row, outcome=RowOutcome.NOT_FOUND, message=message)
    return seeker, None


def training_completions_record_batch(
    *,
    programme: TrainingProgramme,
    actor: User,
    rows: Sequence[CompletionRow],
    completed_on: datetime.date,
    level: str = SkillLevel.BASIC,
) -> list[CompletionRowResult]:
    """Record many participants of a programme at once (staff only), each through
    ``training_completion_record``, and say what became of each row.

    Rules: the shared date is checked once, before any row (Invalid on ``completed_on``: nothing
    is written). Then each row is its own transaction: a good row is recorded whole (completion
    and verified skills), a bad one (NIK invalid or unknown, already recorded, certificate
    number taken or missing) writes nothing and is reported, and the other rows go on. A seeker
    is found by the keyed digest of her NIK, never by the NIK itself.
    """
    _require_staff(actor)
    _check_completion_date(programme=programme, completed_on=completed_on)
    results: list[CompletionRowResult] = []
    for row in rows:
        seeker, refused = _row_seeker(row)
        if refused is not None or seeker is None:
            results.append(refused or CompletionRowResult(row=row, outcome=RowOutcome.NOT_FOUND))
            continue
        if not row.certificate_number.strip():
            message = _("The certificate number is missing; copy it from the certificate.")
            results.append(
                CompletionRowResult(
                    row=row, outcome=RowOutcome.INVALID, message=message, seeker=seeker
                )
            )
            continue
        try:
            training_completion_record(
                programme=programme,
                seeker=seeker,
                actor=actor,
                certificate_number=row.certificate_number,
                completed_on=completed_on,
                level=level,
            )
        except Conflict as error:
            taken = not TrainingCompletion.objects.filter(
                programme=programme, seeker=seeker
            ).exists()
            outcome = RowOutcome.CERTIFICATE_TAKEN if taken else RowOutcome.ALREADY_RECORDED
            results.append(
                CompletionRowResult(
                    row=row, outcome=outcome, message=str(error.message), seeker=seeker
                )
            )
        except Invalid as error:
            results.append(
                CompletionRowResult(
                    row=row, outcome=RowOutcome.INVALID, message=str(error.message), seeker=seeker
                )
            )
        else:
            results.append(CompletionRowResult(row=row, outcome=RowOutcome.RECORDED, seeker=seeker))
    return results
