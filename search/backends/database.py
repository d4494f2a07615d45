"""Database backend: an index in the database's own full-text search. For `make run` and offices
without Elasticsearch.

``index`` writes each public vacancy's document (the very one Elasticsearch gets: Sastrawi stems
and ``skill_<slug>`` tokens) into one row of ``search_vacancy_entry``: its tokens beside the
columns searches filter, sort and count on; the database keeps its full-text structure on top
(see ``search.backends.fulltext``). A search is then one statement: the full-text index (and the
bounding box of a radius) finds the matches, which are read once for the page (a top-N sort),
the grouped counts and the skill counts. Nothing is analysed per row, nothing joined, nothing
capped, and every count is exact.

Scoring adds fixed weights per matched part (``search.scoring``: a stem, the exact word, a skill
named, a work type, place or pay the query names), exactly as the Elasticsearch backend's
constant scores do, so both rank alike. A query word no vacancy holds is corrected against the
vocabulary (``search_vacancy_word``: pg_trgm on PostgreSQL, a bounded scan on SQLite) with the
same edit-distance rule as Elasticsearch's term suggester results.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Count, F, Model, Q, QuerySet, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone

from jobs.models import Vacancy
from search.alerts import alert_criteria, alert_matches, alert_queryset
from search.analysis import (
    AnalyzedQuery,
    analyze_query,
    best_correction,
    max_edits,
    pinned_vocabulary,
    skill_token,
)
from search.backends.base import SearchBackend
from search.backends.fulltext import TABLE, FullText, full_text
from search.documents import (
    PendingDocument,
    confirm_indexed,
    haversine_km,
    pending_vacancies,
)
from search.duplicates import BANDS, Fingerprint, band_values, jaccard
from search.indexing import confirm_deleted
from search.matching import SeekerFacts, VacancyFacts
from search.models import VacancyEntry, VacancyFingerprint, VacancySignatureValue, VacancyWord
from search.queries import GeoPoint, Hit, SearchPage, SimilarVacancy, VacancyQuery, VacancySort
from search.scoring import WEIGHTS
from seekers.models import SeekerProfile
from sicaker.text import stem, tokenize

# The live-row scan left for match candidates (vacancy_candidates); searches are not capped.
MAX_CANDIDATES = 5_000
INDEX_BATCH = 1_000
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
MAX_LONGITUDE = 180.0
VOCABULARY_WORD_LENGTH = 100  # longer "words" (a pasted link) are not worth correcting to
# Near-duplicates: the open vacancies sharing the most signature bands with the new one (at least
# MIN_SHARED_BANDS of BANDS; at J = 0.6 a band is shared with probability 0.36, 11.5 bands on
# average, fewer than 3 about once in 3,000) are read and compared exactly, at most
# DUPLICATE_CANDIDATES of them.
MIN_SHARED_BANDS = 3
DUPLICATE_CANDIDATES = 50
# Facet sizes, as the Elasticsearch backend asks for them.
FACET_SIZES = {"work_type": 10, "district": 50, "skill": 50}


def attached_token(slug: str) -> str:
    """The token of a skill attached to the vacancy (the skill filter), not merely named."""
    return "attached_" + slug.replace("-", "_")


def surface_token(word: str) -> str:
    """The token of a word as written (unstemmed), for words unlike their stem: an exact form
    ranks above a word that only shares its stem."""
    return "w_" + word


def entry_from_body(body: dict, version: int) -> VacancyEntry:
    # Each token once: matching and scoring only ask whether a row holds a token.
    tokens = dict.fromkeys(
        [
            *body["text"].split(),
            *(
                surface_token(word)
                for word in body.get("surface", "").split()
                if stem(word) != word  # the stem token already says it
            ),
            *(attached_token(slug) for slug in body["skill_slugs"]),
        ]
    )
    location = body.get("location") or {}
    return VacancyEntry(
        vacancy_id=body["pk"],
        version=version,
        title=body["title"],
        skill_slugs=list(body["skill_slugs"]),
        work_type=body["work_type"],
        city=body["city"] or "",
        district=body["district"] or "",
        pay_max=body["pay_max"],
        pay_unit=body.get("pay_unit") or "",
        positions_open=body["positions_open"],
        valid_through=date.fromisoformat(body["valid_through"]),
        published_at=datetime.fromisoformat(body["published_at"]) if body["published_at"] else None,
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        tokens=" ".join(token for token in tokens if token),
    )


def _write_fingerprints(bodies: list[dict], removed: list[int]) -> None:
    """Replace the fingerprints of these vacancies (``search.duplicates``) and their signature
    rows; remove those of vacancies no longer public."""
    gone = [*removed, *(body["pk"] for body in bodies)]
    if gone:
        VacancySignatureValue.objects.filter(fingerprint_id__in=gone).delete()
        VacancyFingerprint.objects.filter(vacancy_id__in=gone).delete()
    VacancyFingerprint.objects.bulk_create(
        VacancyFingerprint(
            vacancy_id=body["pk"],
            valid_through=date.fromisoformat(body["valid_through"]),
            shingles=body["duplicate_shingles"],
        )
        for body in bodies
    )
    VacancySignatureValue.objects.bulk_create(
        VacancySignatureValue(fingerprint_id=body["pk"], value=value)
        for body in bodies
        for value in dict.fromkeys(band_values(tuple(body["duplicate_signature"])))
    )


def _upsert(model: type[Model], rows: Sequence[Model]) -> None:
    model._default_manager.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=[model._meta.pk.name],
        update_fields=[
            field.name for field in model._meta.concrete_fields if not field.primary_key
        ],
    )


def _top(counter: Counter, size: int) -> dict[str, int]:
    """The most frequent values, ties by value (as Elasticsearch's terms aggregation orders)."""
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:size])


