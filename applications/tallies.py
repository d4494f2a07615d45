"""The running tallies behind the labor office's dashboard: kept in the writing transactions,
rebuilt from scratch by ``manage.py tallies_rebuild`` (and nightly by beat).

What a row counts for is one rule per kind of row (``_vacancy_tallies``, ``_seeker_tallies``);
services wrap their writes in ``sicaker.tallies.tallied`` and the difference before/after is
added here with one upsert. The dashboard then sums a few hundred small rows
(``applications_per_week_tallied``, ``market_report_tallied``) where a recount scans every
application; the figures are the very ones ``applications_per_week`` and ``market_report``
count from the rows (tests compare them after every kind of write).

Metrics (``Tally.metric``; columns a metric does not use hold ``NO_DAY``, 0 or ""):

- ``applications``: applications submitted on ``day`` (local) now in status ``label``.
- ``published``: vacancies first published on ``day``.
- ``open_vacancies`` / ``open_positions``: published vacancies requiring skill ``ref`` whose
  closing date is ``day``, and their positions still open; "open today" sums ``day >= today``,
  so a vacancy that expires leaves the figure without any write.
- ``skill_applications`` / ``skill_acceptances``: applications submitted on ``day`` to
  vacancies requiring skill ``ref`` (all of them / those accepted).
- ``seekers``: open-to-work seekers holding skill ``ref`` from source ``label``.
- ``graduates``: seekers who completed training programme ``ref``.
- ``applied`` / ``accepted``: graduates of programme ``ref`` who applied (with an application
  now accepted) on ``day``, whose previous such day was ``other_day`` (``NO_DAY``: none). A
  graduate applied within [from, to] exactly when one of her days is in it with the day before
  it outside (before ``from``), so "how many graduates applied in the period", a count of
  distinct people, is a sum of rows too.

A tally counts days in the current time zone (``TIME_ZONE``); after changing it, rebuild.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from applications.models import NO_DAY, Application, ApplicationStatus, Tally
from applications.reports import STATUSES
from jobs.models import Skill, Vacancy, VacancySkill, VacancyStatus
from seekers.models import (
    SeekerProfile,
    SeekerSkill,
    SkillSource,
    TrainingCompletion,
    TrainingProgramme,
)

Key = tuple[str, datetime.date, datetime.date, int, str]
REBUILD_CHUNK = 2000
_UPSERT_ROWS = 500


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _vacancy_tallies(pks: list[int], *, lock: bool) -> Counter[Key]:
    """What these vacancies and the applications to them count for (see the module's list)."""
    vacancies: QuerySet[Vacancy] = Vacancy.objects.filter(pk__in=pks).order_by("pk")
    if lock:
        vacancies = vacancies.select_for_update()
    rows = list(
        vacancies.values_list(
            "pk", "status", "valid_through", "positions", "positions_filled", "published_at"
        )
    )
    required: dict[int, list[int]] = defaultdict(list)
    for vacancy_pk, skill_pk in VacancySkill.objects.filter(
        vacancy_id__in=pks, is_required=True
    ).values_list("vacancy_id", "skill_id"):
        required[vacancy_pk].append(skill_pk)
    counts: Counter[Key] = Counter()
    for pk, status, valid_through, positions, filled, published_at in rows:
        if published_at is not None:
            counts["published", _day(published_at), NO_DAY, 0, ""] += 1
        if status == VacancyStatus.PUBLISHED:
            for skill_pk in required[pk]:
                counts["open_vacancies", valid_through, NO_DAY, skill_pk, ""] += 1
                counts["open_positions", valid_through, NO_DAY, skill_pk, ""] += positions - filled
    for vacancy_pk, submitted_at, status in Application.objects.filter(
        vacancy_id__in=pks
    ).values_list("vacancy_id", "submitted_at", "status"):
        day = _day(submitted_at)
        counts["applications", day, NO_DAY, 0, status] += 1
        for skill_pk in required[vacancy_pk]:
            counts["skill_applications", day, NO_DAY, skill_pk, ""] += 1
            if status == ApplicationStatus.ACCEPTED:
                counts["skill_acceptances", day, NO_DAY, skill_pk, ""] += 1
    return counts


def _seeker_tallies(pks: list[int], *, lock: bool) -> Counter[Key]:
    """What these seekers, their skills, trainings and application days count for."""
    seekers: QuerySet[SeekerProfile] = SeekerProfile.objects.filter(pk__in=pks).order_by("pk")
    if lock:
        seekers = seekers.select_for_update()
    open_to_work = {pk for pk, is_open in seekers.values_list("pk", "is_open_to_work") if is_open}
    counts: Counter[Key] = Counter()
    for skill_pk, source in SeekerSkill.objects.filter(seeker_id__in=open_to_work).values_list(
        "skill_id", "source"
    ):
        counts["seekers", NO_DAY, NO_DAY, skill_pk, source] += 1
    programmes: dict[int, list[int]] = defaultdict(list)
    for seeker_pk, programme_pk in TrainingCompletion.objects.filter(seeker_id__in=pks).values_list(
        "seeker_id", "programme_id"
    ):
        programmes[seeker_pk].append(programme_pk)
        counts["graduates", NO_DAY, NO_DAY, programme_pk, ""] += 1
    days: dict[tuple[str, int], set[datetime.date]] = defaultdict(set)
    for seeker_pk, submitted_at, status in Application.objects.filter(
        seeker_id__in=list(programmes)
    ).values_list("seeker_id", "submitted_at", "status"):
        day = _day(submitted_at)
        days["applied", seeker_pk].add(day)
        if status == ApplicationStatus.ACCEPTED:
            days["accepted", seeker_pk].add(day)
    for (metric, seeker_pk), seeker_days in days.items():
        previous = NO_DAY
        for day in sorted(seeker_days):
            for programme_pk in programmes[seeker_pk]:
                counts[metric, day, previous, programme_pk, ""] += 1
            previous = day
    return counts


class DashboardTallier:
    """The tallier plugged into ``sicaker.tallies`` (``ApplicationsConfig.ready``)."""

    def contribution(self, kind: str, pks: list[int], *, lock: bool) -> Counter[Any]:
        return (_vacancy_tallies if kind == "vacancy" else _seeker_tallies)(pks, lock=lock)

    def add(self, deltas: Counter[Any]) -> None:
        tallies_add(deltas)


def tallies_add(deltas: Mapping[Any, int]) -> None:
    """Add ``deltas`` (key -> change) to the tallies: one upsert per 500 keys, in key order so
    that two writers touching the same rows lock them in the same order."""
    keys = sorted(key for key, delta in deltas.items() if delta)
    table = connection.ops.quote_name(Tally._meta.db_table)
    adapt = connection.ops.adapt_datefield_value
    for start in range(0, len(keys), _UPSERT_ROWS):
        chunk = keys[start : start + _UPSERT_ROWS]
        params: list[Any] = []
        for metric, day, other_day, ref, label in chunk:
            delta = deltas[metric, day, other_day, ref, label]
            params += [metric, adapt(day), adapt(other_day), ref, label, delta]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (metric, day, other_day, ref, label, value) "
                f"VALUES {values} "
                "ON CONFLICT (metric, day, other_day, ref, label) "
                f"DO UPDATE SET value = {table}.value + excluded.value",
                params,
            )


