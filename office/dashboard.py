"""The figures of the office dashboard, gathered from the domain's reports and selectors.

Every number is counted in the database (grouped queries, no Python loops over rows); the
charts and their tables show the very dicts the API's ``reports/market/`` and
``reports/applications/`` are made of, so both always agree.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from applications.market import market_report
from applications.models import Application, ApplicationStatus
from applications.reports import STATUSES, applications_per_week
from applications.selectors import filter_submitted_between, local_day_start
from jobs.selectors import employers_awaiting_verification, vacancies_published_count
from seekers.models import TrainingProgramme

DEFAULT_WEEKS = 12


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve weeks, from a Monday to today."""
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=DEFAULT_WEEKS - 1), today


def today_numbers(*, user: User, today: datetime.date) -> dict[str, int]:
    """New applications and newly published vacancies today, employers waiting for
    verification, and training programmes running this month."""
    start = local_day_start(today)
    end = local_day_start(today + datetime.timedelta(days=1))
    month_start = today.replace(day=1)
    next_month = (month_start + datetime.timedelta(days=32)).replace(day=1)
    return {
        "applications": filter_submitted_between(
            Application.objects.all(), date_from=today, date_to=today
        ).count(),
        "vacancies": vacancies_published_count(start=start, end=end),
        "employers_waiting": employers_awaiting_verification(user=user).count(),
        "trainings": TrainingProgramme.objects.filter(
            starts_on__lt=next_month, ends_on__gte=month_start
        ).count(),
    }


def dashboard(*, user: User, date_from: datetime.date, date_to: datetime.date) -> dict[str, Any]:
    """Today's numbers, applications per week by status, and the market report, for the dates."""
    weekly = applications_per_week(date_from=date_from, date_to=date_to)
    market = market_report(date_from=date_from, date_to=date_to)
    statuses = [(status, str(ApplicationStatus(status).label)) for status in STATUSES]
    return {
        "today": today_numbers(user=user, today=timezone.localdate()),
        "weekly": weekly,
        "market": market,
        "statuses": statuses,
        "weekly_rows": [
            (week["week"], [week[status] for status in STATUSES], week["count"])
            for week in weekly["weeks"]
        ],
        "weekly_totals": [
            *((status, weekly["totals"][status]) for status in STATUSES),
            ("total", weekly["totals"]["count"]),
        ],
        "charts": {
            "weekly": {
                "labels": [week["week"].isoformat() for week in weekly["weeks"]],
                "series": [
                    {"label": label, "key": status, "data": [w[status] for w in weekly["weeks"]]}
                    for status, label in statuses
                ],
            },
            "skills": {
                "labels": [row["name"] for row in market["skills"]],
                "open_positions": [row["open_positions"] for row in market["skills"]],
                "seekers_verified": [row["seekers_verified"] for row in market["skills"]],
            },
            "trainings": {
                "labels": [row["title"] for row in market["trainings"]],
                "graduates": [row["graduates"] for row in market["trainings"]],
                "applied": [row["graduates_applied"] for row in market["trainings"]],
                "accepted": [row["graduates_accepted"] for row in market["trainings"]],
            },
        },
    }
