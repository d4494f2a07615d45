"""Applications received per local week and status, for the office dashboard's first chart."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from applications.models import Application
from applications.reports import applications_per_week, applications_report
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def submitted(at: datetime.datetime, status: str = "submitted") -> Application:
    application = ApplicationFactory(status=status)
    Application.objects.filter(pk=application.pk).update(submitted_at=at)
    return application


def test_weeks_start_on_monday_in_local_time_and_empty_weeks_are_zeros():
    # Monday 2 March 2026 00:10 in Jakarta is still Sunday 1 March in UTC.
    submitted(local(2026, 3, 2, 0, 10), "accepted")
    submitted(local(2026, 3, 8, 23, 50))  # Sunday: the same week
    submitted(local(2026, 3, 16, 9, 0), "rejected")
    submitted(local(2026, 2, 28, 9, 0))  # before the range

    report = applications_per_week(
        date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 3, 18)
    )

    assert [(w["week"], w["count"], w["accepted"], w["rejected"]) for w in report["weeks"]] == [
        (datetime.date(2026, 2, 23), 0, 0, 0),
        (datetime.date(2026, 3, 2), 2, 1, 0),
        (datetime.date(2026, 3, 9), 0, 0, 0),
        (datetime.date(2026, 3, 16), 1, 0, 1),
    ]
    assert report["totals"]["count"] == 3


def test_the_totals_are_the_status_reports_counts_for_the_same_dates():
    for day, status in [(3, "submitted"), (4, "accepted"), (12, "accepted"), (20, "withdrawn")]:
        submitted(local(2026, 3, day, 10, 0), status)
    dates = {"date_from": datetime.date(2026, 3, 1), "date_to": datetime.date(2026, 3, 31)}

    weekly = applications_per_week(**dates)
    by_status = applications_report(group_by="status", **dates)

    assert {row["key"]: row["count"] for row in by_status["rows"]} == {
        key: value for key, value in weekly["totals"].items() if key != "count"
    }
    assert weekly["totals"]["count"] == by_status["total"] == 4
