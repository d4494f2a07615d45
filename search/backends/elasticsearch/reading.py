"""Reading from Elasticsearch: vacancy search, match candidates, alert matching, typeahead."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError
from elasticsearch_dsl import Search
from elasticsearch_dsl import query as dsl_query
from elasticsearch_dsl.response import Response

from search.alerts import RADIUS_BUCKETS_KM, within_radius
from search.analysis import AnalyzedQuery, analyze_query, best_correction, max_edits, skill_token
from search.backends.base import Ranking, SearchUnavailable
from search.backends.elasticsearch.base import _TRANSIENT, ElasticsearchCore
from search.backends.elasticsearch.match_queries import (
    ranked_request,
    seeker_first_pass_clauses,
    seeker_ranking_clauses,
    vacancy_first_pass_clauses,
    vacancy_ranking_clauses,
)
from search.documents import haversine_km
from search.duplicates import SIGNATURE_SIZE, Fingerprint
from search.match_facts import (
    SEEKER_FACT_SOURCE,
    VACANCY_FACT_SOURCE,
    facts_of_seeker_document,
    facts_of_vacancy_document,
)
from search.matching import SeekerFacts, VacancyFacts
from search.memo import TimedMemo
from search.queries import Hit, SearchPage, SimilarVacancy, VacancyQuery, VacancySort
from search.scoring import WEIGHTS
from search.taxonomy import taxonomy

ALERT_PAGE_SIZE = 5000  # alerts read per request while matching a vacancy
# A ranked page's answer: the total and each hit's document, nothing else.
RANKING_FILTER_PATH = ["hits.total.value", "hits.hits._source"]
# A search page's answer: what SearchPage holds.
SEARCH_FILTER_PATH = [
    "took",
    "hits.total.value",
    "hits.hits._id",
    "hits.hits._score",
    "hits.hits._source.location",
    "aggregations.*.buckets.key",
    "aggregations.*.buckets.doc_count",
    "aggregations.open_positions.value",
]
# The term suggester's candidates for the typed words no vacancy holds (issue 15's "did you mean").
SUGGEST_FILTER_PATH = ["suggest.*.options.text"]
# The typed words the term suggester lately had no correction for (a vacancy holds them, or no
# indexed word is near). People type the same words over and over, and asking about them adds
# to the engine's work on every search. Only "no correction" is remembered: a typo is
# asked about every time, so a vacancy that brings the typed word itself is found at once; what
# can lag, by SEARCH_CORRECTION_MEMO_SECONDS, is a correction towards a word that just arrived.
_UNCORRECTED: TimedMemo[bool] = TimedMemo(seconds=lambda: settings.SEARCH_CORRECTION_MEMO_SECONDS)


@dataclass(frozen=True)
class _PointCriteria:
    latitude: float
    longitude: float
    radius_km: float


def _execute(search: Search) -> Response | None:
    """Run a search; None when the index does not exist yet (nothing was indexed).

    The one place a read turns the engine's transient failures into ``SearchUnavailable``."""
    try:
        return search.execute()
    except _TRANSIENT as error:
        raise SearchUnavailable(str(error)) from error
    except ApiError as error:
        if error.meta.status == HTTPStatus.NOT_FOUND:
            return None
        raise


def _filters(query: VacancyQuery) -> list[dsl_query.Query]:
    """The query's filters (open vacancies only): they narrow without scoring."""
    today = query.today or timezone.localdate()
    filters = [dsl_query.Range(valid_through={"gte": today.isoformat()})]
    if query.work_types:
        filters.append(dsl_query.Terms(work_type=list(query.work_types)))
    if query.city:
        filters.append(dsl_query.Term(city=query.city))
    if query.district:
        filters.append(dsl_query.Term(district=query.district))
    if query.skill_slugs:
        filters.append(dsl_query.Terms(skill_slugs=list(query.skill_slugs)))
    if query.pay_min is not None:
        filters.append(dsl_query.Range(pay_max={"gte": query.pay_min}))
    if query.near and query.radius_km:
        filters.append(
            dsl_query.GeoDistance(
                distance=f"{query.radius_km}km",
                location={"lat": query.near.lat, "lon": query.near.lon},
            )
        )
    return filters


