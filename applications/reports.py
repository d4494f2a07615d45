"""The labor office's report of applications received, grouped, as JSON rows or a spreadsheet.

Two queries per report (the grouped counts and the total). ``training`` groups by the
programmes the seeker completed (any completion on record, whenever it happened): an
application counts under every programme its seeker completed, so the rows may add up to more
than ``total``; applications of seekers with no completed programme form one row with key
``null``.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application, ApplicationStatus
from applications.selectors import filter_submitted_between
from sicaker.spreadsheet import csv_writer

STATUSES: tuple[str, ...] = tuple(ApplicationStatus.values)


@dataclass(frozen=True)
class _Grouping:
    fields: tuple[str, ...]
    key: Callable[[dict], Any]
    label: Callable[[dict], str]


def _district_label(row: dict) -> str:
    return f"{row['seeker__district']}, {row['seeker__city']}"


def _no_training_label(row: dict) -> str:
    return row["seeker__training_completions__programme__title"] or str(_("No completed training"))


GROUPINGS: dict[str, _Grouping] = {
    "status": _Grouping(
        fields=("status",),
        key=lambda row: row["status"],
        label=lambda row: str(ApplicationStatus(row["status"]).label),
    ),
    "district": _Grouping(
        fields=("seeker__city", "seeker__district"),
        key=lambda row: f"{row['seeker__city']}/{row['seeker__district']}",
        label=_district_label,
    ),
    "vacancy": _Grouping(
        fields=("vacancy_id", "vacancy__title", "vacancy__employer__name"),
        key=lambda row: row["vacancy_id"],
        label=lambda row: f"{row['vacancy__title']} ({row['vacancy__employer__name']})",
    ),
    "employer": _Grouping(
        fields=("vacancy__employer_id", "vacancy__employer__name"),
        key=lambda row: row["vacancy__employer_id"],
        label=lambda row: row["vacancy__employer__name"],
    ),
    "training": _Grouping(
        fields=(
            "seeker__training_completions__programme_id",
            "seeker__training_completions__programme__title",
        ),
        key=lambda row: row["seeker__training_completions__programme_id"],
        label=_no_training_label,
    ),
}
GROUP_BY_CHOICES: tuple[str, ...] = tuple(GROUPINGS)

CSV_HEADER = (
    gettext_lazy("Key"),
    gettext_lazy("Group"),
    gettext_lazy("Applications"),
    *(ApplicationStatus(status).label for status in STATUSES),
)


def applications_report(
    *,
    group_by: str,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> dict[str, Any]:
    """Count applications received (by ``submitted_at``, local days, both ends inclusive) per group.

    Returns ``{"group_by", "date_from", "date_to", "total", "rows"}``; each row has ``key``,
    ``label``, ``count`` and one count per status. Rows are ordered by count (highest first)
    then label; ``status`` lists every status in workflow order, zeros included.
    """
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown group_by {group_by!r}")
    grouping = GROUPINGS[group_by]
    applications = filter_submitted_between(
        Application.objects.all(),
        date_from=date_from,
        date_to=date_to,
    )
    per_status = {status: Count("pk", filter=Q(status=status)) for status in STATUSES}
    grouped = (
        applications.order_by()
        .values(*grouping.fields)
        .annotate(count=Count("pk"), **{f"status_{s}": c for s, c in per_status.items()})
    )
    rows = [
        {
            "key": grouping.key(row),
            "label": grouping.label(row),
            "count": row["count"],
            **{status: row[f"status_{status}"] for status in STATUSES},
        }
        for row in grouped
    ]
    if group_by == "status":
        present = {row["key"] for row in rows}
        rows += [
            {
                "key": status,
                "label": str(ApplicationStatus(status).label),
                "count": 0,
                **dict.fromkeys(STATUSES, 0),
            }
            for status in STATUSES
            if status not in present
        ]
        rows.sort(key=lambda row: STATUSES.index(row["key"]))
    else:
        rows.sort(key=lambda row: (-row["count"], row["label"].casefold(), str(row["key"])))
    return {
        "group_by": group_by,
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "total": applications.count(),
        "rows": rows,
    }


def applications_report_csv(report: dict[str, Any]) -> str:
    """The report as a spreadsheet: a header row, then one row per group (no BOM; see renderer).

    Cells that a spreadsheet would read as a formula are neutralised (``sicaker.spreadsheet``).
    """
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([str(title) for title in CSV_HEADER])
    for row in report["rows"]:
        writer.writerow(
            [
                "" if row["key"] is None else row["key"],
                row["label"],
                row["count"],
                *(row[status] for status in STATUSES),
            ]
        )
    return buffer.getvalue()


def applications_per_week(*, date_from: datetime.date, date_to: datetime.date) -> dict[str, Any]:
    """Applications received per local week (Monday first) and status, on days
    ``date_from``..``date_to`` (both inclusive): one grouped query in the database.

    Returns ``{"date_from", "date_to", "weeks", "totals"}``: ``weeks`` lists every week that
    touches the range, oldest first, each ``{"week": Monday, <status>: count, ..., "count"}``,
    weeks without applications included as zeros; ``totals`` are the counts per status over the
    range, the same numbers as ``applications_report(group_by="status")`` for those dates.
    """
    applications = filter_submitted_between(
        Application.objects.all(), date_from=date_from, date_to=date_to
    )
    per_status = {f"status_{s}": Count("pk", filter=Q(status=s)) for s in STATUSES}
    grouped: dict[datetime.date, dict[str, Any]] = {
        _as_date(row["week"]): dict(row)
        for row in applications.order_by()
        .annotate(week=TruncWeek("submitted_at"))
        .values("week")
        .annotate(count=Count("pk"), **per_status)
    }
    weeks = []
    monday = date_from - datetime.timedelta(days=date_from.weekday())
    while monday <= date_to:
        row = grouped.get(monday, {})
        weeks.append(
            {
                "week": monday,
                "count": row.get("count", 0),
                **{status: row.get(f"status_{status}", 0) for status in STATUSES},
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


def _as_date(value: datetime.datetime | datetime.date) -> datetime.date:
    # TruncWeek of a DateTimeField gives an aware local datetime (PostgreSQL and SQLite alike).
    return value.date() if isinstance(value, datetime.datetime) else value
