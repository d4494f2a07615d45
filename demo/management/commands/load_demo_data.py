"""Load the demo data (idempotent): officers, employers, trainings, seekers, vacancies..."""

from typing import Any

from django.core.management.base import BaseCommand
from django.test import override_settings

from demo.accounts import DEMO_PASSWORD
from demo.loader import load_demo_data


class Command(BaseCommand):
    help = (
        "Load demo data in the spirit of the seed articles (Malang and Madiun). Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's own notifications stay in the in-app inbox; nobody needs their emails printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            counts = load_demo_data()
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(
            f"demo data ready ({summary}); every demo account's password is {DEMO_PASSWORD}"
        )
