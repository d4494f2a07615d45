"""Staff-assisted registration: an officer opens accounts for the women who come in person.

At a training or at the counter, an officer registers a participant (name, NIK, mobile number,
district) with the consent she gave on a signed paper form: what she agreed to (the current
privacy notice), when, by which officer, and the form's number. She gets an SMS with a one-time
link to claim the account and choose a password. Until she claims it, her trainings are recorded
and she counts in the office's reports, but employers do not see her (``SeekerProfile.objects
.candidates()`` leaves out unclaimed accounts).

A participant whose NIK is already registered is linked, never duplicated: the NIK is found by
its keyed digest (``seekers.nik``), under every configured key.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.phones import normalize_phone
from consents.models import Purpose, RecordedVia
from consents.services import account_claim_issue, consents_set
from seekers import nik as nik_codec
from seekers.models import SeekerProfile, SkillLevel, TrainingCompletion, TrainingProgramme
from seekers.notifications import notify_account_claim
from seekers.services.profiles import _apply_address, _apply_nik
from seekers.services.trainings import training_completion_record
from sicaker.errors import Conflict, Forbidden, Invalid
from sicaker.indexing import mark_dirty

MAX_NAME = 150
MAX_FORM_NUMBER = 40


class ParticipantOutcome(StrEnum):
    """What became of one participant (a row of a participant list)."""

    REGISTERED = "registered"  # a new account, its claim link sent
    LINKED = "linked"  # her NIK already had an account: that one is used
    REFUSED = "refused"  # nothing written; ``errors`` says why


@dataclass(frozen=True)
class Participant:
    """One participant as the officer typed her, or as a row of the organiser's list."""

    full_name: str
    nik: str
    phone: str
    district: str
    city: str = ""
    paper_form_number: str = ""
    certificate_number: str = ""
    line: int = 0


@dataclass(frozen=True)
class ConsentOnPaper:
    """What she ticked on the signed paper form. (a) matching is on every form: it is what the
    service is. ``signed_on`` is the day she signed (default: today)."""

    shown_to_employers: bool
    contact_by_phone: bool
    signed_on: datetime.date | None = None


@dataclass(frozen=True)
class ParticipantResult:
    participant: Participant
    outcome: ParticipantOutcome
    seeker: SeekerProfile | None = None
    completion: TrainingCompletion | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return " ".join(message for messages in self.errors.values() for message in messages)


def _require_staff(actor: User) -> None:
    if not actor.is_officer:
        raise Forbidden(_("Only labor-office staff can register participants."))


def _checked(participant: Participant) -> tuple[str, str, nik_codec.NikFacts]:
    """(name, E.164 phone, NIK facts), or Invalid naming every bad field at once."""
    errors: dict[str, list[str]] = {}
    name = " ".join(participant.full_name.split())
    if not name:
        errors["full_name"] = [_("Enter her full name as on her KTP.")]
    elif len(name) > MAX_NAME:
        errors["full_name"] = [_("A name has at most 150 characters.")]
    facts = None
    try:
        facts = nik_codec.validate_nik(participant.nik)
    except nik_codec.InvalidNik as error:
        errors["nik"] = [str(error)]
    phone = ""
    try:
        phone = normalize_phone(participant.phone)
    except Invalid as error:
        errors.update(error.fields)
    if not participant.district.strip():
        errors["district"] = [_("Enter her district (kecamatan), e.g. Sukun.")]
    if len(participant.paper_form_number.strip()) > MAX_FORM_NUMBER:
        errors["paper_form_number"] = [_("A form number has at most 40 characters.")]
    if errors or facts is None:
        raise Invalid(errors)
    return name, phone, facts


def _existing(facts: nik_codec.NikFacts) -> SeekerProfile | None:
    return (
        SeekerProfile.objects.select_related("user")
        .filter(nik_digest__in=nik_codec.nik_digests(facts.nik))
        .first()
    )


def _consents(*, user: User, actor: User, consent: ConsentOnPaper, paper_form_number: str) -> None:
    wanted = {
        Purpose.MATCHING: True,
        Purpose.SHOWN_TO_EMPLOYERS: consent.shown_to_employers,
        Purpose.CONTACT_BY_PHONE: consent.contact_by_phone,
    }
    # Only what she gave on this form is recorded; a form never withdraws an earlier consent
    # (she withdraws on her own page or by asking the office).
    consents_set(
        user=user,
        wanted={purpose: True for purpose, given in wanted.items() if given},
        actor=actor,
        via=RecordedVia.OFFICER,
        paper_form_number=paper_form_number,
        granted_on=consent.signed_on,
    )


