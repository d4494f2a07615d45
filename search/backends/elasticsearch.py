"""Elasticsearch backend: versioned indices behind aliases, bulk writes, external versions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from elasticsearch import (
    ApiError,
    ConnectionError,
    ConnectionTimeout,
    Elasticsearch,
    TransportError,
)
from elasticsearch.helpers import BulkIndexError, streaming_bulk
from elasticsearch_dsl import Search
from elasticsearch_dsl import query as dsl_query

from search.alerts import (
    RADIUS_BUCKETS_KM,
    alert_body,
    alert_queryset,
    pending_alerts,
    within_radius,
)
from search.analysis import analyze_query, skill_token
from search.backend import SearchBackend, SearchUnavailable
from search.documents import (
    confirm_indexed,
    haversine_km,
    pending_seekers,
    pending_vacancies,
    seeker_body,
    seeker_queryset,
    vacancy_body,
    vacancy_queryset,
)
from search.mappings import ALERT_MAPPING, SEEKER_MAPPING, VACANCY_MAPPING, index_settings
from search.queries import Hit, SearchPage, VacancyQuery, VacancySort

logger = logging.getLogger(__name__)

_TRANSIENT = (ConnectionError, ConnectionTimeout, TransportError)
REBUILD_MIN_COMPLETENESS = 0.99


@dataclass(frozen=True)
class IndexSpec:
    """One searchable model: its alias name, mapping and how rows become documents."""

    model_label: str
    name: str
    mapping: dict
    pending: Callable
    body: Callable
    rebuild_rows: Callable


@dataclass(frozen=True)
class _PointCriteria:
    latitude: float
    longitude: float
    radius_km: float


def _public_vacancies():
    return vacancy_queryset().filter(status="published", valid_through__gte=timezone.localdate())


def _open_seekers():
    return seeker_queryset().filter(is_open_to_work=True)


INDEX_SPECS = (
    IndexSpec(
        "jobs.vacancy",
        "vacancies",
        VACANCY_MAPPING,
        pending_vacancies,
        vacancy_body,
        _public_vacancies,
    ),
    IndexSpec(
        "seekers.seekerprofile",
        "seekers",
        SEEKER_MAPPING,
        pending_seekers,
        seeker_body,
        _open_seekers,
    ),
    IndexSpec(
        "search.jobalert",
        "alerts",
        ALERT_MAPPING,
        pending_alerts,
        alert_body,
        lambda: alert_queryset().filter(is_active=True),
    ),
)


def _index_name(alias: str) -> str:
    return f"{alias}-{datetime.now(tz=UTC).strftime('%Y%m%d%H%M%S%f')}"


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self) -> None:
        auth = None
        if settings.ELASTICSEARCH_USERNAME:
            auth = (settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD)
        self.client = Elasticsearch(
            settings.ELASTICSEARCH_URLS,
            basic_auth=auth,
            request_timeout=settings.ELASTICSEARCH_TIMEOUT,
            retry_on_timeout=True,
            max_retries=2,
        )
        prefix = settings.ELASTICSEARCH_INDEX_PREFIX
        self.aliases = {spec.model_label: f"{prefix}-{spec.name}" for spec in INDEX_SPECS}
        self.specs = {spec.model_label: spec for spec in INDEX_SPECS}
        self.vacancy_alias = self.aliases["jobs.vacancy"]
        self.seeker_alias = self.aliases["seekers.seekerprofile"]
        self.alert_alias = self.aliases["search.jobalert"]

    # -- health -----------------------------------------------------------------------------

    def ping(self) -> tuple[bool, str]:
        try:
            # GET / lives in the rest-root module, which the integ-test distribution lacks.
            nodes = self.client.options(request_timeout=2, max_retries=0).nodes.info(
                node_id="_local", filter_path="nodes.*.version"
            )
            version = next(iter(nodes["nodes"].values()))["version"]
            return True, f"Elasticsearch {version}"
        except Exception as error:
            urls = ", ".join(settings.ELASTICSEARCH_URLS)
            return False, f"cannot reach Elasticsearch at {urls} ({error.__class__.__name__})"

    # -- writing ----------------------------------------------------------------------------

    def _create_index(self, spec: IndexSpec, *, with_alias: bool) -> str:
        alias = self.aliases[spec.model_label]
        name = _index_name(alias)
        body = {"settings": index_settings(), "mappings": spec.mapping}
        if with_alias:
            body["aliases"] = {alias: {"is_write_index": True}}
        self.client.indices.create(index=name, **body)
        return name

    def ensure_index(self, spec: IndexSpec) -> None:
        try:
            if not self.client.indices.exists_alias(name=self.aliases[spec.model_label]):
                self._create_index(spec, with_alias=True)
        except ApiError as error:
            if error.meta.status != 400:  # 400: created concurrently by another worker
                raise
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error

    def index(self, *, model_label: str, pks: list[int]) -> int:
        spec = self.specs.get(model_label)
        if spec is None:
            raise ValueError(f"no search index for {model_label}")
        self.ensure_index(spec)
        alias = self.aliases[model_label]
        pending = spec.pending(pks)
        versions = {document.pk: document.version for document in pending}
        actions = []
        for document in pending:
            action = {"_index": alias, "_id": str(document.pk)}
            if document.version:
                action.update(version=document.version, version_type="external")
            if document.body is None:
                action["_op_type"] = "delete"
            else:
                action["_source"] = document.body
            actions.append(action)
        confirmed: dict[int, int] = {}
        written = 0
        try:
            for ok, item in streaming_bulk(
                self.client, actions, raise_on_error=False, raise_on_exception=True, chunk_size=500
            ):
                result = next(iter(item.values()))
                pk = int(result["_id"])
                status = result.get("status", 500)
                # 409: the index already holds a newer version; 404: nothing to delete.
                if ok or status in (404, 409):
                    written += 1 if ok and status in (200, 201) else 0
                    version = versions[pk]
                    if version and status != 409:
                        confirmed[pk] = version
                else:
                    logger.error(
                        "search: indexing %s %s failed: %s", model_label, pk, result.get("error")
                    )
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error
        confirm_indexed(model_label=model_label, versions=confirmed)
        return written

    def rebuild(self) -> dict[str, int]:
        return {spec.name: self.rebuild_index(spec) for spec in INDEX_SPECS}

    def rebuild_index(self, spec: IndexSpec) -> int:
        """Build a fresh index in bulk, then swap the alias in one atomic step.

        Searches keep hitting the old index until the swap; a new index that holds clearly fewer
        documents than the database has rows for is thrown away and the alias left alone."""
        alias = self.aliases[spec.model_label]
        try:
            new_index = self._create_index(spec, with_alias=False)
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error
        rows = spec.rebuild_rows()
        expected = rows.count()
        versions: dict[int, int] = {}

        def actions():
            for row in rows.order_by("pk").iterator(chunk_size=1000):
                versions[row.pk] = row.search_version
                yield {
                    "_index": new_index,
                    "_id": str(row.pk),
                    "version": row.search_version,
                    "version_type": "external",
                    "_source": spec.body(row),
                }

        try:
            for _ok, _item in streaming_bulk(
                self.client, actions(), chunk_size=1000, raise_on_error=True
            ):
                pass
            self.client.indices.refresh(index=new_index)
            count = self.client.count(index=new_index)["count"]
        except (BulkIndexError, *_TRANSIENT) as error:
            self.client.options(ignore_status=404).indices.delete(index=new_index)
            raise SearchUnavailable(
                f"rebuild failed, alias {alias} left unchanged: {error}"
            ) from error
        if expected and count < expected * REBUILD_MIN_COMPLETENESS:
            self.client.options(ignore_status=404).indices.delete(index=new_index)
            raise SearchUnavailable(
                f"rebuild refused: the new index holds {count} of {expected} {spec.name}; "
                f"the alias {alias} still points at the old index"
            )
        old_indices = [
            name
            for name in self.client.options(ignore_status=404).indices.get_alias(name=alias)
            if name not in ("error", "status")
        ]
        swap = [{"remove": {"index": name, "alias": alias}} for name in old_indices]
        swap.append({"add": {"index": new_index, "alias": alias, "is_write_index": True}})
        self.client.indices.update_aliases(actions=swap)
        for name in old_indices:
            self.client.options(ignore_status=404).indices.delete(index=name)
        confirm_indexed(model_label=spec.model_label, versions=versions)
        return count

    def refresh(self) -> None:
        """Make every write searchable now. Tests and benchmarks only: production never forces it."""
        self.client.indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*")

    def drop_all(self) -> None:
        prefix = settings.ELASTICSEARCH_INDEX_PREFIX
        self.client.options(ignore_status=404).indices.delete(
            index=f"{prefix}-*", expand_wildcards="all"
        )

    # -- reading ----------------------------------------------------------------------------

    def _candidate_pks(self, search: Search) -> list[int]:
        try:
            response = search.source(False).execute()
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error
        except ApiError as error:
            if error.meta.status == 404:
                return []
            raise
        return [int(hit.meta.id) for hit in response.hits]

    def vacancy_candidates(self, seeker, *, limit: int, today=None) -> list[int]:
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

    def seeker_candidates(self, vacancy, *, limit: int) -> list[int]:
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

        def either_unset(flag_or_field: str, clause, *, is_flag: bool = False):
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
            .extra(size=5000)
        )
        users: set[int] = set()
        after = None
        try:
            while True:
                page = search.extra(search_after=after) if after else search
                response = page.execute()
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
                if len(hits) < 5000:
                    break
                after = list(hits[-1].meta.sort)
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error
        except ApiError as error:
            if error.meta.status == 404:
                return []
            raise
        return sorted(users)

    def open_counts(self, *, field: str, size: int = 500) -> dict[str, int]:
        search = (
            Search(using=self.client, index=self.vacancy_alias)
            .filter("range", valid_through={"gte": timezone.localdate().isoformat()})
            .extra(size=0)
        )
        search.aggs.bucket("values", "terms", field=field, size=size)
        try:
            response = search.execute()
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error
        except ApiError as error:
            if error.meta.status == 404:
                return {}
            raise
        return {bucket.key: bucket.doc_count for bucket in response.aggregations["values"].buckets}

    def title_suggestions(self, prefix: str, *, size: int) -> list[str]:
        search = (
            Search(using=self.client, index=self.vacancy_alias)
            .filter("range", valid_through={"gte": timezone.localdate().isoformat()})
            .query("match_phrase_prefix", title={"query": prefix, "max_expansions": 20})
        )
        search = search.source(["title"])[: size * 3]
        try:
            response = search.execute()
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error
        except ApiError as error:
            if error.meta.status == 404:
                return []
            raise
        return list(dict.fromkeys(hit.title for hit in response.hits))[:size]

    def search_vacancies(self, query: VacancyQuery) -> SearchPage:
        search = Search(using=self.client, index=self.vacancy_alias)
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
        search = search[query.offset : query.offset + query.page_size]
        try:
            response = search.execute()
        except _TRANSIENT as error:
            raise SearchUnavailable(str(error)) from error
        except ApiError as error:
            if error.meta.status == 404:  # nothing indexed yet
                return SearchPage(hits=[], total=0)
            raise
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
