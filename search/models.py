"""The search app's rows: job alerts, the percolation outbox, tombstones and the database index.

Indexed rows carry the version pair of ``sicaker.indexing.SearchIndexed`` (the domain's models
too: it lives in the core, below them).
"""

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext_lazy as _

from sicaker.indexing import SearchIndexed


class JobAlert(SearchIndexed):
    """A seeker's saved search: she is told when a newly published vacancy matches it.

    Stored as a reverse query (see ``search.alerts``): the criteria are indexed as a document
    and each new vacancy is matched against all alerts at once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_alerts"
    )
    name = models.CharField(_("name"), max_length=100)
    text = models.CharField(_("search words"), max_length=200, blank=True)
    skill_slugs = models.JSONField(_("skills"), default=list, blank=True)
    work_types = models.JSONField(_("work types"), default=list, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    radius_km = models.FloatField(null=True, blank=True)
    pay_min = models.PositiveIntegerField(null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job alert")
        verbose_name_plural = _("job alerts")

    def __str__(self) -> str:
        return self.name


class VacancyPercolation(models.Model):
    """Outbox row: a published vacancy whose alerts still have to be matched.

    Written in the publish transaction; the percolation task marks it done. The periodic sweep
    re-enqueues rows left pending (broker down at publish time, worker killed)."""

    vacancy = models.OneToOneField("jobs.Vacancy", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    matched_users = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"vacancy {self.vacancy_id}: {'done' if self.done_at else 'pending'}"


class SearchTombstone(models.Model):
    """A deleted indexed row whose removal the index has not confirmed yet.

    Written in the same transaction as the delete (``search.indexing.mark_deleted``), so the
    deletion survives a broker or search-engine outage of any length: the sweep removes the
    document and then this row (a 404 from the engine counts as done). ``version`` is one above
    the row's last ``search_version``: sent as the external version of the delete, it beats any
    index write of the row that was already under way."""

    model_label = models.CharField(max_length=60)
    object_pk = models.BigIntegerField()
    version = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "object_pk"], name="one_search_tombstone_per_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_label} {self.object_pk} deleted"


class TokensField(models.TextField):
    """Index tokens, written as one space-separated string (``[a-z0-9_]`` only).

    On PostgreSQL the column is a ``tsvector`` of those tokens taken verbatim (no parser, no
    dictionary: ``array_to_tsvector``), under a GIN index; elsewhere it is the text itself, which
    SQLite's FTS5 table indexes. Read back, it is the tokens again (on PostgreSQL in the
    ``tsvector``'s sorted order)."""

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "postgresql":
            return "tsvector"
        return super().db_type(connection)

    def get_placeholder(self, value: Any, compiler: Any, connection: BaseDatabaseWrapper) -> str:
        if connection.vendor == "postgresql":
            return "array_to_tsvector(string_to_array(%s, ' '))"
        return "%s"

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or connection.vendor != "postgresql":
            return value
        return " ".join(lexeme.strip("'") for lexeme in value.split())


class SlugListField(models.Field):
    """A list of slugs: ``text[]`` on PostgreSQL (``unnest`` counts them several times faster
    than a ``jsonb`` array), a JSON array in a text column elsewhere (SQLite's ``json_each``)."""

    description = "list of slugs"

    def db_type(self, connection: BaseDatabaseWrapper) -> str:
        return "text[]" if connection.vendor == "postgresql" else "text"

    def get_placeholder(self, value: Any, compiler: Any, connection: BaseDatabaseWrapper) -> str:
        # Typed, so that an empty list is an empty text[] too.
        return "%s::text[]" if connection.vendor == "postgresql" else "%s"

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if value is None:
            return None
        slugs = [str(slug) for slug in value]
        return slugs if connection.vendor == "postgresql" else json.dumps(slugs)

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value)
        return value


