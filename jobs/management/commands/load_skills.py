"""Load the skill taxonomy (jobs/data/skills.json) idempotently by slug; never deletes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobs.skills import SKILLS_FILE, read_taxonomy_file, skill_taxonomy_load


class Command(BaseCommand):
    help = (
        "Create or update skills from the taxonomy file by slug (names, category, synonyms). "
        "Skills missing from the file are kept. Safe to run again: unchanged skills are not "
        "written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=SKILLS_FILE, help=f"taxonomy JSON (default {SKILLS_FILE})"
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            result = skill_taxonomy_load(entries=read_taxonomy_file(file))
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot load {file}: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Skills: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