def _raw_search(client: Any, **request: Any) -> dict[str, Any] | None:
    """A search sent as a plain body and answered as plain JSON (no elasticsearch-dsl objects
    on the way in or out); None when the index does not exist yet."""
    try:
        return client.search(**request).body  # type: ignore[no-any-return]
    except _TRANSIENT as error:
        raise SearchUnavailable(str(error)) from error
    except ApiError as error:
        if error.meta.status == HTTPStatus.NOT_FOUND:
            return None
        raise


def _vacancy_candidate_filter(seeker: SeekerFacts) -> dict[str, Any] | None:
    """The vacancies worth ranking for a seeker (``vacancy_candidates``' rule): sharing one of
    her skills, of a kind of work she wants, or within her travel distance; None if she gave
    none of these."""
    shoulds: list[dict[str, Any]] = []
    if seeker.skills:
        shoulds.append({"terms": {"skill_slugs": list(seeker.skills)}})
    if seeker.wanted_work_types:
        shoulds.append({"terms": {"work_type": list(seeker.wanted_work_types)}})
    if seeker.latitude is not None and seeker.longitude is not None:
        shoulds.append(
            {
                "geo_distance": {
                    "distance": f"{seeker.max_distance_km}km",
                    "location": {"lat": seeker.latitude, "lon": seeker.longitude},
                }
            }
        )
    if not shoulds:
        return None
    return {"bool": {"should": shoulds, "minimum_should_match": 1}}


def _ranking(answer: dict[str, Any] | None, facts: Callable[..., Any]) -> Ranking:
    if answer is None:
        return Ranking(hits=[], total=0)
    hits = answer.get("hits", {})
    skills = taxonomy().skills
    return Ranking(
        hits=[facts(hit["_source"], skills) for hit in hits.get("hits", [])],
        total=int(hits.get("total", {}).get("value", 0)),
    )


