"""List the accounts whose personal data a leak in a time window could have touched (UU PDP's
72-hour notice): ``manage.py breach_report --from 2026-11-01 --to 2026-11-03 --format csv``."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from sicaker.operations.breach import breach_report, breach_report_csv, breach_report_json


def _moment(text: str, *, is_end: bool) -> datetime.datetime:
    """A date (local day: from its start, to the end of it) or an ISO date-time."""
    try:
        day = parse_date(text)
        moment = None if day else parse_datetime(text)
    except ValueError:
        day = moment = None
    if moment is None:
        if day is None:
            raise CommandError(
                f"{text!r} is not a date (2026-11-01) or a date and time (2026-11-01T08:00+07:00)"
            )
        if is_end:
            day += datetime.timedelta(days=1)
        moment = datetime.datetime.combine(day, datetime.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = (
        "List the accounts whose personal data could have been touched in a time window, from "
        "the access log and the audit events, for the 72-hour breach notice (CSV or JSON)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="date or ISO date-time")
        parser.add_argument(
            "--to", dest="end", required=True, help="date (inclusive) or ISO date-time (exclusive)"
        )
        parser.add_argument("--format", choices=("csv", "json"), default="csv")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _moment(options["start"], is_end=False)
        end = _moment(options["end"], is_end=True)
        if end <= start:
            raise CommandError("--to must be after --from")
        rows = breach_report(start=start, end=end)
        if options["format"] == "json":
            text = breach_report_json(rows, start=start, end=end) + "\n"
        else:
            text = breach_report_csv(rows)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            self.stderr.write(f"{len(rows)} account(s) written to {options['output']}")
        else:
            self.stdout.write(text, ending="")
