"""The labor market as the labor office sees it: demand per skill and what trainings lead to.

This is how an office decides which trainings to hold next: skills with many open positions and
few verified seekers are the gap; a training whose graduates apply but are rarely accepted is
not doing its job.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.selectors import submitted_day_bounds
from jobs.models import Skill, Vacancy, VacancySkill
from seekers.models import SeekerSkill, SkillSource, TrainingCompletion


def _submitted_between(
    prefix: str, date_from: datetime.date | None, date_to: datetime.date | None
) -> Q:
    condition = Q()
    start, end = submitted_day_bounds(date_from, date_to)
    if start is not None:
        condition &= Q(**{f"{prefix}submitted_at__gte": start})
    if end is not None:
        condition &= Q(**{f"{prefix}submitted_at__lt": end})
    return condition


def market_report(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> dict[str, Any]:
    """Per skill: open positions requiring it, seekers holding it (verified / self-declared),
    applications and acceptances to vacancies requiring it. Per training programme: graduates,
    how many applied and how many were accepted. Application counts are limited to the dates.

    Counted in the database without ``DISTINCT`` where a unique constraint already rules out
    duplicates (a skill once per vacancy and per seeker, a programme once per seeker), and with
    ``EXISTS`` for "applied"/"accepted", so no count sorts the joined rows."""
    today = timezone.localdate()
    demand: dict[int, Mapping[str, Any]] = {
        row["skill_id"]: row
        for row in VacancySkill.objects.filter(
            is_required=True,
            vacancy__in=Vacancy.objects.open(today=today),
        )
        .values("skill_id")
        .annotate(
            open_vacancies=Count("vacancy"),  # vacancy_skill_once: each vacancy once
            open_positions=Sum(F("vacancy__positions") - F("vacancy__positions_filled")),
        )
    }
    supply: dict[int, dict[str, int]] = {}
    for row in (
        SeekerSkill.objects.filter(seeker__is_open_to_work=True)
        .values("skill_id", "source")
        .annotate(seekers=Count("seeker"))  # seeker_skill_once: each seeker once
    ):
        kind = "verified" if row["source"] == SkillSource.TRAINING else "self_declared"
        supply.setdefault(row["skill_id"], {"verified": 0, "self_declared": 0})[kind] += row[
            "seekers"
        ]
    in_period = _submitted_between("vacancy__applications__", date_from, date_to)
    outcomes: dict[int, Mapping[str, Any]] = {
        row["skill_id"]: row
        for row in VacancySkill.objects.filter(is_required=True)
        .values("skill_id")
        .annotate(
            # vacancy_skill_once: an application joins each of its vacancy's skills once.
            applications=Count("vacancy__applications", filter=in_period),
            acceptances=Count(
                "vacancy__applications",
                filter=in_period & Q(vacancy__applications__status=ApplicationStatus.ACCEPTED),
            ),
        )
    }
    skill_ids = (
        set(demand) | set(supply) | {pk for pk, row in outcomes.items() if row["applications"]}
    )
    skills = []
    for skill in Skill.objects.filter(pk__in=skill_ids):
        held = supply.get(skill.pk, {"verified": 0, "self_declared": 0})
        skills.append(
            {
                "slug": skill.slug,
                "name": skill.name,
                "category": skill.category,
                "open_vacancies": demand.get(skill.pk, {}).get("open_vacancies", 0),
                "open_positions": demand.get(skill.pk, {}).get("open_positions") or 0,
                "seekers_verified": held["verified"],
                "seekers_self_declared": held["self_declared"],
                "applications": outcomes.get(skill.pk, {}).get("applications", 0),
                "acceptances": outcomes.get(skill.pk, {}).get("acceptances", 0),
            }
        )
    skills.sort(key=lambda row: (-row["open_positions"], -row["applications"], row["slug"]))

    applied = Application.objects.filter(
        _submitted_between("", date_from, date_to), seeker=OuterRef("seeker")
    )
    trainings = []
    for programme in (
        TrainingCompletion.objects.values(
            "programme_id", "programme__title", "programme__organiser", "programme__city"
        )
        .annotate(
            # completion_once_per_seeker: each graduate once per programme.
            graduates=Count("seeker"),
            graduates_applied=Count("seeker", filter=Exists(applied)),
            graduates_accepted=Count(
                "seeker", filter=Exists(applied.filter(status=ApplicationStatus.ACCEPTED))
            ),
        )
        .order_by("-graduates", "programme__title")
    ):
        trainings.append(
            {
                "id": programme["programme_id"],
                "title": programme["programme__title"],
                "organiser": programme["programme__organiser"],
                "city": programme["programme__city"],
                "graduates": programme["graduates"],
                "graduates_applied": programme["graduates_applied"],
                "graduates_accepted": programme["graduates_accepted"],
                "acceptance_rate": round(
                    programme["graduates_accepted"] / programme["graduates"], 3
                )
                if programme["graduates"]
                else 0.0,
            }
        )
    return {
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "skills": skills,
        "trainings": trainings,
    }