class IndexReader(ElasticsearchCore):
    def rank_vacancies(
        self,
        seeker: SeekerFacts,
        *,
        offset: int,
        limit: int,
        cap: int,
        now: datetime,
        today: date | None = None,
    ) -> Ranking[VacancyFacts]:
        """One request: the candidates ``vacancy_candidates`` picks, ranked by the engine with
        ``score_pair``'s score (``match_queries``), the page's documents with them."""
        candidates = _vacancy_candidate_filter(seeker)
        if candidates is None or offset >= cap:
            return Ranking(hits=[], total=0)
        today = today or timezone.localdate()
        ranked = ranked_request(
            first_pass=vacancy_first_pass_clauses(seeker),
            exact=vacancy_ranking_clauses(seeker, now=now),
            recency_field="published_at",
            now=now,
        )
        query = {
            "bool": {
                "filter": [
                    {"range": {"valid_through": {"gte": today.isoformat()}}},
                    candidates,
                ],
                "should": ranked["should"],
            }
        }
        answer = self._ranked_page(
            index=self.vacancy_alias,
            query=query,
            rescore=ranked["rescore"],
            page=(offset, limit, cap),
            source=VACANCY_FACT_SOURCE,
        )
        return _ranking(answer, facts_of_vacancy_document)

    def rank_seekers(
        self, vacancy: VacancyFacts, *, offset: int, limit: int, cap: int, now: datetime
    ) -> Ranking[SeekerFacts]:
        """One request: seekers open to work holding one of the vacancy's skills, ranked by the
        engine with ``score_pair``'s score, the page's documents with them."""
        skills = [*vacancy.required, *vacancy.preferred]
        if not skills or offset >= cap:
            return Ranking(hits=[], total=0)
        ranked = ranked_request(
            first_pass=seeker_first_pass_clauses(vacancy),
            exact=seeker_ranking_clauses(vacancy, now=now),
            recency_field="updated_at",
            now=now,
        )
        query = {
            "bool": {
                "filter": [
                    {"term": {"is_open_to_work": True}},
                    {"terms": {"skill_slugs": skills}},
                ],
                "should": ranked["should"],
            }
        }
        answer = self._ranked_page(
            index=self.seeker_alias,
            query=query,
            rescore=ranked["rescore"],
            page=(offset, limit, cap),
            source=SEEKER_FACT_SOURCE,
        )
        return _ranking(answer, facts_of_seeker_document)

    def _ranked_page(
        self,
        *,
        index: str,
        query: dict[str, Any],
        rescore: Any,
        page: tuple[int, int, int],
        source: Iterable[str],
    ) -> dict[str, Any] | None:
        """One page (offset, limit) of a ranking of at most ``cap`` hits, with the documents'
        match facts, read as plain JSON. A repeat is answered from the shards' request cache
        (``search.selectors.ranking_moment`` keeps it the same request for a minute) until the
        refresh that makes a change visible."""
        offset, limit, cap = page
        return _raw_search(
            self.client,
            index=index,
            query=query,
            rescore=rescore,
            from_=offset,
            size=max(0, min(limit, cap - offset)),
            track_total_hits=cap,
            source=list(source),
            filter_path=RANKING_FILTER_PATH,
            request_cache=True,
        )

    def _candidate_pks(self, search: Search) -> list[int]:
        response = _execute(search.source(False))
        if response is None:
            return []
        return [int(hit.meta.id) for hit in response.hits]

    def vacancy_candidates(
        self, seeker: SeekerFacts, *, limit: int, today: date | None = None
    ) -> list[int]:
        today = today or timezone.localdate()
        shoulds = []
        if seeker.skills:
            shoulds.append(dsl_query.Terms(skill_slugs=list(seeker.skills), boost=3.0))
        if seeker.wanted_work_types:
            shoulds.append(dsl_query.Terms(work_type=list(seeker.wanted_work_types)))
        if seeker.latitude is not None and seeker.longitude is not None:
            shoulds.append(
                dsl_query.GeoDistance(
                    distance=f"{seeker.max_distance_km}km",
                    location={"lat": seeker.latitude, "lon": seeker.longitude},
                )
            )
        if not shoulds:
            return []
        search = (
            Search(using=self.client, index=self.vacancy_alias)
            .query(
                dsl_query.Bool(
                    filter=[dsl_query.Range(valid_through={"gte": today.isoformat()})],
                    should=shoulds,
                    minimum_should_match=1,
                )
            )
            .sort({"_score": {"order": "desc"}}, {"pk": {"order": "asc"}})[:limit]
        )
        return self._candidate_pks(search)

    def similar_vacancies(
        self,
        fingerprint: Fingerprint,
        *,
        min_similarity: float,
        limit: int,
        exclude_pk: int | None = None,
        today: date | None = None,
    ) -> list[SimilarVacancy]:
        """The engine counts, per open vacancy, the signature values it shares with this one
        (each a constant-score clause worth 1): the share of SIGNATURE_SIZE is the MinHash
        estimate of their Jaccard index, and ``minimum_should_match`` keeps only those at or
        above the threshold."""
        if fingerprint.is_empty:
            return []
        today = today or timezone.localdate()
        needed = math.ceil(min_similarity * SIGNATURE_SIZE - 1e-9)
        search = (
            Search(using=self.client, index=self.vacancy_alias)
            .query(
                dsl_query.Bool(
                    filter=[dsl_query.Range(valid_through={"gte": today.isoformat()})],
                    must_not=[dsl_query.Ids(values=[str(exclude_pk)])] if exclude_pk else [],
                    should=[
                        dsl_query.ConstantScore(
                            filter=dsl_query.Term(duplicate_signature=value), boost=1.0
                        )
                        for value in fingerprint.signature
                    ],
                    minimum_should_match=needed,
                )
            )
            .sort({"_score": {"order": "desc"}}, {"pk": {"order": "asc"}})
            .extra(track_scores=True)
            .source(False)[:limit]
        )
        response = _execute(search)
        if response is None:
            return []
        return [
            SimilarVacancy(
                pk=int(hit.meta.id), similarity=round(hit.meta.score / SIGNATURE_SIZE, 4)
            )
            for hit in response.hits
        ]

    def seeker_candidates(self, vacancy: VacancyFacts, *, limit: int) -> list[int]:
        skills = [*vacancy.required, *vacancy.preferred]
        if not skills:
            return []
        search = (
            Search(using=self.client, index=self.seeker_alias)
            .query(
                dsl_query.Bool(
                    filter=[dsl_query.Term(is_open_to_work=True)],
                    should=[
                        dsl_query.Terms(skill_slugs=list(vacancy.required), boost=3.0),
                        dsl_query.Terms(verified_skill_slugs=list(vacancy.required), boost=1.0),
                        dsl_query.Terms(skill_slugs=list(vacancy.preferred), boost=1.0),
                    ],
                    minimum_should_match=1,
                )
            )
            .sort({"_score": {"order": "desc"}}, {"pk": {"order": "asc"}})[:limit]
        )
        return self._candidate_pks(search)

    def alert_users_for(self, vacancy_body: dict) -> list[int]:
        """Users with an active alert this vacancy fits: one reverse query over all alerts."""
        tokens = sorted(set(vacancy_body["text"].split()))
        location = vacancy_body.get("location")

        def either_unset(
            flag_or_field: str, clause: dsl_query.Query | None, *, is_flag: bool = False
        ) -> dsl_query.Query:
            unset = (
                dsl_query.Term(**{flag_or_field: False})
                if is_flag
                else ~dsl_query.Exists(field=flag_or_field)
            )
            return dsl_query.Bool(
                should=[unset, clause] if clause else [unset], minimum_should_match=1
            )

        place = []
        if location:
            place = [
                dsl_query.Bool(
                    filter=[
                        dsl_query.Term(radius_bucket=bucket),
                        dsl_query.GeoDistance(distance=f"{bucket}km", location=location),
                    ]
                )
                for bucket in RADIUS_BUCKETS_KM
            ]
        filters = [
            dsl_query.Term(is_active=True),
            dsl_query.Bool(
                should=[
                    dsl_query.Range(terms_count={"lte": 0}),
                    dsl_query.TermsSet(
                        terms={"terms": tokens, "minimum_should_match_field": "terms_count"}
                    ),
                ],
                minimum_should_match=1,
            ),
            either_unset(
                "has_skills", dsl_query.Terms(skill_slugs=vacancy_body["skill_slugs"]), is_flag=True
            ),
            either_unset(
                "has_work_types", dsl_query.Term(work_types=vacancy_body["work_type"]), is_flag=True
            ),
            either_unset("city", dsl_query.Term(city=vacancy_body["city"])),
            either_unset("district", dsl_query.Term(district=vacancy_body["district"])),
            either_unset(
                "pay_min",
                dsl_query.Range(pay_min={"lte": vacancy_body["pay_max"]})
                if vacancy_body.get("pay_max") is not None
                else None,
            ),
            dsl_query.Bool(
                should=[~dsl_query.Exists(field="location"), *place], minimum_should_match=1
            ),
        ]
        search = (
            Search(using=self.client, index=self.alert_alias)
            .query(dsl_query.Bool(filter=filters))
            .source(["user_id", "location", "radius_km"])
            .sort({"pk": {"order": "asc"}})
            .extra(size=ALERT_PAGE_SIZE)
        )
        users: set[int] = set()
        after = None
        while True:
            page = search.extra(search_after=after) if after else search
            response = _execute(page)
            if response is None:
                return []
            hits = list(response.hits)
            for hit in hits:
                radius = getattr(hit, "radius_km", None)
                if radius and location:
                    criteria_point = hit.location
                    if not within_radius(
                        _PointCriteria(criteria_point.lat, criteria_point.lon, radius),
                        vacancy_body,
                    ):
                        continue
                users.add(int(hit.user_id))
            if len(hits) < ALERT_PAGE_SIZE:
                break
            after = list(hits[-1].meta.sort)
        return sorted(users)

    def open_counts(self, *, field: str, size: int = 500) -> dict[str, int]:
        search = (
            Search(using=self.client, index=self.vacancy_alias)
            .filter("range", valid_through={"gte": timezone.localdate().isoformat()})
            .extra(size=0)
        )
        search.aggs.bucket("values", "terms", field=field, size=size)
        response = _execute(search)
        if response is None:
            return {}
        return {bucket.key: bucket.doc_count for bucket in response.aggregations["values"].buckets}

    def title_suggestions(self, prefix: str, *, size: int) -> list[str]:
        search = (
            Search(using=self.client, index=self.vacancy_alias)
            .filter("range", valid_through={"gte": timezone.localdate().isoformat()})
            .query("match_phrase_prefix", title={"query": prefix, "max_expansions": 20})
        )
        search = search.source(["title"])[: size * 3]
        response = _execute(search)
        if response is None:
            return []
        return list(dict.fromkeys(hit.title for hit in response.hits))[:size]

    def search_vacancies(self, query: VacancyQuery) -> SearchPage:
        """One request; a second one only when a word no vacancy holds has a correction (the
        term suggester of the first request names the indexed words near it; not asked about a
        word that lately needed no correction: ``_UNCORRECTED``). Each is sent as a
        plain body and only what the page reads comes back (``filter_path``), read as plain
        JSON: wrapping every hit and bucket in elasticsearch-dsl's objects cost more than
        Elasticsearch's own work."""
        analyzed = analyze_query(query.text)
        settled = _UNCORRECTED.recall(analyzed.correctable)
        unsettled = [word for word in analyzed.correctable if word not in settled]
        answer = self._raw_vacancy_search(query, analyzed, suggest_words=unsettled)
        if answer is None:  # nothing indexed yet
            return SearchPage(hits=[], total=0, intents=analyzed.intents)
        corrections = _corrections(answer, unsettled)
        _UNCORRECTED.remember({word: True for word in unsettled if word not in corrections})
        if corrections:
            analyzed = analyze_query(query.text, corrections=corrections)
            answer = self._raw_vacancy_search(query, analyzed)
            if answer is None:
                return SearchPage(hits=[], total=0, intents=analyzed.intents)
        page = _search_page(query, answer)
        page.corrections = corrections
        page.intents = analyzed.intents
        return page

    def _raw_vacancy_search(
        self, query: VacancyQuery, analyzed: AnalyzedQuery, *, suggest_words: Sequence[str] = ()
    ) -> dict[str, Any] | None:
        return _raw_search(
            self.client,
            **self.vacancy_search_arguments(query, analyzed, suggest_words=suggest_words),
        )

    def vacancy_search_arguments(
        self,
        query: VacancyQuery,
        analyzed: AnalyzedQuery | None = None,
        *,
        suggest_words: Sequence[str] = (),
    ) -> dict[str, Any]:
        """What a vacancy search sends to the client's ``search`` (the benchmark sends the same
        raw). ``request_cache``: Elasticsearch keeps each shard's answer to this very request
        until the index next changes (by default it caches only requests for counts, size 0);
        people repeat the same searches, and the cache is dropped by the refresh that makes a
        change visible, so an answer is never staler than the index."""
        body = self.vacancy_search_request(query, analyzed, suggest_words=suggest_words).to_dict()
        return {
            "index": self.vacancy_alias,
            "body": body,
            "filter_path": [*SEARCH_FILTER_PATH, *(SUGGEST_FILTER_PATH if suggest_words else [])],
            "request_cache": True,
        }

    def vacancy_search_request(
        self,
        query: VacancyQuery,
        analyzed: AnalyzedQuery | None = None,
        *,
        suggest_words: Sequence[str] = (),
    ) -> Search:
        """The Elasticsearch request of a vacancy search.

        Every part scores a constant (``search.scoring``), as on the database backend: stems
        and skill tokens on ``text``, exact words on ``surface``, the intents on their keyword
        fields. ``suggest_words``: ask the term suggester for the indexed words near each of
        these typed words when no vacancy holds it (``suggest_mode: missing``)."""
        search = Search(using=self.client, index=self.vacancy_alias)
        filters = _filters(query)
        if analyzed is None:
            analyzed = analyze_query(query.text)
        must = []
        boosts = []
        if not analyzed.is_empty:
            shoulds = _constant_scores(analyzed)
            must.append(dsl_query.Bool(should=shoulds, minimum_should_match=1))
            if analyzed.intents.pay_at_least is not None:
                boosts.append(
                    dsl_query.ConstantScore(
                        filter=dsl_query.Range(pay_max={"gte": analyzed.intents.pay_at_least}),
                        boost=WEIGHTS["pay_at_least"],
                    )
                )
        search = search.query(dsl_query.Bool(must=must, should=boosts, filter=filters))
        for number, word in enumerate(suggest_words):
            search = search.suggest(
                f"word{number}",
                word,
                term={
                    "field": "surface",
                    "suggest_mode": "missing",
                    "max_edits": max(1, max_edits(word)),
                    "prefix_length": 1,
                    "min_word_length": 1,
                    "string_distance": "damerau_levenshtein",
                    "size": 20,
                },
            )

        if query.sort == VacancySort.NEWEST:
            search = search.sort({"published_at": {"order": "desc"}}, {"_score": {"order": "desc"}})
        elif query.sort == VacancySort.DISTANCE and query.near:
            search = search.sort(
                {
                    "_geo_distance": {
                        "location": {"lat": query.near.lat, "lon": query.near.lon},
                        "order": "asc",
                        "unit": "km",
                    }
                },
                {"published_at": {"order": "desc"}},
            )
        else:
            search = search.sort(
                {"_score": {"order": "desc"}},
                {"published_at": {"order": "desc"}},
                {"pk": {"order": "asc"}},
            )
        search.aggs.bucket("work_type", "terms", field="work_type", size=10)
        search.aggs.bucket("district", "terms", field="district", size=50)
        search.aggs.bucket("skill", "terms", field="skill_slugs", size=50)
        search.aggs.metric("open_positions", "sum", field="positions_open")
        search = search.source(["location"]).extra(track_total_hits=True, track_scores=True)
        return search[query.offset : query.offset + query.page_size]


