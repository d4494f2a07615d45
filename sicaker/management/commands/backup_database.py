"""Back up the database to one file (pg_dump custom format, or SQLite's online backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sicaker.operations.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Back up the database to a file (PostgreSQL: pg_dump --format=custom). The search index "
        "is not backed up: it is rebuilt from the database (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="the file to write (default backups/sicaker-<UTC date and time>.dump)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or Path("backups") / (
            f"sicaker-{timezone.now():%Y%m%d-%H%M%S}.dump"
        )
        try:
            result = database_backup(database=settings.DATABASES["default"], output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"backed up {result.tables} tables to {result.path} ({result.size:,} bytes)"
        )
