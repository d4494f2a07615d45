"""Check everything an administrator must know about, and say what to do about each problem."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sicaker.operations.doctor import run_checks


class Command(BaseCommand):
    help = (
        "Check the services, migrations, search index lag, notification outbox, keys and beat; "
        "print what to do about each problem; exit 1 when there is one."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        findings = run_checks()
        problems = [finding for finding in findings if not finding.is_ok]
        for finding in findings:
            mark = "ok  " if finding.is_ok else "FAIL"
            self.stdout.write(f"[{mark}] {finding.name}: {finding.detail}")
            if finding.advice:
                self.stdout.write(f"       what to do: {finding.advice}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s): {', '.join(f.name for f in problems)}")
        self.stdout.write("no problems found")
