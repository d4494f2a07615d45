"""What a vacancy looks like to search: one builder used by both backends."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import struct
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connections, router
from django.db.models import QuerySet
from django.utils import timezone

from jobs.models import Vacancy, VacancyQuerySet
from jobs.skills import spelling_variants
from search import analysis as analysis_module
from search import duplicates as duplicates_module
from search.analysis import analyze_document_forms, skill_vocabulary
from search.duplicates import SHINGLE_WORDS, SIGNATURE_SIZE, TITLE_WEIGHT, fingerprint
from search.matching import DEFAULT_MAX_DISTANCE_KM, DISTANCE_BANDS, band_points

# Defined beside the score it serves; long imported from here (jobs.web, alerts, backends).
from search.matching import haversine_km as haversine_km  # noqa: PLC0414
from search.models import VacancyAnalysis
from seekers.models import SeekerProfile, SeekerProfileQuerySet, SkillSource
from sicaker import text as text_module
from sicaker.text import MIN_STEM_LENGTH, stem_exceptions

CONFIRM_BATCH = 5_000
CONFIRM_BATCH_ARRAY = 20_000


@dataclass(frozen=True)
class PendingDocument:
    """A row to write to the index (``body``) or to remove from it (``body`` is None)."""

    pk: int
    version: int
    body: dict | None


def is_vacancy_public(vacancy: Vacancy, today: date | None = None) -> bool:
    return vacancy.is_open(today)


def minute_of_day(value: time) -> int:
    return value.hour * 60 + value.minute


def _unit(count: int) -> float | None:
    """1 / count: a match query multiplies it by the weight of each item held, so that the
    engine adds up the same share of a list that ``search.matching`` computes."""
    return 1 / count if count else None


def _match_fields_of_vacancy(vacancy: Vacancy, links: list[Any]) -> dict[str, Any]:
    """What ranking a seeker's matches in the engine reads (``search.match_queries``)."""
    required = [link.skill.slug for link in links if link.is_required]
    preferred = [link.skill.slug for link in links if not link.is_required]
    days = list(vacancy.work_days or [])
    fields: dict[str, Any] = {
        "preferred_skill_slugs": preferred,
        "required_unit": _unit(len(required)),
        "preferred_unit": _unit(len(preferred)),
        "work_days": days,
        "work_days_unit": _unit(len(days)),
    }
    if vacancy.hours_start is not None and vacancy.hours_end is not None:
        start, end = minute_of_day(vacancy.hours_start), minute_of_day(vacancy.hours_end)
        fields.update(hours_start=start, hours_end=end)
        if end > start:
            fields["hours_unit"] = 1 / (end - start)
    return fields


def _match_fields_of_seeker(seeker: SeekerProfile, links: list[Any]) -> dict[str, Any]:
    """What ranking a vacancy's candidates in the engine reads (``search.match_queries``): how
    she holds each skill, her availability, and the distance points of each band for her limit
    (a function of her limit only, so they are stored rather than computed per query)."""
    fields: dict[str, Any] = {
        "experience_skill_slugs": [
            link.skill.slug for link in links if link.source == SkillSource.EXPERIENCE
        ],
        "available_days": list(seeker.available_days or []),
    }
    if seeker.available_from is not None and seeker.available_until is not None:
        start, end = minute_of_day(seeker.available_from), minute_of_day(seeker.available_until)
        fields.update(available_from=start, available_until=end)
        if end > start:
            fields["available_minutes"] = end - start
    limit = seeker.max_distance_km or DEFAULT_MAX_DISTANCE_KM
    for band in DISTANCE_BANDS:
        fields[f"distance_points_{band.code}"] = band_points(band, limit)
    return fields


# Bump to have every stored analysis recomputed (``vacancy_analysis_digest``). The source of the
# modules computing the parts (this one, ``search.analysis``, ``search.duplicates``,
# ``sicaker.text``) and the data they read (taxonomy, spelling variants, stem exceptions,
# Sastrawi) are in the digest by themselves; bump for what they are not (code elsewhere whose
# output changes the analysis).
ANALYSIS_VERSION = 1