class VacancyEntry(models.Model):
    """The database backend's index of one open vacancy: its analysed text (``tokens``) and the
    columns searches filter, sort and count on, in one row, so that one index-driven statement
    answers the words, the filters and the facets without a join.

    Written by the backend's ``index`` operation (never per query), from the same document the
    Elasticsearch backend sends. Only public vacancies have an entry. ``tokens`` holds Sastrawi
    stems, ``w_<word>`` for every word unlike its stem (the exact form ranks higher),
    ``skill_<slug>`` for every skill attached or named, and ``attached_<slug>`` for the
    attached ones (the skill filter); the full-text structure on top depends on the database
    (migrations 0004 and 0005): a GIN index on the ``tsvector`` on PostgreSQL, an FTS5 table kept
    in step by triggers on SQLite. PostgreSQL also keeps a trigram index on ``title`` (pg_trgm)
    for the title suggestions.
    """

    vacancy = models.OneToOneField(
        "jobs.Vacancy", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.BigIntegerField()
    title = models.CharField(max_length=200)
    skill_slugs = SlugListField(default=list)
    work_type = models.CharField(max_length=20)
    city = models.CharField(max_length=100, blank=True)
    district = models.CharField(max_length=100, blank=True)
    pay_max = models.PositiveIntegerField(null=True)
    pay_unit = models.CharField(max_length=10, blank=True, default="")
    positions_open = models.PositiveIntegerField(default=0)
    valid_through = models.DateField()
    published_at = models.DateTimeField(null=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    tokens = TokensField(default="")

    class Meta:
        db_table = "search_vacancy_entry"
        indexes = [
            models.Index(fields=["valid_through"], name="search_entry_valid"),
            models.Index(fields=["-published_at"], name="search_entry_newest"),
            models.Index(fields=["latitude", "longitude"], name="search_entry_point"),
            models.Index(fields=["city", "district"], name="search_entry_place"),
            models.Index(fields=["work_type"], name="search_entry_work_type"),
            # A query naming a district or a pay unit counts those vacancies as matches.
            models.Index(fields=["district"], name="search_entry_district"),
            models.Index(fields=["pay_unit"], name="search_entry_pay_unit"),
        ]

    def __str__(self) -> str:
        return f"search entry {self.pk}"


class VacancyWord(models.Model):
    """A word (folded, unstemmed) some indexed vacancy holds: the database backend's vocabulary,
    against which a word typed wrong is corrected (pg_trgm's trigram index on PostgreSQL, a
    bounded scan and an edit distance on SQLite).

    Written with the entries (``DatabaseBackend.index``) and never pruned: a word of vacancies
    since closed only offers a correction that finds nothing, which is then not offered."""

    word = models.CharField(max_length=100, primary_key=True)

    class Meta:
        db_table = "search_vacancy_word"

    def __str__(self) -> str:
        return self.word


class VacancyFingerprint(models.Model):
    """The database backend's near-duplicate fingerprint of one open vacancy
    (``search.duplicates``): its shingle hashes, compared exactly, and (in
    ``VacancySignatureValue``) the MinHash values through which candidates are found.

    Written beside the vacancy's ``VacancyEntry`` by the backend's ``index`` operation, removed
    with it when the vacancy stops being public."""

    vacancy = models.OneToOneField(
        "jobs.Vacancy", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    valid_through = models.DateField()
    shingles = models.JSONField(default=list)

    class Meta:
        db_table = "search_vacancy_fingerprint"

    def __str__(self) -> str:
        return f"fingerprint {self.pk}"


class VacancySignatureValue(models.Model):
    """One band of an open vacancy's MinHash signature (``search.duplicates.band_values``),
    under an index: the vacancies sharing bands with a new one are its candidates (one indexed
    lookup of BANDS values)."""

    fingerprint = models.ForeignKey(
        VacancyFingerprint, on_delete=models.CASCADE, related_name="values"
    )
    value = models.BigIntegerField()

    class Meta:
        db_table = "search_vacancy_signature"
        indexes = [models.Index(fields=["value"], name="search_signature_value")]

    def __str__(self) -> str:
        return f"{self.fingerprint_id}: {self.value}"


class VacancyAnalysis(models.Model):
    """The costly parts of one vacancy's search document, kept so that a rebuild reads them
    instead of computing them again: the analysed ``text`` and ``surface`` words
    (``search.analysis``, Sastrawi) and the near-duplicate ``signature`` and ``shingles``
    (``search.duplicates``).

    Written whenever a vacancy's document is built for the index after a write (the per-row
    path, ``search.documents.pending_vacancies``) or by a rebuild that had to compute it.
    ``digest`` covers every input of those parts (``search.documents.vacancy_analysis_digest``:
    the texts, the skills, the taxonomy's vocabulary, the language data, ``ANALYSIS_VERSION``),
    so a row whose digest differs from the vacancy's current one is never used, only
    overwritten. A closed vacancy's row stays (reused if it reopens unchanged) and goes with
    the vacancy. No database constraint on the vacancy: writing this cache must never fail an
    indexing run, nor a delete, when a vacancy is deleted meanwhile (an orphan row is only dead
    weight: its primary key is never given to another vacancy)."""

    vacancy = models.OneToOneField(
        "jobs.Vacancy",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    digest = models.CharField(max_length=32)
    text = models.TextField()
    surface = models.TextField()
    # 64-bit integers packed big-endian (``search.documents.pack_integers``): a fifth of the
    # size of a JSON list of them, and read back without parsing (``jsonb`` made PostgreSQL
    # convert some 150 numbers a row to and from text).
    signature = models.BinaryField()
    shingles = models.BinaryField()

    class Meta:
        db_table = "search_vacancy_analysis"

    def __str__(self) -> str:
        return f"analysis {self.pk}"