def _constant_scores(analyzed: AnalyzedQuery) -> list[dsl_query.Query]:
    """The clauses of which a vacancy must meet one, each scoring its fixed weight."""

    def constant(clause: dsl_query.Query, weight: int) -> dsl_query.Query:
        return dsl_query.ConstantScore(filter=clause, boost=weight)

    intents = analyzed.intents
    clauses = [
        *(constant(dsl_query.Term(text=term), WEIGHTS["stem"]) for term in analyzed.terms),
        *(
            constant(dsl_query.Term(text=term), WEIGHTS["intent_word"])
            for term in analyzed.intent_terms
        ),
        *(constant(dsl_query.Term(surface=word), WEIGHTS["surface"]) for word in analyzed.exact),
        *(
            constant(dsl_query.Term(text=skill_token(slug)), WEIGHTS["skill"])
            for slug in analyzed.skill_slugs
        ),
    ]
    for field, values in (
        ("work_type", intents.work_types),
        ("district", intents.districts),
        ("city", intents.cities),
        ("pay_unit", intents.pay_units),
    ):
        if values:
            clauses.append(constant(dsl_query.Terms(**{field: list(values)}), WEIGHTS[field]))
    return clauses


def _corrections(answer: dict[str, Any], words: Sequence[str]) -> dict[str, str]:
    """Typed word -> indexed word, from the term suggester's answer for ``words`` (those no
    vacancy holds); the choice among its candidates is the database backend's
    (``best_correction``)."""
    suggest = answer.get("suggest")
    if not suggest:
        return {}
    corrections = {}
    for number, word in enumerate(words):
        entries = suggest.get(f"word{number}") or []
        candidates = [option["text"] for entry in entries for option in entry.get("options", [])]
        best = best_correction(word, candidates)
        if best:
            corrections[word] = best
    return corrections


def _search_page(query: VacancyQuery, answer: dict[str, Any]) -> SearchPage:
    """Hits (with the distance from the query's point), total, facets and open positions."""
    hits = []
    found = answer.get("hits", {})
    for hit in found.get("hits", []):
        distance = None
        location = (hit.get("_source") or {}).get("location")
        if query.near and location is not None:
            distance = round(
                haversine_km(query.near.lat, query.near.lon, location["lat"], location["lon"]), 2
            )
        hits.append(
            Hit(pk=int(hit["_id"]), score=float(hit.get("_score") or 0.0), distance_km=distance)
        )
    aggregations = answer.get("aggregations", {})
    facets = {
        name: {
            bucket["key"]: bucket["doc_count"]
            for bucket in aggregations.get(name, {}).get("buckets", [])
        }
        for name in ("work_type", "district", "skill")
    }
    return SearchPage(
        hits=hits,
        total=int(found.get("total", {}).get("value", 0)),
        facets=facets,
        open_positions=int(aggregations.get("open_positions", {}).get("value") or 0),
        took_ms=answer.get("took"),
    )
