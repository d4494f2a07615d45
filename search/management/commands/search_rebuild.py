"""Rebuild the search indices from the database and swap them in atomically."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search.backend import SearchUnavailable, get_search_backend


class Command(BaseCommand):
    help = "Rebuild every search index into a new versioned index and swap the alias."

    def handle(self, *args: Any, **options: Any) -> None:
        backend = get_search_backend()
        try:
            counts = backend.rebuild()
        except SearchUnavailable as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(f"search ({backend.name}) rebuilt: {summary}")
