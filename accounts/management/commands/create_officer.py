"""Create a labor-office officer account, or reset its password (idempotent)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.services import officer_create_or_update
from sicaker.errors import Invalid


class Command(BaseCommand):
    help = (
        "Create a labor-office officer with this email, or set the password (and name) of the "
        "officer who has it. Refuses an email that belongs to a job seeker, employer or admin."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--password", required=True, help="the officer's password")
        parser.add_argument("--full-name", dest="full_name", default=None)

    def handle(
        self, *args: Any, email: str, password: str, full_name: str | None, **options: Any
    ) -> None:
        try:
            user, created = officer_create_or_update(
                email=email, password=password, full_name=full_name
            )
        except Invalid as error:
            messages = [
                f"{field}: {message}"
                for field, field_messages in error.fields.items()
                for message in field_messages
            ]
            raise CommandError("\n".join(messages)) from error
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} officer {user.email} (id {user.pk})."))
