"""Rebuild the open-data snapshot now (beat does it every OPEN_DATA_SNAPSHOT_INTERVAL_SECONDS)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from jobs.open_data.log import prune_change_log
from jobs.open_data.snapshot import snapshot_build, snapshot_path


class Command(BaseCommand):
    help = (
        "Write the open-data snapshot (every public vacancy as gzip JSON Lines, with the stream "
        "cursor it is consistent with) into OPEN_DATA_DIR; the change log is brought in step "
        "with the vacancies first. --prune also forgets change-log entries older than "
        "OPEN_DATA_RETENTION_DAYS that no longer describe the present."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--prune", action="store_true", help="prune the change log before the snapshot"
        )

    def handle(self, *args: Any, prune: bool, **options: Any) -> None:
        if prune:
            older_than = timezone.now() - datetime.timedelta(days=settings.OPEN_DATA_RETENTION_DAYS)
            self.stdout.write(f"pruned {prune_change_log(older_than=older_than)} entries")
        info = snapshot_build()
        self.stdout.write(
            f"{info['count']} vacancies at cursor {info['cursor']} "
            f"({info['generated_at']}): {snapshot_path(info)}"
        )
