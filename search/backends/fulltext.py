"""The database backend's full-text index, in each database's own terms.

Text is analysed in Python (``search.analysis``) and stored as space-separated tokens in
``search_vacancy_text.text``; the database only has to find rows holding a token:

- PostgreSQL: a GIN index on the expression ``array_to_tsvector(string_to_array(text, ' '))``
  (tokens taken verbatim, no parser or dictionary; no second copy in the heap), queried with
  ``@@`` and a ``tsquery`` of quoted lexemes;
- SQLite: an FTS5 table over the same column, kept in step by triggers, queried with ``MATCH``.

Tokens only ever hold ``[a-z0-9_]`` (see ``search.analysis.tokenize``), and they still travel as
query parameters, so nothing typed reaches the SQL text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, IntegerField, QuerySet
from django.db.models.expressions import RawSQL

_SAFE_TOKEN = re.compile(r"^[a-z0-9_]+$")
TABLE = "search_vacancy_entry"
TEXT_TABLE = "search_vacancy_text"
# The indexed expression of migration 0002 on PostgreSQL (the GIN index is on exactly this).
TOKENS = "array_to_tsvector(string_to_array(text, ' '))"


def _tokens(tokens: Sequence[str]) -> list[str]:
    return [token for token in dict.fromkeys(tokens) if _SAFE_TOKEN.match(token)]


@dataclass
class Matches:
    """One search's answer: the page rows (pk, score, lat, lon) in order, the (work type,
    district, count, open positions) groups of all matches, and (skill, count) pairs."""

    page: list[tuple]
    groups: list[tuple]
    skills: list[tuple]


class FullText:
    """What the backend asks of the index: rows holding any of some tokens, a score, counts."""

    # Aggregate of JSON arrays, JSON array constructor, rows (``{source} AS {alias}``) joined to
    # the elements of their JSON skill list ``{column}``, and the element's slug.
    JSON_AGG = JSON_ARRAY = SKILLS_OF = SKILL = ""

    def one_pass(
        self,
        rows: QuerySet,
        *,
        order: Sequence[tuple[str, str]],
        offset: int,
        limit: int,
        skill_facet_size: int,
        prelude: tuple[str, list] | None = None,
    ) -> Matches:
        """The page, the grouped counts and the skill counts of the rows, in one statement.

        ``rows`` is a ``values()`` query whose columns are named ``m_*`` (``m_score`` optional);
        the matches are computed once (a materialised CTE) and each part reads them. ``order``
        holds column names and directions written by the backend, never user input. A
        ``prelude`` from ``restrict`` becomes the CTE ``t`` that ``rows`` joins."""
        inner, params = rows.query.sql_with_params()
        with_t = ""
        if prelude:
            with_t = f"t AS MATERIALIZED ({prelude[0]}), "
            params = (*prelude[1], *params)
        score = "m.m_score" if "m_score" in rows.query.annotations else "0"
        order_sql = ", ".join(f"{column} {direction}" for column, direction in order)
        agg, arr = self.JSON_AGG, self.JSON_ARRAY
        skills_of_matches = self._skills_of("m", "m", "m_skills")
        sql = (
            f"WITH {with_t}m AS MATERIALIZED ({inner}) SELECT "
            f"(SELECT {agg}({arr}(p.rank, p.m_pk, p.score, p.m_lat, p.m_lon)) FROM "
            f"(SELECT ROW_NUMBER() OVER (ORDER BY {order_sql}) AS rank, m.m_pk, {score} AS score,"
            f" m.m_lat, m.m_lon FROM m ORDER BY {order_sql} LIMIT %s OFFSET %s) AS p), "
            f"(SELECT {agg}({arr}(g.work_type, g.district, g.n, g.positions)) FROM "
            "(SELECT m.m_work_type AS work_type, m.m_district AS district, COUNT(*) AS n, "
            "SUM(m.m_positions) AS positions FROM m GROUP BY 1, 2) AS g), "
            f"(SELECT {agg}({arr}(s.slug, s.n)) FROM "
            f"(SELECT {self.SKILL} AS slug, COUNT(*) AS n FROM {skills_of_matches} "
            f"GROUP BY {self.SKILL} ORDER BY COUNT(*) DESC, {self.SKILL} LIMIT %s) AS s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset, skill_facet_size])
            page, groups, skills = (
                json.loads(value) if isinstance(value, str) else (value or [])
                for value in cursor.fetchone()
            )
        page.sort(key=lambda row: row[0])
        return Matches(
            page=[tuple(row[1:]) for row in page],
            groups=[tuple(row) for row in groups],
            skills=[tuple(row) for row in skills],
        )

    def restrict(
        self,
        entries: QuerySet,
        *,
        any_tokens: Sequence[str],
        attached_tokens: Sequence[str],
        weighted: Sequence[tuple[str, int]],
    ) -> tuple[QuerySet, RawSQL | None, tuple[str, list] | None]:
        """The entries holding one of ``any_tokens`` (when given) and one of
        ``attached_tokens`` (when given); the score expression; a prelude for ``one_pass``."""
        if attached_tokens:
            entries = entries.filter(self.any_of(attached_tokens))
        if any_tokens:
            entries = entries.filter(self.any_of(any_tokens))
        return entries, (self.score(weighted) if weighted else None), None

    def any_of(self, tokens: Sequence[str]) -> RawSQL:
        raise NotImplementedError

    def holds(self, token: str) -> tuple[str, list]:
        raise NotImplementedError

    def score(self, weighted: Sequence[tuple[str, int]]) -> RawSQL:
        """Sum of the weights of the tokens a row holds (1 per query word, 2 per skill named)."""
        parts, params = [], []
        for token, weight in weighted:
            if not _SAFE_TOKEN.match(token):
                continue
            condition, condition_params = self.holds(token)
            # Whole numbers written into the SQL (never typed by a user): integer arithmetic.
            parts.append(f"(CASE WHEN {condition} THEN {int(weight)} ELSE 0 END)")
            params.extend(condition_params)
        if not parts:
            return RawSQL("0", [], output_field=IntegerField())
        return RawSQL("(" + " + ".join(parts) + ")", params, output_field=IntegerField())

    def _skills_of(self, source: str, alias: str, column: str) -> str:
        return self.SKILLS_OF.format(source=source, alias=alias, column=column)

    def skill_counts(self, entries: QuerySet, *, size: int) -> dict[str, int]:
        """How many of the entries name each skill, the most named first (ties by slug)."""
        sql, params = entries.order_by().values("skill_slugs").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {self.SKILL}, COUNT(*) FROM "
                f"{self._skills_of(f'({sql})', 'matched', 'skill_slugs')}"
                f" GROUP BY {self.SKILL} ORDER BY COUNT(*) DESC, {self.SKILL} LIMIT %s",
                [*params, size],
            )
            return {value: count for value, count in cursor.fetchall()}

    def after_rebuild(self) -> None:
        """Housekeeping once a rebuild rewrote the whole table: fresh planner statistics."""
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
            cursor.execute(f"ANALYZE {TEXT_TABLE}")

    @contextmanager
    def searching(self) -> Iterator[None]:
        """Around the queries of one search."""
        yield


class PostgresFullText(FullText):
    JSON_AGG, JSON_ARRAY = "json_agg", "json_build_array"
    SKILLS_OF = (
        "{source} AS {alias} "
        "CROSS JOIN LATERAL jsonb_array_elements_text({alias}.{column}) AS skill(slug)"
    )
    SKILL = "skill.slug"

    @staticmethod
    def _tsquery(tokens: Sequence[str]) -> str:
        return " | ".join(f"'{token}'" for token in tokens)

    def restrict(
        self,
        entries: QuerySet,
        *,
        any_tokens: Sequence[str],
        attached_tokens: Sequence[str],
        weighted: Sequence[tuple[str, int]],
    ) -> tuple[QuerySet, RawSQL | None, tuple[str, list] | None]:
        """The matches come first, from the GIN index (materialised as ``t``), each with its
        score tested against its own tsvector; the entries join them. Planned the other way
        round (filters first, then a text lookup per entry) a radius around a city centre cost
        a probe for each of 20,000 entries."""
        if not any_tokens and not attached_tokens:
            return entries, None, None
        clauses = [
            f"({self._tsquery(_tokens(tokens))})"
            for tokens in (any_tokens, attached_tokens)
            if _tokens(tokens)
        ]
        parts, params = [], []
        for token, weight in weighted:
            if _SAFE_TOKEN.match(token):
                # A test of the row's own text (already read): no index probe per term.
                parts.append(
                    f"(CASE WHEN strpos(' ' || text || ' ', %s) > 0 THEN {int(weight)} ELSE 0 END)"
                )
                params.append(f" {token} ")
        score_sql = " + ".join(parts) or "0"
        prelude = (
            f"SELECT vacancy_id, {score_sql} AS score FROM {TEXT_TABLE} "
            f"WHERE {TOKENS} @@ %s::tsquery",
            [*params, " & ".join(clauses) if clauses else "''"],
        )
        entries = entries.extra(tables=["t"], where=[f'"t"."vacancy_id" = "{TABLE}"."vacancy_id"'])
        score = RawSQL('"t"."score"', [], output_field=IntegerField()) if weighted else None
        return entries, score, prelude

    @contextmanager
    def searching(self) -> Iterator[None]:
        """Let the planner use the indexes even for common words, and skip JIT compilation.

        Its cost model takes ``@@`` on a row for nearly free, so for a word in a third of the
        rows it scans every row (20 ms at 10k rows, 10x the GIN bitmap); and at 100k rows the
        estimated cost crosses ``jit_above_cost``, whose compilation costs more than the query.
        Both are set for this transaction only, and restored after."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('jit'), "
                "set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
            )
            seqscan, jit, *_ = cursor.fetchone()
            try:
                yield
            finally:
                cursor.execute(
                    "SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)",
                    [seqscan, jit],
                )


class SqliteFullText(FullText):
    JSON_AGG, JSON_ARRAY = "json_group_array", "json_array"
    SKILLS_OF = "{source} AS {alias}, json_each({alias}.{column}) AS skill"
    SKILL = "skill.value"
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

    def after_rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {self.FTS}({self.FTS}) VALUES ('optimize')")
        super().after_rebuild()


def full_text() -> FullText:
    if connection.vendor == "postgresql":
        return PostgresFullText()
    if connection.vendor == "sqlite":
        return SqliteFullText()
    raise NotImplementedError(
        f"the database search backend supports PostgreSQL and SQLite, not {connection.vendor}"
    )
