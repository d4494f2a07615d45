"""The embedded configuration (SQLite) backs up and restores with the same two commands."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jobs.models import Vacancy
from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass only (PostgreSQL: test_backup_restore.py)")


def test_a_sqlite_backup_restores_into_a_new_file_with_every_row(sqlite_only, tmp_path, settings):
    # Given three vacancies
    VacancyFactory.create_batch(3)
    dump = tmp_path / "sicaker.sqlite3.backup"

    call_command("backup_database", "--output", str(dump), stdout=io.StringIO())
    restored = tmp_path / "restored.sqlite3"
    out = io.StringIO()
    call_command("restore_database", str(dump), "--database-url", f"sqlite:///{restored}",
                 stdout=out)  # fmt: skip

    assert out.getvalue().startswith("restored ")
    with closing(sqlite3.connect(restored)) as copy:
        assert copy.execute("SELECT count(*) FROM jobs_vacancy").fetchone()[0] == 3
    assert Vacancy.objects.count() == 3
    # And a second restore onto the same file is refused
    with pytest.raises(CommandError, match="exists; restore into a new file"):
        call_command("restore_database", str(dump), "--database-url", f"sqlite:///{restored}")
