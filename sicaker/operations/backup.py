"""Backing up and restoring the database: pg_dump/pg_restore (custom format) for PostgreSQL,
SQLite's online backup for the embedded configuration.

The database is the only state to back up: the search index is rebuilt from it
(`manage.py search_rebuild`), Redis holds only queued messages (the outbox and the sweeps re-send
whatever was committed) and counters. The keys (DJANGO_SECRET_KEY, NIK_ENCRYPTION_KEYS) are kept
apart from the backups: without the NIK key a backup's NIKs cannot be read, and with it anyone
holding the backup can.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.core.exceptions import ImproperlyConfigured


class BackupError(Exception):
    """The backup or restore did not complete; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    tables: int


def _is_postgres(database: dict[str, Any]) -> bool:
    engine = str(database["ENGINE"])
    if engine.endswith("postgresql"):
        return True
    if engine.endswith("sqlite3"):
        return False
    raise ImproperlyConfigured(f"backups know PostgreSQL and SQLite, not {engine}")


def _pg_environment(database: dict[str, Any]) -> dict[str, str]:
    """libpq's variables: the password never appears on a command line (ps shows those)."""
    variables = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": str(database.get("PASSWORD") or ""),
        "PGDATABASE": str(database["NAME"]),
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def _run(command: list[str], database: dict[str, Any]) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client of the server's "
            "version (Debian: apt-get install postgresql-client)"
        )
    result = subprocess.run(
        command, env=_pg_environment(database), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")
    return result.stdout


def _pg_tables_in_archive(path: Path, database: dict[str, Any]) -> int:
    listing = _run(["pg_restore", "--list", str(path)], database)
    return sum(1 for line in listing.splitlines() if " TABLE DATA " in line)


def database_backup(*, database: dict[str, Any], output: Path) -> BackupResult:
    """Write the whole database to ``output`` (a new file): PostgreSQL's custom format, which
    pg_restore reads back table by table, or a consistent copy of the SQLite file. The archive
    is read back once (its table list) so a broken file fails now, not on the day it is needed.
    """
    if output.exists():
        raise BackupError(f"{output} exists; choose a new file name")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    try:
        if _is_postgres(database):
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 f"--file={partial}"],
                database,
            )  # fmt: skip
            tables = _pg_tables_in_archive(partial, database)
        else:
            tables = _sqlite_copy(Path(str(database["NAME"])), partial)
        partial.rename(output)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=output, size=output.stat().st_size, tables=tables)


def _pg_table_count(database: dict[str, Any]) -> int:
    try:
        with psycopg.connect(
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            user=database.get("USER") or None,
            password=str(database.get("PASSWORD") or "") or None,
            dbname=str(database["NAME"]),
            connect_timeout=5,
        ) as conn:
            row = conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchone()
    except psycopg.OperationalError as error:
        raise BackupError(
            f"cannot connect to the target database {database['NAME']!r} ({error}); create it "
            f"first: createdb {database['NAME']}"
        ) from error
    return int(row[0]) if row else 0


def database_restore(*, database: dict[str, Any], source: Path) -> int:
    """Load a backup into an empty database (refused otherwise: a restore never merges into
    live data); returns the number of tables restored. The search index is then rebuilt from
    it with ``manage.py search_rebuild``."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    if _is_postgres(database):
        if _pg_table_count(database):
            raise BackupError(
                f"the database {database['NAME']!r} is not empty; restore into a fresh one "
                f"(createdb <name>) and point DATABASE_URL at it"
            )
        tables = _pg_tables_in_archive(source, database)
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", f"--dbname={database['NAME']}", str(source)],
            database,
        )  # fmt: skip
        return tables
    target = Path(str(database["NAME"]))
    if target.exists() and target.stat().st_size:
        raise BackupError(f"{target} exists; restore into a new file and point DATABASE_URL at it")
    return _sqlite_copy(source, target)


def _sqlite_copy(source: Path, target: Path) -> int:
    """SQLite's online backup (consistent while the app writes); the tables copied."""
    with (
        closing(sqlite3.connect(str(source))) as origin,
        closing(sqlite3.connect(str(target))) as copy,
    ):
        origin.backup(copy)
        row = copy.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return int(row[0])
