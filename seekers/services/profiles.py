"""A job seeker's own profile: personal data, NIK, address and point, availability, skills."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.services import register_account_setup
from consents.services import register_visibility_listener
from jobs.models import Skill
from seekers import nik as nik_codec
from seekers.models import SeekerProfile, SeekerSkill, SkillLevel, SkillSource
from sicaker.errors import Forbidden, Invalid
from sicaker.indexing import mark_dirty
from sicaker.regions import locate

EDITABLE_FIELDS = frozenset(
    {
        "full_name",
        "birth_date",
        "gender",
        "phone",
        "address",
        "city",
        "district",
        "subdistrict",
        "latitude",
        "longitude",
        "education_level",
        "wanted_work_types",
        "max_distance_km",
        "available_days",
        "available_from",
        "available_until",
        "about",
        "is_open_to_work",
        "ak1_number",
    }
)
ADDRESS_FIELDS = ("city", "district", "subdistrict")
DECLARABLE_SOURCES = (SkillSource.SELF, SkillSource.EXPERIENCE)


@dataclass(frozen=True)
class SkillClaim:
    """A skill the seeker declares herself: from experience or self-assessed, never verified."""

    skill: Skill
    level: str = SkillLevel.BASIC
    source: str = SkillSource.SELF


def seeker_profile_create(*, user: User) -> SeekerProfile:
    """The (nearly empty) profile a job seeker gets when she registers: her name and phone.

    Address, skills and availability are filled in later through ``seekers/me/``.
    """
    if not user.is_seeker:
        raise ValueError("only job-seeker accounts have a seeker profile")
    return SeekerProfile.objects.create(
        user=user, full_name=user.full_name, phone=user.phone or "", city="", district=""
    )


def seeker_profile_ensure(*, user: User) -> SeekerProfile:
    """The seeker's profile, created first if her account was made without one (e.g. by an
    administrator). Refuses (Forbidden) accounts that are not job seekers."""
    if not user.is_seeker:
        raise Forbidden(_("Only job-seeker accounts have a job-seeker profile."))
    profile = SeekerProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    try:
        with transaction.atomic():
            return seeker_profile_create(user=user)
    except IntegrityError:  # created by a concurrent request meanwhile
        return SeekerProfile.objects.get(user=user)


def _check_changes(profile: SeekerProfile, changes: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    birth_date = changes.get("birth_date")
    if birth_date and birth_date >= timezone.localdate():
        errors["birth_date"] = [_("The birth date must be in the past; check the year.")]
    if "full_name" in changes and not changes["full_name"].strip():
        errors["full_name"] = [_("Enter your full name as on your KTP.")]
    start = changes.get("available_from", profile.available_from)
    end = changes.get("available_until", profile.available_until)
    if start is not None and end is not None and start >= end:
        errors["available_until"] = [
            _("The end of your available hours must be later than the start (e.g. 08:00–12:00).")
        ]
    has_lat = changes.get("latitude") is not None
    has_lon = changes.get("longitude") is not None
    if has_lat != has_lon:
        errors["latitude" if not has_lat else "longitude"] = [
            _(
                "Give both latitude and longitude, or neither (the point is then found from the "
                "address)."
            )
        ]
    if errors:
        raise Invalid(errors)


def _apply_address(profile: SeekerProfile, changes: dict[str, Any]) -> None:
    """Fill the point from the regions list when the seeker gave none.

    A point given in the request wins. Otherwise, when the address changed, the point was
    cleared, or there is none yet, the point of the known kecamatan/kelurahan is used and the
    names take the list's spelling; an unknown address keeps her spelling and gets no point
    (an old point would be wrong for a new address).
    """
    is_address_changed = any(
        field in changes and changes[field] != getattr(profile, field) for field in ADDRESS_FIELDS
    )
    is_point_given = changes.get("latitude") is not None
    is_cleared = not is_point_given and ("latitude" in changes or "longitude" in changes)
    for field in (*ADDRESS_FIELDS, "latitude", "longitude"):
        if field in changes:
            setattr(profile, field, changes[field])
    if is_point_given or not (is_address_changed or is_cleared or profile.latitude is None):
        return
    place = locate(city=profile.city, district=profile.district, subdistrict=profile.subdistrict)
    if place is None:
        profile.latitude = profile.longitude = None
        return
    profile.city, profile.district = place.city, place.district
    profile.subdistrict = place.subdistrict
    profile.latitude, profile.longitude = place.latitude, place.longitude


def _apply_nik(profile: SeekerProfile, nik: str) -> None:
    try:
        facts = nik_codec.validate_nik(nik)
    except nik_codec.InvalidNik as error:
        raise Invalid({"nik": [str(error)]}) from error
    # Under every configured key: during a key rotation, rows not yet re-encrypted carry the
    # digest of an older key (seekers.nik).
    digests = nik_codec.nik_digests(facts.nik)
    if profile.nik_digest in digests:
        return
    if SeekerProfile.objects.filter(nik_digest__in=digests).exclude(pk=profile.pk).exists():
        raise _nik_not_accepted()
    profile.nik_encrypted = nik_codec.encrypt_nik(facts.nik)
    profile.nik_digest = digests[0]
    profile.nik_last4 = facts.nik[-4:]


def _nik_not_accepted() -> Invalid:
    """The refusal of a NIK another seeker holds, worded so that it does not confirm that anyone
    holds it: the real case (someone registered with her NIK) is settled at the labor office,
    which sees who holds it. Setting NIKs is rate limited (seekers.api.throttling)."""
    return Invalid(
        {
            "nik": [
                _(
                    "This NIK cannot be saved to your profile. Check the 16 digits against your "
                    "KTP; if they are right, bring your KTP to the labor office and they will "
                    "record it for you."
                )
            ]
        }
    )


def _check_claims(claims: Sequence[SkillClaim]) -> None:
    errors = [
        _(
            "A verified skill comes only from a training recorded by the labor office; declare "
            '"%(skill)s" as "self" or "experience".'
        )
        % {"skill": claim.skill.slug}
        for claim in claims
        if claim.source not in DECLARABLE_SOURCES
    ]
    slugs = [claim.skill.slug for claim in claims]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        errors.append(
            _("Each skill can be listed once; remove the repeats of: %(skills)s.")
            % {"skills": ", ".join(duplicates)}
        )
    if errors:
        raise Invalid({"skills": errors})


def _replace_declared_skills(profile: SeekerProfile, claims: Sequence[SkillClaim]) -> None:
    """Her declared (self/experience) skills become exactly ``claims``; verified ones stay.

    A claim naming a skill she holds verified changes nothing: only a recorded training makes or
    unmakes a verified skill.
    """
    links = {link.skill_id: link for link in SeekerSkill.objects.filter(seeker=profile)}
    wanted = {claim.skill.pk: claim for claim in claims}
    SeekerSkill.objects.filter(
        pk__in=[
            link.pk
            for skill_pk, link in links.items()
            if link.source != SkillSource.TRAINING and skill_pk not in wanted
        ]
    ).delete()
    to_create: list[SeekerSkill] = []
    to_update: list[SeekerSkill] = []
    for skill_pk, claim in wanted.items():
        link = links.get(skill_pk)
        if link is None:
            to_create.append(
                SeekerSkill(
                    seeker=profile, skill=claim.skill, level=claim.level, source=claim.source
                )
            )
        elif link.source != SkillSource.TRAINING and (link.level, link.source) != (
            claim.level,
            claim.source,
        ):
            link.level, link.source = claim.level, claim.source
            to_update.append(link)
    SeekerSkill.objects.bulk_create(to_create)
    SeekerSkill.objects.bulk_update(to_update, ["level", "source"])


def seeker_profile_update(
    *,
    profile: SeekerProfile,
    actor: User,
    changes: dict[str, Any],
    nik: str | None = None,
    skills: Sequence[SkillClaim] | None = None,
) -> SeekerProfile:
    """A job seeker edits her own profile (partial update).

    Rules: only the seeker herself; the NIK must be plausible (16 digits, province 11–94, a real
    DDMMYY birth date) and not registered by another seeker (400 on ``nik``, worded so as not to
    confirm that anyone holds it), and is stored encrypted with
    a keyed digest and its last four digits; available_from < available_until; a point needs
    both coordinates, and without one it is filled from the regions list; ``skills`` replaces
    her self-declared and experience skills and can neither create nor remove a verified
    (training) skill (400). Side effects: her account's name follows the profile (her phone here
    is the contact number employers see; her sign-in number changes only by proving a new one
    with a code, in accounts); the profile is marked dirty for search.
    """
    if actor.pk != profile.user_id:
        raise Forbidden(_("Only the job seeker herself can edit her profile."))
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changes = dict(changes)
    with transaction.atomic():
        profile = SeekerProfile.objects.select_for_update().get(pk=profile.pk)
        _check_changes(profile, changes)
        if skills is not None:
            _check_claims(skills)
        _apply_address(profile, changes)
        for field, value in changes.items():
            if field not in (*ADDRESS_FIELDS, "latitude", "longitude"):
                setattr(profile, field, value.strip() if isinstance(value, str) else value)
        if nik is not None:
            _apply_nik(profile, nik)
        try:
            with transaction.atomic():
                profile.save()
        except IntegrityError as error:  # the NIK was registered concurrently
            raise _nik_not_accepted() from error
        if skills is not None:
            _replace_declared_skills(profile, skills)
        account_changes = {
            field: getattr(profile, field) for field in ("full_name",) if field in changes
        }
        if account_changes:
            User.objects.filter(pk=profile.user_id).update(**account_changes)
        mark_dirty(SeekerProfile, [profile.pk])
    profile.refresh_from_db()
    return profile


def register_profile_setup() -> None:
    """A job seeker who registers gets her (nearly empty) profile in the same transaction
    (registered with accounts at start-up, ``SeekersConfig.ready``); a change of her consents or
    of her account's claim that can change whether employers see her marks her profile dirty,
    so the search index follows (``consents.services.register_visibility_listener``)."""
    register_account_setup(Role.SEEKER, lambda user: seeker_profile_create(user=user))
    register_visibility_listener(_visibility_changed)


def _visibility_changed(user_id: int) -> None:
    pks = list(SeekerProfile.objects.filter(user_id=user_id).values_list("pk", flat=True))
    if pks:
        mark_dirty(SeekerProfile, pks)