@dataclass(frozen=True)
class VacancyAnalysisParts:
    """The parts of a vacancy's document that cost most to compute (about 1-2 ms of Python):
    the analysed text and surface words, and the near-duplicate signature and shingles."""

    text: str
    surface: str
    signature: list[int]
    shingles: list[int]

    @classmethod
    def of_body(cls, body: dict[str, Any]) -> VacancyAnalysisParts:
        return cls(
            text=body["text"],
            surface=body["surface"],
            signature=body["duplicate_signature"],
            shingles=body["duplicate_shingles"],
        )


def _analysis_inputs(vacancy: Vacancy, links: list[Any]) -> tuple[list[str], list[str]]:
    """(the texts analysed, in order; the attached skills' slugs)."""
    skill_words = " ".join(
        " ".join([link.skill.name_id, link.skill.name_en, *link.skill.synonyms]) for link in links
    )
    texts = [
        vacancy.title,
        vacancy.description,
        skill_words,
        vacancy.employer.name,
        vacancy.district,
        vacancy.city,
    ]
    return texts, [link.skill.slug for link in links]


_environment: dict[str, Any] = {"vocabulary": None, "digest": ""}


def _source_digest() -> str:
    """The code of the modules that compute the parts, this one included: any edit there may
    change them, so it counts as a new version even where ANALYSIS_VERSION was not bumped (the
    price: the next rebuild after such a deploy computes every analysis again)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in (analysis_module.__file__, duplicates_module.__file__, text_module.__file__):
        digest.update(Path(str(path)).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def analysis_environment() -> str:
    """A digest of everything besides a vacancy's own fields that its analysed parts depend on:
    ANALYSIS_VERSION, the code computing them, the taxonomy's vocabulary as this process
    analyses with it (active skills' names and synonyms, stemmed), the spelling variants, the
    stem exceptions, the Sastrawi release and the fingerprint's parameters. Computed once per
    vocabulary (the process re-reads the taxonomy when it changed)."""
    vocabulary = skill_vocabulary()
    if _environment["vocabulary"] is not vocabulary:
        if "source" not in _environment:
            _environment["source"] = _source_digest()
        payload = json.dumps(
            [
                ANALYSIS_VERSION,
                _environment["source"],
                sorted([list(phrase), slug] for phrase, slug in vocabulary.phrases.items()),
                sorted(spelling_variants().items()),
                sorted(stem_exceptions().items()),
                importlib.metadata.version("Sastrawi"),
                [SHINGLE_WORDS, TITLE_WEIGHT, SIGNATURE_SIZE, MIN_STEM_LENGTH],
            ],
            ensure_ascii=False,
        )
        digest = hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()
        _environment.update(vocabulary=vocabulary, digest=digest)
    return str(_environment["digest"])


def vacancy_analysis_digest(vacancy: Vacancy) -> str:
    """What a stored analysis must have been computed from to be used for this vacancy now."""
    texts, skill_slugs = _analysis_inputs(vacancy, list(vacancy.skill_links.all()))
    payload = json.dumps([analysis_environment(), texts, skill_slugs], ensure_ascii=False)
    return hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()


def vacancy_body(vacancy: Vacancy, analysis: VacancyAnalysisParts | None = None) -> dict[str, Any]:
    """The vacancy's document. ``analysis``: its parts as stored for the vacancy's current
    digest (``vacancy_analysis_digest``; the caller checks it), used instead of computing them
    again; the document is the same either way."""
    links = list(vacancy.skill_links.all())
    skill_slugs = [link.skill.slug for link in links]
    if analysis is None:
        texts, skill_slugs = _analysis_inputs(vacancy, links)
        analysed, surface = analyze_document_forms(" ".join(texts), skill_slugs)
        # Near-duplicate detection (search.duplicates): the MinHash signature Elasticsearch
        # compares, and the shingles the database backend compares exactly.
        vacancy_fingerprint = fingerprint(vacancy.title, vacancy.description)
        signature = list(vacancy_fingerprint.signature)
        shingles = sorted(vacancy_fingerprint.shingles)
    else:
        analysed, surface = analysis.text, analysis.surface
        signature, shingles = list(analysis.signature), list(analysis.shingles)
    body = {
        "pk": vacancy.pk,
        "title": vacancy.title,
        "text": analysed,
        "surface": surface,
        "skill_slugs": skill_slugs,
        "required_skill_slugs": [link.skill.slug for link in links if link.is_required],
        "work_type": vacancy.work_type,
        "city": vacancy.city,
        "district": vacancy.district,
        "employer_id": vacancy.employer_id,
        "pay_min": vacancy.pay_min,
        "pay_max": vacancy.pay_max,
        "pay_unit": vacancy.pay_unit or None,
        "positions_open": vacancy.positions_open,
        "valid_through": vacancy.valid_through.isoformat(),
        "published_at": vacancy.published_at.isoformat() if vacancy.published_at else None,
    }
    body.update(_match_fields_of_vacancy(vacancy, links))
    body["duplicate_signature"] = signature
    body["duplicate_shingles"] = shingles
    if vacancy.latitude is not None and vacancy.longitude is not None:
        body["location"] = {"lat": vacancy.latitude, "lon": vacancy.longitude}
    return body


def pack_integers(values: list[int]) -> bytes:
    """Signed 64-bit integers as bytes (big-endian): how ``VacancyAnalysis`` stores lists."""
    return struct.pack(f">{len(values)}q", *values)


def unpack_integers(data: bytes | memoryview) -> list[int]:
    return list(struct.unpack(f">{len(data) // 8}q", data))


class StoredAnalyses:
    """Documents of a batch of vacancies with their stored analyses (``VacancyAnalysis``):
    one query reads the batch's stored rows, a body uses a row only when its digest is the
    vacancy's current one, and ``save`` writes the ones computed (one upsert)."""

    def __init__(self, pks: list[int]) -> None:
        self.stored = {
            pk: (
                digest,
                VacancyAnalysisParts(
                    text, surface, unpack_integers(signature), unpack_integers(shingles)
                ),
            )
            for pk, digest, text, surface, signature, shingles in VacancyAnalysis.objects.filter(
                pk__in=pks
            ).values_list("pk", "digest", "text", "surface", "signature", "shingles")
        }
        self.computed: dict[int, VacancyAnalysis] = {}

    def body(self, vacancy: Vacancy) -> dict[str, Any]:
        digest = vacancy_analysis_digest(vacancy)
        stored = self.stored.get(vacancy.pk)
        if stored is not None and stored[0] == digest:
            return vacancy_body(vacancy, stored[1])
        body = vacancy_body(vacancy)
        parts = VacancyAnalysisParts.of_body(body)
        self.computed[vacancy.pk] = VacancyAnalysis(
            vacancy_id=vacancy.pk,
            digest=digest,
            text=parts.text,
            surface=parts.surface,
            signature=pack_integers(parts.signature),
            shingles=pack_integers(parts.shingles),
        )
        return body

    def save(self) -> None:
        """Store the analyses computed (overwriting stale ones), in pk order (two writers
        never wait on each other in a cycle)."""
        if not self.computed:
            return
        VacancyAnalysis.objects.bulk_create(
            [self.computed[pk] for pk in sorted(self.computed)],
            update_conflicts=True,
            unique_fields=["vacancy"],
            update_fields=["digest", "text", "surface", "signature", "shingles"],
        )
        self.computed = {}


def seeker_body(seeker: SeekerProfile) -> dict[str, Any]:
    links = list(seeker.skill_links.all())
    body = {
        "pk": seeker.pk,
        "skill_slugs": [link.skill.slug for link in links],
        "verified_skill_slugs": [
            link.skill.slug for link in links if link.source == SkillSource.TRAINING
        ],
        "work_types": list(seeker.wanted_work_types or []),
        "city": seeker.city,
        "district": seeker.district,
        "education_level": seeker.education_level or None,
        "max_distance_km": seeker.max_distance_km,
        "is_open_to_work": seeker.is_open_to_work,
        "updated_at": seeker.updated_at.isoformat() if seeker.updated_at else None,
        **_match_fields_of_seeker(seeker, links),
    }
    if seeker.latitude is not None and seeker.longitude is not None:
        body["location"] = {"lat": seeker.latitude, "lon": seeker.longitude}
    return body


def seeker_queryset() -> SeekerProfileQuerySet:
    return SeekerProfile.objects.prefetch_related("skill_links__skill")


def pending_documents(
    queryset: QuerySet[Any],
    pks: list[int],
    *,
    is_indexed: Callable[[Any], bool],
    body: Callable[[Any], dict[str, Any]],
) -> list[PendingDocument]:
    """The current state of these rows: a body for those the index should hold, a removal for
    the rest (gone rows get version 0: deleted without a version check)."""
    rows = {row.pk: row for row in queryset.filter(pk__in=pks)}
    pending = []
    for pk in pks:
        row = rows.get(pk)
        if row is None:
            pending.append(PendingDocument(pk=pk, version=0, body=None))
        else:
            document = body(row) if is_indexed(row) else None
            pending.append(PendingDocument(pk=pk, version=row.search_version, body=document))
    return pending


def pending_seekers(pks: list[int]) -> list[PendingDocument]:
    """Candidates (open to work, consents (a) and (b) given, account claimed:
    ``SeekerProfile.objects.candidates()``) are indexed; the others are removed from the index."""
    shown = set(SeekerProfile.objects.filter(pk__in=pks).candidates().values_list("pk", flat=True))
    return pending_documents(
        seeker_queryset(), pks, is_indexed=lambda seeker: seeker.pk in shown, body=seeker_body
    )


def vacancy_queryset() -> VacancyQuerySet:
    return Vacancy.objects.select_related("employer").prefetch_related("skill_links__skill")


def pending_vacancies(pks: list[int]) -> list[PendingDocument]:
    """Published, unexpired vacancies are indexed; the others are removed from the index.

    Each indexed vacancy's analysis is read from the store when current, else computed and
    stored (so that a rebuild finds it)."""
    today = timezone.localdate()
    analyses = StoredAnalyses(pks)
    pending = pending_documents(
        vacancy_queryset(),
        pks,
        is_indexed=lambda vacancy: is_vacancy_public(vacancy, today),
        body=analyses.body,
    )
    analyses.save()
    return pending


def confirm_indexed(*, model_label: str, versions: dict[int, int]) -> None:
    """Record which version the index now holds, so the sweep skips these rows.

    Rows are grouped by version (after a rebuild nearly all share one), so confirming 100k rows
    is a handful of ``UPDATE ... WHERE pk IN (...)`` statements, not one CASE per row. On
    PostgreSQL the keys go as one array parameter (``= ANY(%s)``): composing and binding a
    list of 5,000 placeholders cost more than the update itself when the rows were confirmed
    already (a rebuild in the steady state)."""
    model = apps.get_model(model_label)
    by_version: dict[int, list[int]] = defaultdict(list)
    for pk, version in versions.items():
        by_version[version].append(pk)
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
        column = quote(model._meta.get_field("indexed_version").column)
        # Rows already confirmed at this version (a second rebuild) are not rewritten.
        statement = f"UPDATE {table} SET {column} = %s WHERE {key} = ANY(%s) AND {column} <> %s"
        with connection.cursor() as cursor:
            for version, pks in by_version.items():
                for start in range(0, len(pks), CONFIRM_BATCH_ARRAY):
                    cursor.execute(
                        statement, [version, pks[start : start + CONFIRM_BATCH_ARRAY], version]
                    )
        return
    for version, pks in by_version.items():
        for start in range(0, len(pks), CONFIRM_BATCH):
            # Rows already confirmed at this version (a second rebuild) are not rewritten.
            model.objects.filter(pk__in=pks[start : start + CONFIRM_BATCH]).exclude(
                indexed_version=version
            ).update(indexed_version=version)
