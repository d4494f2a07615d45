"""The database backend's full-text index, in each database's own terms.

Text is analysed in Python (``search.analysis``) and stored as tokens in the entry's own row
(``search_vacancy_entry.tokens``), beside the columns searches filter and count on; the database
only has to find rows holding a token:

- PostgreSQL: a ``tsvector`` column of the tokens taken verbatim (no parser or dictionary)
  under a GIN index, queried with ``@@`` and a ``tsquery`` of quoted lexemes; skills are a
  ``text[]`` that ``unnest`` counts;
- SQLite: an FTS5 table over the same column, kept in step by triggers, queried with ``MATCH``;
  skills are a JSON array that ``json_each`` counts.

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
from django.db.models import BooleanField, FloatField, IntegerField, QuerySet
from django.db.models.expressions import RawSQL

_SAFE_TOKEN = re.compile(r"^[a-z0-9_]+$")
TABLE = "search_vacancy_entry"


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

    # Aggregate of JSON arrays and JSON array constructor of the dialect.
    JSON_AGG = JSON_ARRAY = ""

    def skill_counts_sql(self, source: str, column: str) -> str:
        """(slug, count) of the skills in the JSON or array ``column`` of the rows ``source``
        (``FROM`` text with an alias), most frequent first, ties by slug, ``LIMIT %s``."""
        raise NotImplementedError

    def one_pass(
        self,
        rows: QuerySet,
        *,
        order: Sequence[tuple[str, str]],
        offset: int,
        limit: int,
        skill_facet_size: int,
    ) -> Matches:
        """The page, the grouped counts and the skill counts of the rows, in one statement.

        ``rows`` is a ``values()`` query whose columns are named ``m_*`` (``m_score`` optional);
        the matches are computed once (a materialised CTE) and each part reads them. ``order``
        holds column names and directions written by the backend, never user input. The page
        is cut first and numbered after, so the matches are never sorted in full (a top-N
        sort), only the page's rows are."""
        inner, params = rows.query.sql_with_params()
        score = "m.m_score" if "m_score" in rows.query.annotations else "0"
        order_sql = ", ".join(f"{column} {direction}" for column, direction in order)
        order_columns = ", ".join(dict.fromkeys(f"m.{column}" for column, _ in order))
        agg, arr = self.JSON_AGG, self.JSON_ARRAY
        sql = (
            f"WITH m AS MATERIALIZED ({inner}) SELECT "
            f"(SELECT {agg}({arr}(p.rank, p.m_pk, p.score, p.m_lat, p.m_lon)) FROM "
            f"(SELECT ROW_NUMBER() OVER (ORDER BY {order_sql}) AS rank, m_pk, score, m_lat, m_lon "
            f"FROM (SELECT {order_columns}, {score} AS score, m.m_lat, m.m_lon FROM m "
            f"ORDER BY {order_sql} LIMIT %s OFFSET %s) AS top) AS p), "
            f"(SELECT {agg}({arr}(g.work_type, g.district, g.n, g.positions)) FROM "
            "(SELECT m.m_work_type AS work_type, m.m_district AS district, COUNT(*) AS n, "
            "SUM(m.m_positions) AS positions FROM m GROUP BY 1, 2) AS g), "
            f"(SELECT {agg}({arr}(s.slug, s.n)) FROM "
            f"({self.skill_counts_sql('m AS m', 'm_skills')}) AS s)"
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
        alternatives: Sequence[tuple[str, list, int]] = (),
        boosts: Sequence[tuple[str, list, int]] = (),
    ) -> tuple[QuerySet, RawSQL | None]:
        """The entries holding one of ``any_tokens`` or meeting one of ``alternatives`` (when
        either is given) and holding one of ``attached_tokens`` (when given); the score
        expression (token weights, plus the weights of the alternatives and boosts met).

        Without alternatives the tokens make one full-text condition; with them (a query naming
        a work type or a place) the tokens' condition is OR-ed with the column conditions."""
        if alternatives:
            any_condition = self._any_of(_tokens(any_tokens), alternatives)
            if attached_tokens:
                attached = _tokens(attached_tokens)
                if not attached:
                    return entries.filter(RawSQL("1 = 0", [], output_field=BooleanField())), None
                entries = entries.filter(self.one_of_each([attached]))
            entries = entries.filter(any_condition)
        else:
            groups = [_tokens(tokens) for tokens in (any_tokens, attached_tokens) if tokens]
            if not all(groups):  # only tokens no index can hold (never the analysis' own)
                return entries.filter(RawSQL("1 = 0", [], output_field=BooleanField())), None
            if groups:
                entries = entries.filter(self.one_of_each(groups))
        extra = [*alternatives, *boosts]
        return entries, (self.score(weighted, extra) if weighted or extra else None)

    def _any_of(self, tokens: list[str], alternatives: Sequence[tuple[str, list, int]]) -> RawSQL:
        parts, params = [], []
        if tokens:
            condition = self.one_of_each([tokens])
            parts.append(condition.sql)
            params.extend(condition.params)
        for sql, sql_params, _weight in alternatives:
            parts.append(sql)
            params.extend(sql_params)
        return RawSQL("(" + " OR ".join(parts) + ")", params, output_field=BooleanField())

    def one_of_each(self, groups: Sequence[Sequence[str]]) -> RawSQL:
        """Rows holding at least one token of every group (none of them empty)."""
        raise NotImplementedError

    def holds(self, token: str) -> tuple[str, list]:
        raise NotImplementedError

    def score(
        self, weighted: Sequence[tuple[str, int]], extra: Sequence[tuple[str, list, int]] = ()
    ) -> RawSQL:
        """Sum of the weights of the tokens a row holds and of the ``extra`` conditions (SQL
        over its columns) it meets (``search.scoring``)."""
        parts, params = [], []
        for sql, sql_params, weight in extra:
            parts.append(f"(CASE WHEN {sql} THEN {int(weight)} ELSE 0 END)")
            params.extend(sql_params)
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

    def skill_counts(self, entries: QuerySet, *, size: int) -> dict[str, int]:
        """How many of the entries name each skill, the most named first (ties by slug)."""
        sql, params = entries.order_by().values("skill_slugs").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                self.skill_counts_sql(f"({sql}) AS matched", "skill_slugs"), [*params, size]
            )
            return {value: count for value, count in cursor.fetchall()}

    def similar_titles(self, entries: QuerySet, typed: str, *, size: int) -> list[str]:
        """Titles of the entries most like ``typed`` despite a typo; none without an index."""
        return []

    def word_candidates(self, word: str, edits: int) -> list[str]:
        """Words of the vocabulary (``search_vacancy_word``) that may lie within ``edits`` of
        ``word``, its first letter kept: a bounded set, checked exactly in Python after. SQLite:
        the words of that first letter and a length within ``edits``, by the primary key."""
        if not edits:
            return []
        first = word[:1]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_vacancy_word WHERE word >= %s AND word < %s "
                "AND length(word) BETWEEN %s AND %s",
                [first, chr(ord(first) + 1), len(word) - edits, len(word) + edits],
            )
            return [row[0] for row in cursor.fetchall()]

    def after_rebuild(self) -> None:
        """Housekeeping once a rebuild rewrote the whole table: fresh planner statistics."""
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")

    @contextmanager
    def searching(self) -> Iterator[None]:
        """Around the queries of one search."""
        yield