def _new_account(
    *, actor: User, name: str, phone: str, facts: nik_codec.NikFacts, participant: Participant
) -> SeekerProfile:
    if User.objects.filter(phone=phone).exists():
        raise Conflict(
            _(
                "This mobile number belongs to another account; check the number with her, or "
                "find her account by name under Job seekers."
            ),
            code="phone_taken",
        )
    user = User(phone=phone, email=None, full_name=name, role=Role.SEEKER)
    user.set_unusable_password()  # she chooses one when she claims the account
    user.save()
    profile = SeekerProfile(user=user, full_name=name, phone=phone, city="", district="")
    _apply_nik(profile, facts.nik)
    _apply_address(
        profile,
        {"city": participant.city.strip(), "district": participant.district.strip()},
    )
    profile.save()
    return profile


def participant_register(
    *,
    actor: User,
    participant: Participant,
    consent: ConsentOnPaper,
    programme: TrainingProgramme | None = None,
    completed_on: datetime.date | None = None,
    level: str = SkillLevel.BASIC,
) -> ParticipantResult:
    """Register one participant whole, or nothing (one transaction).

    Rules: staff only (Forbidden); her name, a valid NIK, an Indonesian mobile number, her
    district and the number of the consent form she signed (Invalid naming each bad field);
    a mobile number another account signs in with is refused (Conflict). Her NIK already
    registered: that account is linked (LINKED), its name, number and address left as they are,
    and the consents ticked on this form added. Otherwise a new job-seeker account with no
    password (REGISTERED), the consents of the form recorded (by this officer, with the form's
    number), and an SMS with a one-time link to claim it. With ``programme`` and her certificate
    number, her completion of it is recorded too (one already recorded is no error; a
    certificate number another participant holds refuses the whole row).
    """
    _require_staff(actor)
    name, phone, facts = _checked(participant)
    form_number = participant.paper_form_number.strip()
    if not form_number:
        raise Invalid(
            {"paper_form_number": [_("Enter the number of the consent form she signed.")]}
        )
    with transaction.atomic():
        profile = _existing(facts)
        outcome = ParticipantOutcome.LINKED
        if profile is None:
            try:
                with transaction.atomic():
                    profile = _new_account(
                        actor=actor, name=name, phone=phone, facts=facts, participant=participant
                    )
            except IntegrityError as error:  # the same NIK or number registered meanwhile
                raise Conflict(
                    _("This NIK or number was registered at the same moment; try again.")
                ) from error
            outcome = ParticipantOutcome.REGISTERED
        _consents(user=profile.user, actor=actor, consent=consent, paper_form_number=form_number)
        if outcome == ParticipantOutcome.REGISTERED:
            ref = account_claim_issue(user=profile.user, actor=actor)
            notify_account_claim(user=profile.user, claim_ref=ref)
            mark_dirty(SeekerProfile, [profile.pk])
        completion = None
        if programme is not None and participant.certificate_number.strip():
            completion = TrainingCompletion.objects.filter(
                programme=programme, seeker=profile
            ).first() or training_completion_record(
                programme=programme,
                seeker=profile,
                actor=actor,
                certificate_number=participant.certificate_number,
                completed_on=completed_on or timezone.localdate(),
                level=level,
            )
    return ParticipantResult(
        participant=participant, outcome=outcome, seeker=profile, completion=completion
    )


def participants_register_batch(
    *,
    actor: User,
    participants: Sequence[Participant],
    consent: ConsentOnPaper,
    programme: TrainingProgramme | None = None,
    completed_on: datetime.date | None = None,
    level: str = SkillLevel.BASIC,
) -> list[ParticipantResult]:
    """A participant list in one step, row by row: each row through ``participant_register``,
    in its own transaction, so a bad row writes nothing and the others go on.

    A NIK twice in the list: the second row links to the account the first made. Results come
    in the order of the rows."""
    _require_staff(actor)
    results = []
    for participant in participants:
        try:
            results.append(
                participant_register(
                    actor=actor,
                    participant=participant,
                    consent=consent,
                    programme=programme,
                    completed_on=completed_on,
                    level=level,
                )
            )
        except Invalid as error:
            results.append(_refused(participant, error.fields))
        except Conflict as error:
            results.append(_refused(participant, {"non_field_errors": [str(error.message)]}))
    return results


def _refused(participant: Participant, fields: dict) -> ParticipantResult:
    return ParticipantResult(
        participant=participant,
        outcome=ParticipantOutcome.REFUSED,
        errors={key: [str(message) for message in value] for key, value in fields.items()},
    )


def participant_claim_resend(*, actor: User, seeker: SeekerProfile) -> None:
    """A new claim link by SMS (the earlier one stops working): her phone was off, or she lost
    it. Conflict once she claimed the account, or after five links."""
    _require_staff(actor)
    with transaction.atomic():
        ref = account_claim_issue(user=seeker.user, actor=actor)
        notify_account_claim(user=seeker.user, claim_ref=ref)
