"""Restore a backup into an empty database; then migrate, rebuild the search index, run doctor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sicaker.operations.backup import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_database into an EMPTY database (the configured one, "
        "or --database-url). Afterwards, with DATABASE_URL pointing at it: manage.py migrate, "
        "manage.py search_rebuild, manage.py doctor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="the file backup_database wrote")
        parser.add_argument(
            "--database-url",
            help="restore into this database instead of DATABASE_URL's (it must exist and be "
            "empty: createdb <name>)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        database = dict(settings.DATABASES["default"])
        if options["database_url"]:
            database = environ.Env.db_url_config(options["database_url"])
        try:
            tables = database_restore(database=database, source=options["backup"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {tables} tables into {database['NAME']}; next, with DATABASE_URL pointing "
            "at it: manage.py migrate, manage.py search_rebuild, manage.py doctor"
        )
