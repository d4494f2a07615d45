#!/usr/bin/env python3
"""Mirror Si-Caker's open vacancies into a local SQLite file, and keep it in step.

The first run downloads the snapshot (every public vacancy, gzip JSON Lines) and stores the
stream cursor it is consistent with; every run after that follows the change stream from the
stored cursor, one page per transaction, so an interrupted run resumes where it stopped and
never applies a change twice. Standard library only (Python 3.10+):

    python examples/follow_stream.py --base-url https://lowongan.example.go.id --db lowongan.sqlite3
    python examples/follow_stream.py --base-url http://127.0.0.1:8000 --db lowongan.sqlite3 --once

The mirror has one table, ``vacancies`` (a few columns to query, and the whole public vacancy as
JSON in ``payload``), and ``mirror_state`` with the cursor. README, "Open data", says more.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http import HTTPStatus
from typing import Any

STREAM = "/api/v1/open/vacancies/stream/"
SNAPSHOT = "/api/v1/open/vacancies/snapshot/"
PAGE_SIZE = 500
USER_AGENT = "si-caker-follow-stream-example/1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS vacancies (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    employer TEXT NOT NULL,
    district TEXT NOT NULL,
    city TEXT NOT NULL,
    valid_through TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mirror_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class CursorExpired(Exception):
    """The server no longer keeps the changes after our cursor: start again from a snapshot."""


def request(url: str, *, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    """GET ``url``; waits and retries when rate-limited. Returns status, headers, body."""
    while True:
        wanted = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
        try:
            with urllib.request.urlopen(wanted, timeout=60) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            if error.code == HTTPStatus.TOO_MANY_REQUESTS:
                time.sleep(float(error.headers.get("Retry-After") or 5))
                continue
            if error.code == HTTPStatus.GONE:
                raise CursorExpired(error.read().decode()) from error
            raise


def _upsert(db: sqlite3.Connection, vacancy: dict[str, Any]) -> None:
    db.execute(
        "INSERT INTO vacancies (id, title, employer, district, city, valid_through, payload) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET title = excluded.title, "
        "employer = excluded.employer, district = excluded.district, city = excluded.city, "
        "valid_through = excluded.valid_through, payload = excluded.payload",
        (
            vacancy["id"],
            vacancy["title"],
            vacancy["employer"]["name"],
            vacancy["district"],
            vacancy["city"],
            vacancy["valid_through"],
            json.dumps(vacancy, ensure_ascii=False, sort_keys=True),
        ),
    )


def _set_state(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO mirror_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _cursor(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM mirror_state WHERE key = 'cursor'").fetchone()
    return row[0] if row else None


def load_snapshot(db: sqlite3.Connection, base_url: str) -> str:
    """Replace the mirror with the snapshot; returns the cursor it is consistent with."""
    _status, headers, body = request(base_url + SNAPSHOT)
    cursor = str(headers["X-Snapshot-Cursor"])
    lines = gzip.decompress(body).decode("utf-8").splitlines()
    with db:  # one transaction: the mirror and its cursor change together
        db.execute("DELETE FROM vacancies")
        for line in lines:
            _upsert(db, json.loads(line))
        _set_state(db, "cursor", cursor)
    print(f"snapshot: {len(lines)} vacancies, generated {headers.get('X-Snapshot-Generated-At')}")
    return cursor


def apply_page(db: sqlite3.Connection, page: dict[str, Any]) -> None:
    """Apply one page of changes and its cursor in one transaction."""
    with db:
        for item in page["items"]:
            if item["vacancy"] is None:  # closed, expired or deleted
                db.execute("DELETE FROM vacancies WHERE id = ?", (item["vacancy_id"],))
            else:  # published or changed: the whole vacancy
                _upsert(db, item["vacancy"])
        _set_state(db, "cursor", page["next_cursor"])


def follow(db: sqlite3.Connection, base_url: str) -> int:
    """Follow the stream from the stored cursor to its end; returns how many changes applied."""
    applied = 0
    while True:
        query = urllib.parse.urlencode({"since": _cursor(db), "limit": PAGE_SIZE})
        _status, _headers, body = request(f"{base_url}{STREAM}?{query}")
        page = json.loads(body)
        apply_page(db, page)
        applied += len(page["items"])
        if not page["has_more"]:
            return applied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--db", required=True, help="the SQLite file of the mirror")
    parser.add_argument("--once", action="store_true", help="catch up once, then stop")
    parser.add_argument("--interval", type=float, default=30, help="seconds between polls")
    args = parser.parse_args(argv)
    base_url = args.base_url.rstrip("/")
    db = sqlite3.connect(args.db)
    db.executescript(SCHEMA)
    while True:
        try:
            if _cursor(db) is None:
                load_snapshot(db, base_url)
            applied = follow(db, base_url)
        except CursorExpired:
            print("the stream no longer keeps our cursor: loading the snapshot again")
            with db:
                db.execute("DELETE FROM mirror_state WHERE key = 'cursor'")
            continue
        count = db.execute("SELECT count(*) FROM vacancies").fetchone()[0]
        print(f"applied {applied} changes; {count} vacancies in the mirror")
        if args.once:
            return 0
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
