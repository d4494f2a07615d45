"""Reads of seekers and trainings, scoped to who asks; prefetches keep queries constant."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from seekers.models import (
    SeekerProfile,
    SeekerSkill,
    SkillSource,
    TrainingCompletion,
    TrainingProgramme,
)
from sicaker.errors import NotFound

MIN_PHONE_DIGITS = 4  # a shorter run of digits in a name search would match nearly every phone


def seeker_skill_prefetch(prefix: str = "", *, with_training: bool = True) -> Prefetch:
    """Prefetch of a seeker's skills (``prefix`` e.g. "seeker__" from an application).

    Ordered by the skill's Indonesian name; with the training that verified each when asked.
    """
    related = ["skill"]
    if with_training:
        related.append("training_completion__programme")
    return Prefetch(
        f"{prefix}skill_links",
        queryset=SeekerSkill.objects.select_related(*related).order_by("skill__name_id", "pk"),
    )


def seeker_for_employer_prefetch(prefix: str = "") -> Prefetch:
    """What ``SeekerForEmployerSerializer`` reads, for the applications owner to prefetch."""
    return seeker_skill_prefetch(prefix, with_training=False)


def _completion_prefetch() -> Prefetch:
    return Prefetch(
        "training_completions",
        queryset=TrainingCompletion.objects.select_related("programme").order_by(
            "-completed_on", "-pk"
        ),
    )


def _profile_queryset() -> QuerySet[SeekerProfile]:
    return SeekerProfile.objects.select_related("user").prefetch_related(
        seeker_skill_prefetch(), _completion_prefetch()
    )


def seeker_profile_detail(*, profile: SeekerProfile) -> SeekerProfile:
    """The profile with everything its full output shows, loaded in a fixed number of queries."""
    return _profile_queryset().get(pk=profile.pk)


@dataclass(frozen=True)
class SeekerFilters:
    name: str = ""
    district: str = ""
    city: str = ""
    skill: str = ""
    training: int | None = None
    is_verified: bool | None = None


def seeker_list(*, actor: User, filters: SeekerFilters) -> QuerySet[SeekerProfile]:
    """Seekers for labor-office staff (nobody else sees the list).

    ``name`` is part of her name (case-insensitive) or of her phone number;
    ``district``/``city`` match case-insensitively; ``skill`` is a slug the seeker holds;
    ``training`` a programme she completed; ``is_verified=True`` keeps seekers holding a verified
    skill (that skill, when ``skill`` is given), ``False`` those holding none.
    """
    if not actor.is_officer:
        return SeekerProfile.objects.none()
    queryset = _profile_queryset()
    if filters.name.strip():
        name = filters.name.strip()
        phone = "".join(ch for ch in name if ch.isdigit())
        matches = Q(full_name__icontains=name)
        if len(phone) >= MIN_PHONE_DIGITS:
            matches |= Q(phone__contains=phone)
        queryset = queryset.filter(matches)
    if filters.district:
        queryset = queryset.filter(district__iexact=filters.district.strip())
    if filters.city:
        queryset = queryset.filter(city__iexact=filters.city.strip())
    skills = SeekerSkill.objects.filter(seeker=OuterRef("pk"))
    if filters.skill:
        skills = skills.filter(skill__slug=filters.skill.strip().lower())
        queryset = queryset.filter(Exists(skills))
    if filters.is_verified is not None:
        verified = Exists(skills.filter(source=SkillSource.TRAINING))
        queryset = queryset.filter(verified if filters.is_verified else ~verified)
    if filters.training is not None:
        queryset = queryset.filter(
            Exists(
                TrainingCompletion.objects.filter(
                    seeker=OuterRef("pk"), programme_id=filters.training
                )
            )
        )
    return queryset.order_by("full_name", "pk")


def seeker_get_for_staff(*, actor: User, pk: int) -> SeekerProfile:
    """One seeker for staff; anyone else gets the same not-found as for a missing seeker."""
    profile = seeker_list(actor=actor, filters=SeekerFilters()).filter(pk=pk).first()
    if profile is None:
        raise NotFound()
    return profile


def training_list(*, city: str = "") -> QuerySet[TrainingProgramme]:
    """Training programmes, newest first, with their skills (any signed-in user)."""
    queryset = TrainingProgramme.objects.prefetch_related("skills")
    if city:
        queryset = queryset.filter(city__iexact=city.strip())
    return queryset.order_by("-starts_on", "title", "pk")


def training_get(*, pk: int) -> TrainingProgramme:
    programme = training_list().filter(pk=pk).first()
    if programme is None:
        raise NotFound()
    return programme


def training_completion_list(
    *, actor: User, programme: TrainingProgramme
) -> QuerySet[TrainingCompletion]:
    """Completions of a programme, for staff only."""
    if not actor.is_officer:
        return TrainingCompletion.objects.none()
    return (
        TrainingCompletion.objects.filter(programme=programme)
        .select_related("seeker", "recorded_by", "programme")
        .order_by("-completed_on", "-pk")
    )


def seeker_home_point(*, user: User | AnonymousUser) -> tuple[float, float] | None:
    """Where a signed-in job seeker lives (latitude, longitude), when her profile says so."""
    if not (user.is_authenticated and getattr(user, "is_seeker", False)):
        return None
    point = (
        SeekerProfile.objects.filter(user=user, latitude__isnull=False, longitude__isnull=False)
        .values_list("latitude", "longitude")
        .first()
    )
    return (point[0], point[1]) if point and point[0] is not None and point[1] is not None else None


def seeker_held_skills(*, user: User | AnonymousUser) -> dict[str, bool]:
    """The skills a signed-in job seeker holds: slug -> verified (from a recorded training)."""
    if not (user.is_authenticated and getattr(user, "is_seeker", False)):
        return {}
    return {
        slug: source == SkillSource.TRAINING
        for slug, source in SeekerSkill.objects.filter(seeker__user=user).values_list(
            "skill__slug", "source"
        )
    }


# What a profile needs before the one-tap apply of the web pages: employers see a name, an area
# and at least one skill, and matching has nothing to rank her by without a district and a skill.
PROFILE_ESSENTIALS = ("full_name", "district", "skills")


def seeker_profile_gaps(*, profile: SeekerProfile | None) -> list[str]:
    """The essentials (``PROFILE_ESSENTIALS``) her profile still lacks, in that order; all of
    them when she has no profile yet. Empty: her profile is ready to apply with."""
    if profile is None:
        return list(PROFILE_ESSENTIALS)
    gaps = []
    if not profile.full_name.strip():
        gaps.append("full_name")
    if not profile.district.strip():
        gaps.append("district")
    if not SeekerSkill.objects.filter(seeker=profile).exists():
        gaps.append("skills")
    return gaps
