"""How well a seeker and a vacancy fit each other: one score, its parts and human reasons.

Both directions (vacancies for a seeker, candidates for a vacancy) and both search backends use
this one function (``score_pair``: the sum of one small function per part, each returning its
points and its reasons), so the same pair always gets the same score and the same explanation.
The search engine only narrows the field to plausible candidates; the ranking happens here.

Score, out of 100 (documented in README.md):
- required skills covered: up to 50, each required skill weighted by how the seeker holds it
  (verified by a training 1.0, from work experience 0.8, self-declared 0.6);
- preferred skills covered: up to 10, same weights;
- distance: up to 15, from the distance *band* (< 2 km, 2-5 km, 5-10 km, > 10 km), never from
  the exact figure: the band's middle distance scores 15 at the seeker's door, falling linearly
  to 0 at her maximum travel distance (the open band > 10 km counts as the middle of 10 km and
  her limit); home-based work scores the full 15 wherever the seeker lives; no known location
  scores 5;
- work type the seeker wants: 10 (5 if she named none);
- hours and days within the seeker's availability: up to 10, in proportion to the overlap
  (5 if unknown);
- recency: up to 5, for a vacancy published (or a profile updated) in the last 30 days.

Privacy: an employer looking at candidates must never learn where a seeker lives. Scoring from
the band means that vacancies at different points cannot be used to difference scores back into
kilometres, and ``score_pair(..., reveal_distance=False)`` (the candidates view) leaves the exact
figure out of the result and its reasons, naming only the band. The seeker's own view of her
matches keeps the exact distance: it is her data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, time

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jobs.models import Vacancy, WorkType
from seekers.models import SeekerProfile, SkillSource
from sicaker.errors import Message

SOURCE_WEIGHT: dict[str, float] = {
    SkillSource.TRAINING: 1.0,
    SkillSource.EXPERIENCE: 0.8,
    SkillSource.SELF: 0.6,
}
WEIGHTS = {
    "required": 50.0,
    "preferred": 10.0,
    "distance": 15.0,
    "work_type": 10.0,
    "hours": 10.0,
    "recency": 5.0,
}
RECENCY_DAYS = 30
DEFAULT_MAX_DISTANCE_KM = 10  # a seeker who named no limit
UNKNOWN_DISTANCE_POINTS = 5.0
FULL_FIT = 0.999  # hours that fit but for rounding count as a full fit
SECONDS_PER_DAY = 86400


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6371.0088
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class DistanceBand:
    code: str
    lower_km: float
    upper_km: float | None  # None: open-ended
    label: Message

    def middle_km(self, limit_km: float) -> float:
        """The distance the score assumes for anyone in this band (the open band stretches to
        the seeker's limit)."""
        upper = self.upper_km if self.upper_km is not None else max(limit_km, self.lower_km)
        return (self.lower_km + upper) / 2


# The only distances an employer ever sees. Lower bounds are inclusive: exactly 2 km is "2-5 km".
DISTANCE_BANDS = (
    DistanceBand("under_2", 0.0, 2.0, gettext_lazy("< 2 km")),
    DistanceBand("2_5", 2.0, 5.0, gettext_lazy("2–5 km")),
    DistanceBand("5_10", 5.0, 10.0, gettext_lazy("5–10 km")),
    DistanceBand("over_10", 10.0, None, gettext_lazy("> 10 km")),
)


def band_points(band: DistanceBand, limit_km: int) -> float:
    """The distance points of anyone in ``band`` for a seeker travelling up to ``limit_km``
    (the search engine is given these very figures, so it ranks as ``score_pair`` scores)."""
    return WEIGHTS["distance"] * max(0.0, 1 - band.middle_km(limit_km) / limit_km)


def distance_band(distance_km: float | None) -> DistanceBand | None:
    if distance_km is None:
        return None
    for band in DISTANCE_BANDS:
        if band.upper_km is None or distance_km < band.upper_km:
            return band
    raise AssertionError("the last band is open-ended")


@dataclass(frozen=True)
class SeekerFacts:
    pk: int
    skills: dict[str, str]  # slug -> source
    skill_names: dict[str, str]
    latitude: float | None
    longitude: float | None
    max_distance_km: int
    wanted_work_types: tuple[str, ...]
    available_days: tuple[str, ...]
    available_from: time | None
    available_until: time | None
    updated_at: datetime | None


@dataclass(frozen=True)
class VacancyFacts:
    pk: int
    required: tuple[str, ...]
    preferred: tuple[str, ...]
    skill_names: dict[str, str]
    latitude: float | None
    longitude: float | None
    work_type: str
    work_days: tuple[str, ...]
    hours_start: time | None
    hours_end: time | None
    published_at: datetime | None


@dataclass
class Match:
    score: float
    matched_skills: list[dict]
    missing_skills: list[dict]
    distance_km: float | None
    reasons: list[str]
    parts: dict[str, float] = field(default_factory=dict)
    distance_band: DistanceBand | None = None


# A skill as scoring reads it: (slug, name in the active language, how it is held or whether it
# is required), read flat (``search.selectors``) or from prefetched links.
SeekerSkillFact = tuple[str, str, str]
VacancySkillFact = tuple[str, str, bool]


def seeker_facts(seeker: SeekerProfile, skills: list[SeekerSkillFact] | None = None) -> SeekerFacts:
    """What scoring needs of a seeker; ``skills`` when read flat, else her prefetched links."""
    if skills is None:
        skills = [
            (link.skill.slug, link.skill.name, link.source) for link in seeker.skill_links.all()
        ]
    return SeekerFacts(
        pk=seeker.pk,
        skills={slug: source for slug, _name, source in skills},
        skill_names={slug: name for slug, name, _source in skills},
        latitude=seeker.latitude,
        longitude=seeker.longitude,
        max_distance_km=seeker.max_distance_km or DEFAULT_MAX_DISTANCE_KM,
        wanted_work_types=tuple(seeker.wanted_work_types or ()),
        available_days=tuple(seeker.available_days or ()),
        available_from=seeker.available_from,
        available_until=seeker.available_until,
        updated_at=seeker.updated_at,
    )


def vacancy_facts(vacancy: Vacancy, skills: list[VacancySkillFact] | None = None) -> VacancyFacts:
    """What scoring needs of a vacancy; ``skills`` when read flat, else its prefetched links."""
    if skills is None:
        skills = [
            (link.skill.slug, link.skill.name, link.is_required)
            for link in vacancy.skill_links.all()
        ]
    return VacancyFacts(
        pk=vacancy.pk,
        required=tuple(slug for slug, _name, required in skills if required),
        preferred=tuple(slug for slug, _name, required in skills if not required),
        skill_names={slug: name for slug, name, _required in skills},
        latitude=vacancy.latitude,
        longitude=vacancy.longitude,
        work_type=vacancy.work_type,
        work_days=tuple(vacancy.work_days or ()),
        hours_start=vacancy.hours_start,
        hours_end=vacancy.hours_end,
        published_at=vacancy.published_at,
    )


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _hours_fit(seeker: SeekerFacts, vacancy: VacancyFacts) -> float | None:
    """Share of the vacancy's working time inside the seeker's availability; None if unknown."""
    parts = []
    if vacancy.work_days and seeker.available_days:
        parts.append(
            len(set(vacancy.work_days) & set(seeker.available_days)) / len(vacancy.work_days)
        )
    if (
        vacancy.hours_start
        and vacancy.hours_end
        and seeker.available_from
        and seeker.available_until
    ):
        start, end = _minutes(vacancy.hours_start), _minutes(vacancy.hours_end)
        overlap = max(
            0,
            min(end, _minutes(seeker.available_until))
            - max(start, _minutes(seeker.available_from)),
        )
        parts.append(overlap / max(end - start, 1))
    if not parts:
        return None
    return min(parts)


def _skill_share(slugs: tuple[str, ...], held: dict[str, str]) -> float:
    if not slugs:
        return 0.0
    return sum(SOURCE_WEIGHT.get(held[slug], 0.6) for slug in slugs if slug in held) / len(slugs)


@dataclass(frozen=True)
class Part:
    """One part of a score: its points and the reasons it gives, in the active language."""

    points: float
    reasons: tuple[str, ...] = ()


def required_part(seeker: SeekerFacts, vacancy: VacancyFacts, names: dict[str, str]) -> Part:
    """Up to 50 for the required skills held (the preferred ones stand in when none is
    required; half when the vacancy names no skill), weighted by how each is held."""
    held = seeker.skills
    if vacancy.required:
        points = WEIGHTS["required"] * _skill_share(vacancy.required, held)
    elif vacancy.preferred:
        points = WEIGHTS["required"] * _skill_share(vacancy.preferred, held)
    else:
        points = WEIGHTS["required"] / 2
    reasons = []
    matched_required = [slug for slug in vacancy.required if slug in held]
    verified = [slug for slug in matched_required if held[slug] == SkillSource.TRAINING]
    if vacancy.required:
        reasons.append(
            ngettext(
                "Has %(matched)d of %(total)d required skill",
                "Has %(matched)d of %(total)d required skills",
                len(vacancy.required),
            )
            % {"matched": len(matched_required), "total": len(vacancy.required)}
        )
    if verified:
        reasons.append(
            _("Verified by a training: %(skills)s")
            % {"skills": ", ".join(names[slug] for slug in verified)}
        )
    return Part(points, tuple(reasons))


def preferred_part(seeker: SeekerFacts, vacancy: VacancyFacts) -> Part:
    """Up to 10 for the preferred skills held, weighted the same way; no reason of its own."""
    return Part(WEIGHTS["preferred"] * _skill_share(vacancy.preferred, seeker.skills))


def distance_km(seeker: SeekerFacts, vacancy: VacancyFacts) -> float | None:
    """The exact distance, or None when either point is unknown."""
    if (
        seeker.latitude is None
        or seeker.longitude is None
        or vacancy.latitude is None
        or vacancy.longitude is None
    ):
        return None
    return round(
        haversine_km(seeker.latitude, seeker.longitude, vacancy.latitude, vacancy.longitude), 2
    )


def _decimal(km: float) -> str:
    """One decimal in the active language: "0,3" in Indonesian, "0.3" in English (as the
    vacancy cards print distances)."""
    return formats.number_format(round(km, 1), decimal_pos=1)


def distance_part(
    seeker: SeekerFacts,
    vacancy: VacancyFacts,
    *,
    distance: float | None,
    band: DistanceBand | None,
    reveal_distance: bool,
) -> Part:
    """Up to 15 from the distance band (never the exact figure); home-based work scores it all,
    an unknown location 5. The reason names the exact distance only if ``reveal_distance``."""
    limit = seeker.max_distance_km
    if vacancy.work_type == WorkType.HOME_BASED:
        return Part(WEIGHTS["distance"], (_("Home-based work: no travel needed"),))
    if band is None or distance is None:
        return Part(UNKNOWN_DISTANCE_POINTS)
    points = band_points(band, limit)
    if not reveal_distance:
        reason = _("%(band)s from home") % {"band": band.label}
    elif distance <= limit:
        reason = _("%(distance)s km from home, within the %(limit)d km travel limit") % {
            "distance": _decimal(distance),
            "limit": limit,
        }
    else:
        reason = _("%(distance)s km from home, beyond the %(limit)d km travel limit") % {
            "distance": _decimal(distance),
            "limit": limit,
        }
    return Part(points, (reason,))


def work_type_part(seeker: SeekerFacts, vacancy: VacancyFacts) -> Part:
    """10 for a kind of work she wants, 5 if she named none."""
    if not seeker.wanted_work_types:
        return Part(WEIGHTS["work_type"] / 2)
    if vacancy.work_type in seeker.wanted_work_types:
        return Part(WEIGHTS["work_type"], (_("The kind of work wanted"),))
    return Part(0.0)


def hours_part(seeker: SeekerFacts, vacancy: VacancyFacts) -> Part:
    """Up to 10 in proportion to the overlap of hours and days with her availability (5 if
    unknown)."""
    fit = _hours_fit(seeker, vacancy)
    if fit is None:
        return Part(WEIGHTS["hours"] / 2)
    if fit >= FULL_FIT:
        reason = _("Working hours fit the availability")
    elif fit > 0:
        reason = _("Working hours partly fit the availability")
    else:
        reason = _("Working hours are outside the availability")
    return Part(WEIGHTS["hours"] * fit, (reason,))


def recency_part(
    seeker: SeekerFacts, vacancy: VacancyFacts, *, now: datetime, recency_of: str
) -> Part:
    """Up to 5 for a vacancy published (or a profile updated) in the last 30 days."""
    moment = vacancy.published_at if recency_of == "vacancy" else seeker.updated_at
    if not moment:
        return Part(0.0)
    age_days = max((now - moment).total_seconds() / SECONDS_PER_DAY, 0)
    return Part(WEIGHTS["recency"] * max(0.0, 1 - age_days / RECENCY_DAYS))


def _skill_lists(
    seeker: SeekerFacts, vacancy: VacancyFacts, names: dict[str, str]
) -> tuple[list[dict], list[dict]]:
    """The vacancy's skills she holds (with how) and those she lacks, required ones marked."""
    held = seeker.skills
    wanted = [*vacancy.required, *vacancy.preferred]
    matched = [
        {
            "slug": slug,
            "name": names[slug],
            "required": slug in vacancy.required,
            "verified": held[slug] == SkillSource.TRAINING,
            "source": held[slug],
        }
        for slug in wanted
        if slug in held
    ]
    missing = [
        {"slug": slug, "name": names[slug], "required": slug in vacancy.required}
        for slug in wanted
        if slug not in held
    ]
    return matched, missing


def score_pair(
    seeker: SeekerFacts,
    vacancy: VacancyFacts,
    *,
    now: datetime | None = None,
    recency_of: str = "vacancy",
    reveal_distance: bool = True,
) -> Match:
    """Score one seeker against one vacancy and say why, in the active language.

    The sum of the parts above, their reasons in this order, then the missing required skills.
    ``reveal_distance=False`` (what an employer sees of a candidate): no exact distance in the
    result or its reasons, only the band; the score is the same either way (it uses the band).
    """
    now = now or timezone.now()
    names = {**seeker.skill_names, **vacancy.skill_names}
    distance = distance_km(seeker, vacancy)
    band = distance_band(distance)
    scored = {
        "required": required_part(seeker, vacancy, names),
        "preferred": preferred_part(seeker, vacancy),
        "distance": distance_part(
            seeker, vacancy, distance=distance, band=band, reveal_distance=reveal_distance
        ),
        "work_type": work_type_part(seeker, vacancy),
        "hours": hours_part(seeker, vacancy),
        "recency": recency_part(seeker, vacancy, now=now, recency_of=recency_of),
    }
    reasons = [reason for part in scored.values() for reason in part.reasons]
    matched, missing = _skill_lists(seeker, vacancy, names)
    missing_required = [item["name"] for item in missing if item["required"]]
    if missing_required:
        reasons.append(_("Missing: %(skills)s") % {"skills": ", ".join(missing_required)})
    return Match(
        score=round(sum(part.points for part in scored.values()), 2),
        matched_skills=matched,
        missing_skills=missing,
        distance_km=distance if reveal_distance else None,
        reasons=reasons,
        parts={name: round(part.points, 2) for name, part in scored.items()},
        distance_band=band,
    )
