"""The figures of the office dashboard, from the running tallies of ``applications.tallies``.

The tallies are kept in the writing transactions, so the dashboard sums a few hundred small rows
instead of counting every application on each visit; the charts and their tables are the very
dicts the API's ``reports/market/`` and ``reports/applications/`` count from the rows
(``market_report``, ``applications_per_week``), and tests hold the two to the same numbers.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from applications.models import ApplicationStatus
from applications.reports import STATUSES
from applications.tallies import (
    applications_per_week_tallied,
    applications_submitted_on,
    market_report_tallied,
    vacancies_published_on,
)
from jobs.selectors import employers_awaiting_verification
from seekers.models import TrainingProgramme

DEFAULT_WEEKS = 12


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve weeks, from a Monday to today."""
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=DEFAULT_WEEKS - 1), today


def today_numbers(*, user: User, today: datetime.date) -> dict[str, int]:
    """New applications and newly published vacancies today, employers waiting for
    verification, and training programmes running this month."""
    month_start = today.replace(day=1)
    next_month = (month_start + datetime.timedelta(days=32)).replace(day=1)
    return {
        "applications": applications_submitted_on(today),
        "vacancies": vacancies_published_on(today),
        "employers_waiting": employers_awaiting_verification(user=user).count(),
        "trainings": TrainingProgramme.objects.filter(
            starts_on__lt=next_month, ends_on__gte=month_start
        ).count(),
    }


def dashboard(*, user: User, date_from: datetime.date, date_to: datetime.date) -> dict[str, Any]:
    """Today's numbers, applications per week by status, and the market report, for the dates."""
    weekly = applications_per_week_tallied(date_from=date_from, date_to=date_to)
    market = market_report_tallied(date_from=date_from, date_to=date_to)
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
