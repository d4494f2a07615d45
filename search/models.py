"""The search app's rows: job alerts, the percolation outbox, tombstones and the database index.

Indexed rows carry the version pair of ``sicaker.indexing.SearchIndexed`` (the domain's models
too: it lives in the core, below them).
"""

from django.conf import settings
from django.db import models
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


class VacancyEntry(models.Model):
    """The database backend's index of one open vacancy: the columns searches filter, sort and
    count on, kept narrow so that scanning them is cheap. Its analysed text is in
    ``VacancyText``.

    Written by the backend's ``index`` operation (never per query), from the same document the
    Elasticsearch backend sends. Only public vacancies have an entry.
    """

    vacancy = models.OneToOneField(
        "jobs.Vacancy", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.BigIntegerField()
    title = models.CharField(max_length=200)
    skill_slugs = models.JSONField(default=list)
    work_type = models.CharField(max_length=20)
    city = models.CharField(max_length=100, blank=True)
    district = models.CharField(max_length=100, blank=True)
    pay_max = models.PositiveIntegerField(null=True)
    positions_open = models.PositiveIntegerField(default=0)
    valid_through = models.DateField()
    published_at = models.DateTimeField(null=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)

    class Meta:
        db_table = "search_vacancy_entry"
        indexes = [
            models.Index(fields=["valid_through"], name="search_entry_valid"),
            models.Index(fields=["-published_at"], name="search_entry_newest"),
            models.Index(fields=["latitude", "longitude"], name="search_entry_point"),
            models.Index(fields=["city", "district"], name="search_entry_place"),
            models.Index(fields=["work_type"], name="search_entry_work_type"),
        ]

    def __str__(self) -> str:
        return f"search entry {self.pk}"


class VacancyText(models.Model):
    """The analysed text of an entry, under the database's full-text index.

    Space-separated tokens: Sastrawi stems, ``skill_<slug>`` for every skill attached or named,
    and ``attached_<slug>`` for the attached ones (the skill filter). The full-text structure on
    top depends on the database (see migration 0002): a GIN index on the tokens as a ``tsvector``
    on PostgreSQL, an FTS5 table kept in step by triggers on SQLite.
    """

    entry = models.OneToOneField(
        VacancyEntry,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="analysed",
        db_column="vacancy_id",
    )
    text = models.TextField()

    class Meta:
        db_table = "search_vacancy_text"

    def __str__(self) -> str:
        return f"search text {self.pk}"
