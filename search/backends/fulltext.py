"""The database backend's full-text index, in each database's own terms.

Text is analysed in Python (``search.analysis``) and stored as space-separated tokens in
``search_vacancy_entry.text``; the database only has to find rows holding a token:

- PostgreSQL: a generated ``tsvector`` column (``array_to_tsvector``: tokens taken verbatim, no
  parser or dictionary) with a GIN index, queried with ``@@`` and a ``tsquery`` of quoted lexemes;
- SQLite: an FTS5 table over the same column, kept in step by triggers, queried with ``MATCH``.

Tokens only ever hold ``[a-z0-9_]`` (see ``search.analysis.tokenize``), and they still travel as
query parameters, so nothing typed reaches the SQL text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

_SAFE_TOKEN = re.compile(r"^[a-z0-9_]+$")
TABLE = "search_vacancy_entry"


def _tokens(tokens: Sequence[str]) -> list[str]:
    return [token for token in dict.fromkeys(tokens) if _SAFE_TOKEN.match(token)]


class FullText:
    """What the backend asks of the index: rows holding any of some tokens, a score, counts."""

    def any_of(self, tokens: Sequence[str]) -> RawSQL:
        raise NotImplementedError

    def holds(self, token: str) -> tuple[str, list]:
        raise NotImplementedError

    def score(self, weighted: Sequence[tuple[str, float]]) -> RawSQL:
        """Sum of the weights of the tokens a row holds (1 per query word, 2 per skill named)."""
        parts, params = [], []
        for token, weight in weighted:
            if not _SAFE_TOKEN.match(token):
                continue
            condition, condition_params = self.holds(token)
            parts.append(f"(CASE WHEN {condition} THEN %s ELSE 0 END)")
            params.extend([*condition_params, weight])
        if not parts:
            return RawSQL("0.0", [], output_field=FloatField())
        return RawSQL("(" + " + ".join(parts) + ")", params, output_field=FloatField())

    def skill_counts(self, entries: QuerySet, *, size: int) -> dict[str, int]:
        raise NotImplementedError

    def _counts(self, sql: str, params: Sequence) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {value: count for value, count in cursor.fetchall()}

    def after_rebuild(self) -> None:
        """Housekeeping once a rebuild rewrote the whole table."""


class PostgresFullText(FullText):
    @staticmethod
    def _tsquery(tokens: Sequence[str]) -> str:
        return " | ".join(f"'{token}'" for token in tokens)

    def any_of(self, tokens: Sequence[str]) -> RawSQL:
        tokens = _tokens(tokens)
        if not tokens:
            return RawSQL("FALSE", [], output_field=BooleanField())
        return RawSQL(
            f'"{TABLE}"."document" @@ %s::tsquery',
            [self._tsquery(tokens)],
            output_field=BooleanField(),
        )

    def holds(self, token: str) -> tuple[str, list]:
        return f'"{TABLE}"."document" @@ %s::tsquery', [self._tsquery([token])]

    def skill_counts(self, entries: QuerySet, *, size: int) -> dict[str, int]:
        sql, params = entries.order_by().values("skill_slugs").query.sql_with_params()
        return self._counts(
            f"SELECT skill.slug, COUNT(*) FROM ({sql}) AS matched "
            "CROSS JOIN LATERAL jsonb_array_elements_text(matched.skill_slugs) AS skill(slug) "
            "GROUP BY skill.slug ORDER BY COUNT(*) DESC, skill.slug LIMIT %s",
            [*params, size],
        )

    def after_rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")


class SqliteFullText(FullText):
    FTS = "search_vacancy_fts"

    @staticmethod
    def _match(tokens: Sequence[str]) -> str:
        return " OR ".join(f'"{token}"' for token in tokens)

    def _rows_matching(self) -> str:
        return f'"{TABLE}"."vacancy_id" IN (SELECT rowid FROM {self.FTS} WHERE {self.FTS} MATCH %s)'

    def any_of(self, tokens: Sequence[str]) -> RawSQL:
        tokens = _tokens(tokens)
        if not tokens:
            return RawSQL("0", [], output_field=BooleanField())
        return RawSQL(self._rows_matching(), [self._match(tokens)], output_field=BooleanField())

    def holds(self, token: str) -> tuple[str, list]:
        return self._rows_matching(), [self._match([token])]

    def skill_counts(self, entries: QuerySet, *, size: int) -> dict[str, int]:
        sql, params = entries.order_by().values("skill_slugs").query.sql_with_params()
        return self._counts(
            f"SELECT skill.value, COUNT(*) FROM ({sql}) AS matched, "
            "json_each(matched.skill_slugs) AS skill "
            "GROUP BY skill.value ORDER BY COUNT(*) DESC, skill.value LIMIT %s",
            [*params, size],
        )

    def after_rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {self.FTS}({self.FTS}) VALUES ('optimize')")
            cursor.execute(f"ANALYZE {TABLE}")


def full_text() -> FullText:
    if connection.vendor == "postgresql":
        return PostgresFullText()
    if connection.vendor == "sqlite":
        return SqliteFullText()
    raise NotImplementedError(
        f"the database search backend supports PostgreSQL and SQLite, not {connection.vendor}"
    )