def _phrase_prefix(title_words: list[str], words: list[str]) -> bool:
    """Whether the title holds the words in a row, the last one as a prefix of a title word."""
    for start in range(len(title_words) - len(words) + 1):
        window = title_words[start : start + len(words)]
        if window[:-1] == words[:-1] and window[-1].startswith(words[-1]):
            return True
    return False


def bounding_box(point: GeoPoint, radius_km: float) -> Q:
    """Rows whose point lies in the box around the circle: an index range before the exact test."""
    margin = radius_km * 1.01 + 0.01
    lat_delta = margin / KM_PER_DEGREE
    box = Q(latitude__gte=point.lat - lat_delta, latitude__lte=point.lat + lat_delta)
    widest = min(abs(point.lat) + lat_delta, 89.0)
    cos_lat = math.cos(math.radians(widest))
    lon_delta = margin / (KM_PER_DEGREE * cos_lat)
    if (
        lon_delta < MAX_LONGITUDE
        and point.lon - lon_delta >= -MAX_LONGITUDE
        and point.lon + lon_delta <= MAX_LONGITUDE
    ):
        box &= Q(longitude__gte=point.lon - lon_delta, longitude__lte=point.lon + lon_delta)
    return box


def distance_km(point: GeoPoint) -> CombinedExpression:
    """Haversine distance from a point to the row's location, in SQL (NULL without a location)."""
    lat0, lon0 = math.radians(point.lat), math.radians(point.lon)
    half_dlat = (Radians(F("latitude")) - lat0) / 2
    half_dlon = (Radians(F("longitude")) - lon0) / 2
    a = Power(Sin(half_dlat), 2) + math.cos(lat0) * Cos(Radians(F("latitude"))) * Power(
        Sin(half_dlon), 2
    )
    return 2 * EARTH_RADIUS_KM * ASin(Least(Sqrt(a), Value(1.0)))


Condition = tuple[str, list, int]  # SQL over the entry's columns, its parameters, a weight


def _intent_conditions(analyzed: AnalyzedQuery) -> tuple[list[Condition], list[Condition]]:
    """What the query's intents add: conditions that count as a match (work type, pay unit,
    place) and conditions that only rank (an amount of pay), each with its weight."""
    intents = analyzed.intents
    alternatives: list[Condition] = []
    for column, values, weight in (
        ("work_type", intents.work_types, WEIGHTS["work_type"]),
        ("district", intents.districts, WEIGHTS["district"]),
        ("city", intents.cities, WEIGHTS["city"]),
        ("pay_unit", intents.pay_units, WEIGHTS["pay_unit"]),
    ):
        if values:
            marks = ", ".join(["%s"] * len(values))
            alternatives.append((f'"{TABLE}"."{column}" IN ({marks})', list(values), weight))
    boosts: list[Condition] = []
    if intents.pay_at_least is not None:
        boosts.append(
            (f'"{TABLE}"."pay_max" >= %s', [intents.pay_at_least], WEIGHTS["pay_at_least"])
        )
    return alternatives, boosts


