"""Re-encrypt every stored NIK with the newest key (after putting a new key in front)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seekers.models import SeekerProfile
from seekers.services import seeker_nik_reencrypt

LISTED_PKS = 20  # unreadable rows named in the error; the count says how many in all


class Command(BaseCommand):
    help = (
        "Re-encrypt the stored NIKs with the newest key of NIK_ENCRYPTION_KEYS, in batches by "
        "primary key; safe to run again, resumable with --after. When it reports no unreadable "
        "row, the older keys can be removed from NIK_ENCRYPTION_KEYS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=500, help="profiles per transaction (default 500)"
        )
        parser.add_argument(
            "--after",
            type=int,
            default=0,
            help="resume: start after this profile pk (the last one a stopped run printed)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size, after = options["batch_size"], options["after"]
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more")
        total = SeekerProfile.objects.exclude(nik_encrypted="").filter(pk__gt=after).count()
        done = rewritten = current = 0
        unreadable: list[int] = []
        self.stdout.write(f"{total} profiles with a NIK after pk {after}")
        while True:
            batch = seeker_nik_reencrypt(after_pk=after, batch_size=batch_size)
            if batch.last_pk is None:
                break
            after = batch.last_pk
            done += batch.size
            rewritten += batch.rewritten
            current += batch.already_current
            unreadable += batch.unreadable_pks
            self.stdout.write(
                f"{done}/{total}: {batch.rewritten} re-encrypted, {batch.already_current} "
                f"already current, {len(batch.unreadable_pks)} unreadable; "
                f"resume with --after {after}"
            )
        self.stdout.write(
            f"done: {rewritten} re-encrypted, {current} already current, "
            f"{len(unreadable)} unreadable"
        )
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} NIKs are readable by no configured key (profile pks "
                f"{', '.join(map(str, unreadable[:LISTED_PKS]))}"
                f"{' …' if len(unreadable) > LISTED_PKS else ''}); "
                "put the key they were encrypted with back into NIK_ENCRYPTION_KEYS (after the "
                "newest) and run again. Do not drop any key until this reports 0 unreadable."
            )