def _all_pks(model: type[Vacancy] | type[SeekerProfile]) -> Iterator[list[int]]:
    last = 0
    while True:
        pks = list(
            model.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:REBUILD_CHUNK]
        )
        if not pks:
            return
        yield pks
        last = pks[-1]


def tallies_rebuild() -> int:
    """Count every tally from scratch, by the same rules the writes use; returns the number of
    rows. One transaction; on PostgreSQL the table is locked against writers (readers go on
    reading the old counts), so a write either counted before the rebuild's counts or adds its
    difference after them. Safe to run any time, and twice."""
    counts: Counter[Key] = Counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(Tally._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        Tally.objects.all().delete()
        for pks in _all_pks(Vacancy):
            counts.update(_vacancy_tallies(pks, lock=False))
        for pks in _all_pks(SeekerProfile):
            counts.update(_seeker_tallies(pks, lock=False))
        tallies_add(counts)
    return sum(1 for value in counts.values() if value)


# Reading ------------------------------------------------------------------------------------


def _sums(metrics: Iterable[str], condition: Q, *fields: str) -> dict[tuple[Any, ...], int]:
    return {
        (row["metric"], *(row[field] for field in fields)): row["total"]
        for row in Tally.objects.filter(condition, metric__in=list(metrics))
        .order_by()
        .values("metric", *fields)
        .annotate(total=Sum("value"))
    }


def _days_between(date_from: datetime.date | None, date_to: datetime.date | None) -> Q:
    condition = Q()
    if date_from is not None:
        condition &= Q(day__gte=date_from)
    if date_to is not None:
        condition &= Q(day__lte=date_to)
    return condition


def applications_submitted_on(day: datetime.date) -> int:
    """Applications submitted on local ``day`` (any status now)."""
    return (
        Tally.objects.filter(metric="applications", day=day).aggregate(total=Sum("value"))["total"]
        or 0
    )


def vacancies_published_on(day: datetime.date) -> int:
    """Vacancies first published on local ``day``."""
    return (
        Tally.objects.filter(metric="published", day=day).aggregate(total=Sum("value"))["total"]
        or 0
    )


def applications_per_week_tallied(
    *, date_from: datetime.date, date_to: datetime.date
) -> dict[str, Any]:
    """``applications.reports.applications_per_week`` from the tallies (the same dict)."""
    per_day = _sums(["applications"], _days_between(date_from, date_to), "day", "label")
    by_week: dict[datetime.date, Counter[str]] = defaultdict(Counter)
    for (_metric, day, status), total in per_day.items():
        by_week[day - datetime.timedelta(days=day.weekday())][status] += total
    weeks: list[dict[str, Any]] = []
    monday = date_from - datetime.timedelta(days=date_from.weekday())
    while monday <= date_to:
        counts = by_week.get(monday, Counter())
        weeks.append(
            {
                "week": monday,
                "count": sum(counts[status] for status in STATUSES),
                **{status: counts[status] for status in STATUSES},
            }
        )
        monday += datetime.timedelta(days=7)
    totals = {status: sum(week[status] for week in weeks) for status in STATUSES}
    return {
        "date_from": date_from,
        "date_to": date_to,
        "weeks": weeks,
        "totals": {**totals, "count": sum(totals.values())},
    }


def market_report_tallied(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> dict[str, Any]:
    """``applications.market.market_report`` from the tallies (the same dict, the same order)."""
    today = timezone.localdate()
    demand = _sums(["open_vacancies", "open_positions"], Q(day__gte=today), "ref")
    supply = _sums(["seekers"], Q(), "ref", "label")
    outcomes = _sums(
        ["skill_applications", "skill_acceptances"], _days_between(date_from, date_to), "ref"
    )
    per_skill: dict[int, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(
            (
                "open_vacancies",
                "open_positions",
                "seekers_verified",
                "seekers_self_declared",
                "applications",
                "acceptances",
            ),
            0,
        )
    )
    for (metric, skill_pk), total in demand.items():
        per_skill[skill_pk][metric] += total
    for (_metric, skill_pk, source), total in supply.items():
        kind = "seekers_verified" if source == SkillSource.TRAINING else "seekers_self_declared"
        per_skill[skill_pk][kind] += total
    for (metric, skill_pk), total in outcomes.items():
        kind = "applications" if metric == "skill_applications" else "acceptances"
        per_skill[skill_pk][kind] += total
    shown = {
        pk
        for pk, row in per_skill.items()
        if row["open_vacancies"]
        or row["seekers_verified"]
        or row["seekers_self_declared"]
        or row["applications"]
    }
    skills: list[dict[str, Any]] = [
        {
            "slug": skill.slug,
            "name": skill.name,
            "category": skill.category,
            **per_skill[skill.pk],
        }
        for skill in Skill.objects.filter(pk__in=shown)
    ]
    skills.sort(key=lambda row: (-row["open_positions"], -row["applications"], row["slug"]))

    reached = Q(other_day__lt=date_from) | Q(other_day=NO_DAY) if date_from else Q(other_day=NO_DAY)
    graduates = _sums(["graduates"], Q(), "ref")
    reach = _sums(["applied", "accepted"], _days_between(date_from, date_to) & reached, "ref")
    trainings: list[dict[str, Any]] = []
    # The database's order of titles (its collation), then the graduates: a stable sort keeps
    # the titles' order among equals, as market_report's ORDER BY does.
    for programme in (
        TrainingProgramme.objects.filter(
            pk__in=[pk for (_metric, pk), total in graduates.items() if total]
        )
        .order_by("title")
        .values("pk", "title", "organiser", "city")
    ):
        pk = programme["pk"]
        count = graduates["graduates", pk]
        applied = reach.get(("applied", pk), 0)
        accepted = reach.get(("accepted", pk), 0)
        trainings.append(
            {
                "id": pk,
                "title": programme["title"],
                "organiser": programme["organiser"],
                "city": programme["city"],
                "graduates": count,
                "graduates_applied": applied,
                "graduates_accepted": accepted,
                "acceptance_rate": round(accepted / count, 3) if count else 0.0,
            }
        )
    trainings.sort(key=lambda row: -row["graduates"])
    return {
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "skills": skills,
        "trainings": trainings,
    }