class DatabaseBackend(SearchBackend):
    name = "database"

    def ping(self) -> tuple[bool, str]:
        return True, "database search (no search engine needed)"

    def index(self, *, model_label: str, pks: list[int]) -> int:
        model = apps.get_model(model_label)
        existing = set(model.objects.filter(pk__in=pks).values_list("pk", flat=True))
        # A deleted row's entry went with it (cascade): only its tombstone is left to forget.
        confirm_deleted(model_label=model_label, pks=[pk for pk in pks if pk not in existing])
        if model_label != "jobs.vacancy":
            # Seekers and alerts are read from their own rows (match candidates, alerts).
            versions = dict(model.objects.filter(pk__in=pks).values_list("pk", "search_version"))
            confirm_indexed(model_label=model_label, versions=versions)
            return 0
        written = 0
        for start in range(0, len(pks), INDEX_BATCH):
            with pinned_vocabulary():
                pending = pending_vacancies(list(pks[start : start + INDEX_BATCH]))
            written += self._write(pending)
        return written

    def _write(self, pending: list[PendingDocument]) -> int:
        """Write these documents unless their row changed since they were built.

        The rows are locked while their versions are compared and the entries written, so an
        older indexing run that finishes late never overwrites a newer one, and an entry is
        never replaced by a lower version (the part Elasticsearch's external versions play); a
        row that moved on stays dirty and its own indexing task, or the sweep, writes it."""
        with transaction.atomic():
            current = dict(
                Vacancy.objects.select_for_update()
                .filter(pk__in=[document.pk for document in pending])
                .order_by("pk")
                .values_list("pk", "search_version")
            )
            held = dict(
                VacancyEntry.objects.filter(vacancy_id__in=list(current)).values_list(
                    "vacancy_id", "version"
                )
            )
            fresh = [
                doc
                for doc in pending
                if current.get(doc.pk, 0) == doc.version
                and (doc.version == 0 or held.get(doc.pk, 0) <= doc.version)
            ]
            written = [entry_from_body(doc.body, doc.version) for doc in fresh if doc.body]
            removed = [doc.pk for doc in fresh if doc.body is None]
            if removed:
                VacancyEntry.objects.filter(vacancy_id__in=removed).delete()
            if written:
                _upsert(VacancyEntry, written)
                words = {
                    word
                    for doc in fresh
                    if doc.body
                    for word in doc.body.get("surface", "").split()
                    if len(word) <= VOCABULARY_WORD_LENGTH
                }
                VacancyWord.objects.bulk_create(
                    [VacancyWord(word=word) for word in sorted(words)], ignore_conflicts=True
                )
            _write_fingerprints([doc.body for doc in fresh if doc.body], removed)
            confirm_indexed(
                model_label="jobs.vacancy",
                versions={doc.pk: doc.version for doc in fresh if doc.pk in current},
            )
        return len(written)

    def rebuild(self) -> dict[str, int]:
        """Rewrite every entry from the database, batch by batch, in place.

        Searches keep answering from the entries during the rebuild (nothing is emptied first);
        entries of vacancies no longer public are removed at the end."""
        public = Vacancy.objects.open()
        pks = list(public.order_by("pk").values_list("pk", flat=True))
        written = self.index(model_label="jobs.vacancy", pks=pks)
        VacancyEntry.objects.exclude(vacancy__in=public).delete()
        stale = VacancyFingerprint.objects.exclude(vacancy__in=public)
        VacancySignatureValue.objects.filter(fingerprint__in=stale).delete()
        stale.delete()
        full_text().after_rebuild()
        return {"vacancies": written}

    def similar_vacancies(
        self,
        fingerprint: Fingerprint,
        *,
        min_similarity: float,
        limit: int,
        exclude_pk: int | None = None,
        today: date | None = None,
    ) -> list[SimilarVacancy]:
        if fingerprint.is_empty:
            return []
        least_shared = min(MIN_SHARED_BANDS, BANDS)
        candidates = list(
            VacancySignatureValue.objects.filter(value__in=band_values(fingerprint.signature))
            .values("fingerprint_id")
            .annotate(shared=Count("pk"))
            .filter(shared__gte=least_shared)
            .order_by("-shared", "fingerprint_id")
            .values_list("fingerprint_id", flat=True)[:DUPLICATE_CANDIDATES]
        )
        rows = VacancyFingerprint.objects.filter(
            vacancy_id__in=candidates, valid_through__gte=today or timezone.localdate()
        )
        if exclude_pk is not None:
            rows = rows.exclude(vacancy_id=exclude_pk)
        found = []
        for pk, stored in rows.values_list("vacancy_id", "shingles"):
            similarity = jaccard(fingerprint.shingles, set(stored))
            if similarity >= min_similarity:
                found.append(SimilarVacancy(pk=pk, similarity=round(similarity, 4)))
        found.sort(key=lambda hit: (-hit.similarity, hit.pk))
        return found[:limit]

    def vacancy_candidates(
        self, seeker: SeekerFacts, *, limit: int, today: date | None = None
    ) -> list[int]:
        rows = Vacancy.objects.open(today=today)
        wanted = Q(pk__in=[])
        if seeker.skills:
            wanted |= Q(skill_links__skill__slug__in=list(seeker.skills))
        if seeker.wanted_work_types:
            wanted |= Q(work_type__in=seeker.wanted_work_types)
        found: set[int] = set()
        if seeker.skills or seeker.wanted_work_types:
            found.update(
                rows.filter(wanted).values_list("pk", flat=True).distinct()[:MAX_CANDIDATES]
            )
        if seeker.latitude is not None and seeker.longitude is not None:
            for pk, lat, lon in (
                rows.exclude(latitude=None)
                .exclude(longitude=None)
                .values_list("pk", "latitude", "longitude")[:MAX_CANDIDATES]
            ):
                if (
                    lat is not None
                    and lon is not None
                    and haversine_km(seeker.latitude, seeker.longitude, lat, lon)
                    <= seeker.max_distance_km
                ):
                    found.add(pk)
        return sorted(found)[:limit]

    def seeker_candidates(self, vacancy: VacancyFacts, *, limit: int) -> list[int]:
        skills = [*vacancy.required, *vacancy.preferred]
        if not skills:
            return []
        return list(
            SeekerProfile.objects.candidates()
            .filter(skill_links__skill__slug__in=skills)
            .values_list("pk", flat=True)
            .distinct()
            .order_by("pk")[:limit]
        )

    def alert_users_for(self, vacancy_body: dict) -> list[int]:
        users = set()
        with pinned_vocabulary():
            for alert in alert_queryset().filter(is_active=True).iterator(chunk_size=1000):
                if alert.user_id not in users and alert_matches(
                    alert_criteria(alert), vacancy_body
                ):
                    users.add(alert.user_id)
        return sorted(users)

    def _open_entries(self, today: date | None = None) -> QuerySet[VacancyEntry]:
        return VacancyEntry.objects.filter(valid_through__gte=today or timezone.localdate())

    def open_counts(self, *, field: str, size: int = 500) -> dict[str, int]:
        entries = self._open_entries()
        if field == "skill_slugs":
            return full_text().skill_counts(entries, size=size)
        return self._counts(entries, field, size)

    @staticmethod
    def _counts(entries: QuerySet[VacancyEntry], field: str, size: int) -> dict[str, int]:
        rows = (
            entries.order_by()
            .values_list(field)
            .annotate(count=Count("pk"))
            .order_by("-count", field)[:size]
        )
        return dict(rows)

    def title_suggestions(self, prefix: str, *, size: int) -> list[str]:
        """Titles holding the words typed, the last one as a prefix (Elasticsearch's
        ``match_phrase_prefix``), newest first; on PostgreSQL, when none does, the titles most
        like what was typed (a typo: "penjait" finds "penjahit"), from the trigram index."""
        words = tokenize(prefix)
        if not words:
            return []
        titles = []
        candidates = self._open_entries().order_by("-published_at", "pk")
        # Every title that fits contains each word typed: an indexed prefilter on PostgreSQL
        # (a trigram index on UPPER(title), the expression of icontains) before the check.
        for word in dict.fromkeys(words):
            candidates = candidates.filter(title__icontains=word)
        for title in candidates.values_list("title", flat=True).iterator(chunk_size=500):
            if _phrase_prefix(tokenize(title), words):
                titles.append(title)
            if len(dict.fromkeys(titles)) >= size:
                break
        if not titles:
            return full_text().similar_titles(self._open_entries(), " ".join(words), size=size)
        return list(dict.fromkeys(titles))[:size]

    def search_vacancies(self, query: VacancyQuery) -> SearchPage:
        with pinned_vocabulary():
            analyzed = analyze_query(query.text)
            corrections = self.corrections(analyzed.correctable)
            if corrections:
                analyzed = analyze_query(query.text, corrections=corrections)
        text = full_text()
        with text.searching():
            page = self._search(query, analyzed, text)
        page.corrections = corrections
        page.intents = analyzed.intents
        return page

    def corrections(self, words: list[str]) -> dict[str, str]:
        """Typed word -> the indexed word to search instead, for the words no entry holds."""
        if not words:
            return {}
        known = set(VacancyWord.objects.filter(word__in=words).values_list("word", flat=True))
        corrections = {}
        for word in words:
            if word in known:
                continue
            best = best_correction(word, full_text().word_candidates(word, max_edits(word)))
            if best:
                corrections[word] = best
        return corrections

    def _filtered_entries(self, query: VacancyQuery) -> QuerySet[VacancyEntry]:
        """The open entries the query's filters keep (its words are matched afterwards)."""
        entries = self._open_entries(query.today)
        if query.work_types:
            entries = entries.filter(work_type__in=query.work_types)
        if query.city:
            entries = entries.filter(city=query.city)
        if query.district:
            entries = entries.filter(district=query.district)
        if query.pay_min is not None:
            entries = entries.filter(pay_max__gte=query.pay_min)
        if query.near and query.radius_km:
            entries = entries.filter(bounding_box(query.near, query.radius_km))
            entries = entries.alias(distance=distance_km(query.near)).filter(
                distance__lte=query.radius_km
            )
        return entries

    def _search(self, query: VacancyQuery, analyzed: AnalyzedQuery, text: FullText) -> SearchPage:
        entries = self._filtered_entries(query)
        weighted = [
            *((term, WEIGHTS["stem"]) for term in analyzed.terms),
            *((term, WEIGHTS["intent_word"]) for term in analyzed.intent_terms),
            *((surface_token(word), WEIGHTS["surface"]) for word in analyzed.exact),
            *((skill_token(slug), WEIGHTS["skill"]) for slug in analyzed.skill_slugs),
        ]
        alternatives, boosts = _intent_conditions(analyzed)
        entries, score = text.restrict(
            entries,
            any_tokens=[token for token, _weight in weighted],
            attached_tokens=[attached_token(slug) for slug in query.skill_slugs],
            weighted=weighted,
            alternatives=alternatives,
            boosts=boosts,
        )

        # Everything the page needs comes from one statement that finds the matches once.
        columns: dict[str, Any] = {
            "m_pk": F("pk"),
            "m_lat": F("latitude"),
            "m_lon": F("longitude"),
            "m_work_type": F("work_type"),
            "m_district": F("district"),
            "m_positions": F("positions_open"),
            "m_skills": F("skill_slugs"),
            "m_published": F("published_at"),
        }
        if score is not None:
            columns["m_score"] = score
        newest = [("m_published", "DESC NULLS LAST")]
        if query.sort == VacancySort.DISTANCE and query.near:
            columns["m_distance"] = distance_km(query.near)
            order = [("m_distance", "ASC NULLS LAST"), *newest]
        elif query.sort == VacancySort.NEWEST:
            order = [*newest, *([("m_score", "DESC")] if score is not None else [])]
        else:
            order = [*([("m_score", "DESC")] if score is not None else []), *newest]
        order.append(("m_pk", "ASC"))
        matches = text.one_pass(
            entries.order_by().values(**columns),
            order=order,
            offset=query.offset,
            limit=query.page_size,
            skill_facet_size=FACET_SIZES["skill"],
        )

        total = positions = 0
        counters: dict[str, Counter] = {"work_type": Counter(), "district": Counter()}
        for work_type, district, count, open_positions in matches.groups:
            total += count
            positions += open_positions or 0
            counters["work_type"][work_type] += count
            counters["district"][district] += count
        facets = {name: _top(counter, FACET_SIZES[name]) for name, counter in counters.items()}
        facets["skill"] = _top(Counter(dict(matches.skills)), FACET_SIZES["skill"])
        hits = []
        for pk, score, latitude, longitude in matches.page:
            distance = None
            if query.near and latitude is not None and longitude is not None:
                distance = round(
                    haversine_km(query.near.lat, query.near.lon, latitude, longitude), 2
                )
            hits.append(Hit(pk=pk, score=float(score or 0), distance_km=distance))
        return SearchPage(
            hits=hits,
            total=total,
            facets=facets,
            open_positions=int(positions),
        )
