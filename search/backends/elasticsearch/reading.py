"""Reading from Elasticsearch: vacancy search, match candidates, alert matching, typeahead."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from http import HTTPStatus

from django.utils import timezone
from elasticsearch import ApiError
from elasticsearch_dsl import Search
from elasticsearch_dsl import query as dsl_query
from elasticsearch_dsl.response import Response

from search.alerts import RADIUS_BUCKETS_KM, within_radius
from search.analysis import analyze_query, skill_token
from search.backends.base import SearchUnavailable
from search.backends.elasticsearch.base import _TRANSIENT, ElasticsearchCore
from search.documents import haversine_km
from search.duplicates import SIGNATURE_SIZE, Fingerprint
from search.matching import SeekerFacts, VacancyFacts
from search.queries import Hit, SearchPage, SimilarVacancy, VacancyQuery, VacancySort

ALERT_PAGE_SIZE = 5000  # alerts read per request while matching a vacancy


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


class IndexReader(ElasticsearchCore):
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
        search = self.vacancy_search_request(query)
        response = _execute(search)
        if response is None:  # nothing indexed yet
            return SearchPage(hits=[], total=0)
        return _search_page(query, response)

    def vacancy_search_request(self, query: VacancyQuery) -> Search:
        """The one Elasticsearch request of a vacancy search (the benchmark also sends it raw)."""
        search = Search(using=self.client, index=self.vacancy_alias)
        filters = _filters(query)
        analyzed = analyze_query(query.text)
        must = []
        if not analyzed.is_empty:
            shoulds = (
                [dsl_query.Match(text={"query": " ".join(analyzed.terms)})]
                if analyzed.terms
                else []
            )
            shoulds += [
                dsl_query.Term(text={"value": skill_token(slug), "boost": 2.0})
                for slug in analyzed.skill_slugs
            ]
            must.append(dsl_query.Bool(should=shoulds, minimum_should_match=1))
        search = search.query(dsl_query.Bool(must=must, filter=filters))

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


def _search_page(query: VacancyQuery, response: Response) -> SearchPage:
    """Hits (with the distance from the query's point), total, facets and open positions."""
    hits = []
    for hit in response.hits:
        distance = None
        location = getattr(hit, "location", None)
        if query.near and location is not None:
            distance = round(
                haversine_km(query.near.lat, query.near.lon, location.lat, location.lon), 2
            )
        hits.append(
            Hit(pk=int(hit.meta.id), score=float(hit.meta.score or 0.0), distance_km=distance)
        )
    aggregations = response.aggregations
    facets = {
        name: {bucket.key: bucket.doc_count for bucket in getattr(aggregations, name).buckets}
        for name in ("work_type", "district", "skill")
    }
    return SearchPage(
        hits=hits,
        total=response.hits.total.value,
        facets=facets,
        open_positions=int(aggregations.open_positions.value or 0),
        took_ms=response.took,
    )
