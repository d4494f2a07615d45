"""Count the labor office's dashboard tallies from scratch (applications.tallies)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from applications.tallies import tallies_rebuild


class Command(BaseCommand):
    help = (
        "Recount the dashboard's tallies from the vacancies, seekers, trainings and "
        "applications, in one transaction. Run after loading rows without the services (an "
        "import, a restore) or after changing TIME_ZONE; beat also runs it nightly. Safe to run "
        "any time and twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rows = tallies_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Tallies rebuilt: {rows} rows in {time.monotonic() - started:.1f} s."
            )
        )
