"""Check that the configured database, broker and search engine answer; one line each."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sicaker.health import check_all


class Command(BaseCommand):
    help = (
        "Check the database, the Celery broker and the search engine; exit 1 naming what is down."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        down = []
        for state in check_all():
            if state.is_up:
                self.stdout.write(f"{state.name}: up ({state.detail})")
            else:
                down.append(state)
                self.stderr.write(f"{state.name}: DOWN ({state.detail}); check {state.variable}")
        if down:
            names = ", ".join(f"{state.variable} ({state.name})" for state in down)
            raise CommandError(f"cannot start: fix {names}")