class PostgresFullText(FullText):
    JSON_AGG, JSON_ARRAY = "json_agg", "json_build_array"
    # Per search, for this transaction only (see ``searching``).
    SETTINGS = {"enable_seqscan": "off", "jit": "off", "work_mem": "32MB"}

    def skill_counts_sql(self, source: str, column: str) -> str:
        # unnest in the select list (a ProjectSet), not a lateral function scan per row: three
        # times faster over 300,000 skills. Ties by byte order, as Elasticsearch orders keys.
        return (
            f"SELECT s.slug AS slug, COUNT(*) AS n FROM (SELECT unnest({column}) AS slug "
            f'FROM {source}) AS s GROUP BY s.slug ORDER BY COUNT(*) DESC, s.slug COLLATE "C" '
            "LIMIT %s"
        )

    @staticmethod
    def _tsquery(tokens: Sequence[str]) -> str:
        return " | ".join(f"'{token}'" for token in tokens)

    def one_of_each(self, groups: Sequence[Sequence[str]]) -> RawSQL:
        query = " & ".join(f"({self._tsquery(group)})" for group in groups)
        return RawSQL(f'"{TABLE}"."tokens" @@ %s::tsquery', [query], output_field=BooleanField())

    def holds(self, token: str) -> tuple[str, list]:
        # A test of the row's own tsvector (already read for the match): no index probe.
        return f'"{TABLE}"."tokens" @@ %s::tsquery', [f"'{token}'"]

    def similar_titles(self, entries: QuerySet, typed: str, *, size: int) -> list[str]:
        """pg_trgm's word similarity (at least ``pg_trgm.word_similarity_threshold``, 0.6):
        the titles holding a stretch most like what was typed, newest first among equals. Both
        sides in upper case, the expression of the trigram index (migration 0005)."""
        title = f'UPPER("{TABLE}"."title"::text)'
        similar = entries.filter(
            RawSQL(f"UPPER(%s) <%% {title}", [typed], output_field=BooleanField())
        ).annotate(similarity=RawSQL(f"word_similarity(UPPER(%s), {title})", [typed], FloatField()))
        rows = similar.order_by("-similarity", "-published_at", "pk").values_list(
            "title", flat=True
        )
        return list(dict.fromkeys(rows[: size * 3]))[:size]

    def word_candidates(self, word: str, edits: int) -> list[str]:
        """pg_trgm: the vocabulary's words most like ``word`` by trigram similarity (its GIN
        index, at least ``pg_trgm.similarity_threshold``, 0.3), first letter kept."""
        if not edits:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_vacancy_word WHERE word %% %s AND left(word, 1) = %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT 50",
                [word, word[:1], word],
            )
            return [row[0] for row in cursor.fetchall()]

    @contextmanager
    def searching(self) -> Iterator[None]:
        """Let the planner use the indexes even for common words, skip JIT compilation, and
        give the matches' sort and counts memory enough not to spill to disk.

        Its cost model takes ``@@`` on a row for nearly free, so for a word in a third of the
        rows it scans every row (20 ms at 10k rows, 10x the GIN bitmap); at 100k rows the
        estimated cost crosses ``jit_above_cost``, whose compilation costs more than the query;
        and 4 MB of ``work_mem`` spills 100,000 matches to temporary files. All are set for
        this transaction only (restored after, when the search runs inside a longer one)."""
        nested = connection.in_atomic_block
        names = list(self.SETTINGS)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT "
                + ", ".join("current_setting(%s), set_config(%s, %s, true)" for _name in names),
                [value for name in names for value in (name, name, self.SETTINGS[name])],
            )
            previous = cursor.fetchone()[0::2]
            try:
                yield
            finally:
                if nested:
                    cursor.execute(
                        "SELECT " + ", ".join("set_config(%s, %s, true)" for _name in names),
                        [value for pair in zip(names, previous, strict=True) for value in pair],
                    )


class SqliteFullText(FullText):
    JSON_AGG, JSON_ARRAY = "json_group_array", "json_array"
    FTS = "search_vacancy_fts"

    def skill_counts_sql(self, source: str, column: str) -> str:
        alias = source.rsplit(" AS ", 1)[-1]
        return (
            f"SELECT skill.value AS slug, COUNT(*) AS n FROM {source}, "
            f"json_each({alias}.{column}) AS skill GROUP BY skill.value "
            "ORDER BY COUNT(*) DESC, skill.value LIMIT %s"
        )

    @staticmethod
    def _match(tokens: Sequence[str]) -> str:
        return " OR ".join(f'"{token}"' for token in tokens)

    def _rows_matching(self) -> str:
        return f'"{TABLE}"."vacancy_id" IN (SELECT rowid FROM {self.FTS} WHERE {self.FTS} MATCH %s)'

    def one_of_each(self, groups: Sequence[Sequence[str]]) -> RawSQL:
        query = " AND ".join(f"({self._match(group)})" for group in groups)
        return RawSQL(self._rows_matching(), [query], output_field=BooleanField())

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
