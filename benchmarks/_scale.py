"""The search benchmark at several sizes (`benchmarks/search.py --scale 100000,1000000`).

At each number of published vacancies (the seekers stay at ``--seekers``, e.g. 300,000): search,
seeker matches and vacancy candidates through the API under gunicorn at ``--rate`` requests per
second (p50/p95/p99, errors), the index sizes (``_cat/indices``) and the heap of every node
(``_nodes/stats``, sampled while the requests run).

Data is made fast: the first size is generated like the other benchmarks (``_data``,
``bulk_create``) and indexed by the backend's own ``rebuild()``; every larger size is reached by
copying those vacancies flat: ``INSERT ... SELECT`` in PostgreSQL (new primary keys, every column
and skill link kept) and a raw bulk of the copied documents into the same index (``_id`` and
``pk`` moved, the same external version), so each copy is exactly the document the backend
would build for its row, and each copy carries its base row's confirmed index version (nothing
is left dirty).
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from typing import Any

from benchmarks._common import log, target

HEAP_SAMPLE_SECONDS = 2.0


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] <= 0:
        raise SystemExit("--scale takes vacancy counts, e.g. --scale 100000,1000000")
    return sizes


# -- data -----------------------------------------------------------------------------------------


def generate_base(args, rng: random.Random, *, vacancies: int, seekers: int) -> dict:
    from benchmarks import _data
    from search.backend import get_search_backend

    started = time.monotonic()
    by_category = _data.load_taxonomy()
    place_list = _data.places()
    employers = _data.create_employers(count=args.employers, rng=rng, place_list=place_list)
    _data.create_vacancies(employers=employers, count=vacancies, rng=rng, by_category=by_category)
    people = _data.create_seekers(
        count=seekers, rng=rng, by_category=by_category, place_list=place_list
    )
    _data.create_alerts(seekers=people, count=args.alerts, rng=rng, by_category=by_category)
    generated = time.monotonic() - started
    log(f"data generated in {generated:.0f}s; rebuilding the indices")
    started = time.monotonic()
    counts = get_search_backend().rebuild()
    rebuilt = time.monotonic() - started
    log(f"rebuilt {counts} in {rebuilt:.0f}s")
    return {
        "generate_seconds": round(generated, 1),
        "rebuild_seconds": round(rebuilt, 1),
        "indexed": counts,
    }


def _copy_table(
    model,
    *,
    offset: int,
    where: str,
    params: list,
    shifted: dict[str, int],
    changed: dict[str, str],
) -> None:
    """INSERT ... SELECT a table's rows onto itself: ``id`` + offset, the columns in ``shifted``
    + their offset (foreign keys to copied rows), ``changed`` columns as SQL expressions."""
    from django.db import connection

    columns = [str(field.column) for field in model._meta.concrete_fields]
    select = []
    for column in columns:
        if column == "id":
            select.append(f"id + {int(offset)}")
        elif column in shifted:
            select.append(f"{column} + {int(shifted[column])}")
        else:
            select.append(changed.get(column, column))
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(select)} FROM {table} WHERE {where}",
            params,
        )


def grow_seekers(*, want: int) -> dict:
    """Copy the generated seekers (users, consents, profiles, skills; the documents of the open
    ones) until ``want`` profiles exist: a copy gets new ids, an email of its own, no phone and
    no NIK."""
    from django.db import connection, transaction
    from django.db.models import Max

    from accounts.models import User
    from consents.models import Consent
    from seekers.models import SeekerProfile, SeekerSkill

    started = time.monotonic()
    base_last = SeekerProfile.objects.aggregate(last=Max("pk"))["last"] or 0
    base_count = SeekerProfile.objects.count()
    have, documents, copy = base_count, 0, 0
    while have < want and base_count:
        copy += 1
        count = min(base_count, want - have)
        user_offset = (User.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        profile_offset = -(-(SeekerProfile.objects.aggregate(last=Max("pk"))["last"]) // base_last)
        profile_offset *= base_last
        chosen = "id IN (SELECT id FROM seekers_seekerprofile WHERE id <= %s ORDER BY id LIMIT %s)"
        with transaction.atomic():
            _copy_table(
                User,
                offset=user_offset,
                where="id IN (SELECT user_id FROM seekers_seekerprofile WHERE id <= %s "
                "ORDER BY id LIMIT %s)",
                params=[base_last, count],
                shifted={},
                changed={"email": f"'c{copy}-' || email", "phone": "NULL"},
            )
            # Her consents too: without (a) and (b) she is no candidate (``candidates()``).
            _copy_table(
                Consent,
                offset=(Consent.objects.aggregate(last=Max("pk"))["last"] or 0),
                where="user_id IN (SELECT user_id FROM seekers_seekerprofile WHERE id <= %s "
                "ORDER BY id LIMIT %s)",
                params=[base_last, count],
                shifted={"user_id": user_offset},
                changed={},
            )
            _copy_table(
                SeekerProfile,
                offset=profile_offset,
                where=chosen,
                params=[base_last, count],
                shifted={"user_id": user_offset},
                changed={"nik_encrypted": "''", "nik_digest": "NULL"},
            )
            _copy_table(
                SeekerSkill,
                offset=(SeekerSkill.objects.aggregate(last=Max("pk"))["last"] or 0),
                where="seeker_id IN (SELECT id FROM seekers_seekerprofile WHERE id <= %s "
                "ORDER BY id LIMIT %s)",
                params=[base_last, count],
                shifted={"seeker_id": profile_offset},
                changed={},
            )
        documents += _copy_documents(
            alias_label="seekers.seekerprofile",
            offset=profile_offset,
            up_to_pk=base_last,
            count=count,
        )
        have += count
        log(f"  {have} seekers ({time.monotonic() - started:.0f}s)")
    with connection.cursor() as cursor:
        for table in (
            "accounts_user",
            "consents_consent",
            "seekers_seekerprofile",
            "seekers_seekerskill",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
            cursor.execute(f"ANALYZE {table}")
    return {"seconds": round(time.monotonic() - started, 1), "documents_copied": documents}


def _copy_rows(*, offset: int, up_to_pk: int, count: int) -> None:
    """Copy the vacancies with pk <= up_to_pk (the first ``count`` of them) to pk + offset."""
    from django.db import connection

    from jobs.models import Vacancy, VacancySkill

    vacancy_columns = [
        str(field.column) for field in Vacancy._meta.concrete_fields if not field.primary_key
    ]
    link_columns = [
        str(field.column)
        for field in VacancySkill._meta.concrete_fields
        if not field.primary_key and field.column != "vacancy_id"
    ]
    columns = ", ".join(vacancy_columns)
    links = ", ".join(link_columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Vacancy._meta.db_table} (id, {columns}) "
            f"SELECT id + %s, {columns} FROM {Vacancy._meta.db_table} "
            "WHERE id <= %s ORDER BY id LIMIT %s",
            [offset, up_to_pk, count],
        )
        cursor.execute(
            f"INSERT INTO {VacancySkill._meta.db_table} (vacancy_id, {links}) "
            f"SELECT vacancy_id + %s, {links} FROM {VacancySkill._meta.db_table} "
            "WHERE vacancy_id IN (SELECT id FROM jobs_vacancy WHERE id <= %s ORDER BY id LIMIT %s)",
            [offset, up_to_pk, count],
        )


def _copy_documents(
    *, offset: int, up_to_pk: int, count: int, alias_label: str = "jobs.vacancy"
) -> int:
    """Bulk the documents of the copied rows: the base document with ``_id`` and pk moved (rows
    not in the index, e.g. seekers not open to work, have no document to copy)."""
    from elasticsearch import helpers

    from search.backend import get_search_backend

    backend: Any = get_search_backend()
    client = backend.client
    alias = backend.aliases[alias_label]

    def actions():
        hits = helpers.scan(
            client,
            index=alias,
            query={"query": {"range": {"pk": {"lte": up_to_pk}}}, "sort": ["pk"]},
            size=2_000,
            version=True,
            preserve_order=True,
        )
        for hit in itertools.islice(hits, count):
            pk = int(hit["_id"]) + offset
            yield {
                "_index": alias,
                "_id": str(pk),
                "version": hit["_version"],
                "version_type": "external",
                "_source": {**hit["_source"], "pk": pk},
            }

    written = 0
    for ok, _item in helpers.parallel_bulk(
        client, actions(), thread_count=2, chunk_size=2_000, raise_on_error=True
    ):
        written += 1 if ok else 0
    return written


def grow(*, base_pks: tuple[int, int], have: int, want: int) -> dict:
    """Copy the base vacancies until ``want`` exist; confirm the copies as indexed."""
    from django.db import connection, transaction

    first_pk, last_pk = base_pks
    base_count = last_pk - first_pk + 1
    started = time.monotonic()
    documents = 0
    while have < want:
        count = min(base_count, want - have)
        offset = _next_offset(last_pk)
        with transaction.atomic():
            _copy_rows(offset=offset, up_to_pk=last_pk, count=count)
        documents += _copy_documents(offset=offset, up_to_pk=last_pk, count=count)
        have += count
        log(f"  {have} vacancies ({time.monotonic() - started:.0f}s)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('jobs_vacancy', 'id'), "
            "(SELECT MAX(id) FROM jobs_vacancy))"
        )
        cursor.execute("ANALYZE jobs_vacancy; ANALYZE jobs_vacancyskill")
    return {"seconds": round(time.monotonic() - started, 1), "documents_copied": documents}


def _next_offset(last_base_pk: int) -> int:
    """Copies of the base (pks up to last_base_pk) go above every pk so far, at a multiple of
    last_base_pk, so copy k of base row p is row p + k * last_base_pk."""
    from django.db.models import Max

    from jobs.models import Vacancy

    highest = Vacancy.objects.aggregate(highest=Max("pk"))["highest"] or 0
    return -(-highest // last_base_pk) * last_base_pk


# -- what the engine holds and needs --------------------------------------------------------------


def index_sizes() -> dict:
    from django.conf import settings

    from search.backend import get_search_backend

    client: Any = get_search_backend().client  # type: ignore[attr-defined]
    rows = client.cat.indices(
        index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*", format="json", bytes="b"
    )
    result = {}
    for row in rows:
        name = row["index"].removeprefix(f"{settings.ELASTICSEARCH_INDEX_PREFIX}-")
        name = name.rsplit("-", 1)[0]
        result[name] = {
            "docs": int(row["docs.count"]),
            "primary_store_mb": round(int(row["pri.store.size"]) / 2**20, 1),
            "store_mb_with_replicas": round(int(row["store.size"]) / 2**20, 1),
            "primary_shards": int(row["pri"]),
            "replicas": int(row["rep"]),
        }
    return result


class HeapSampler:
    """Samples every node's heap (``_nodes/stats/jvm``) while requests run: the peak in use."""

    def __init__(self) -> None:
        from search.backend import get_search_backend

        self.client: Any = get_search_backend().client  # type: ignore[attr-defined]
        self.stopped = threading.Event()
        self.peak: dict[str, int] = {}
        self.maximum: dict[str, int] = {}
        self.thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        stats = self.client.nodes.stats(metric="jvm", filter_path="nodes.*.name,nodes.*.jvm.mem")
        for node in stats["nodes"].values():
            memory = node["jvm"]["mem"]
            name = node["name"]
            self.peak[name] = max(self.peak.get(name, 0), memory["heap_used_in_bytes"])
            self.maximum[name] = memory["heap_max_in_bytes"]

    def _run(self) -> None:
        while not self.stopped.wait(HEAP_SAMPLE_SECONDS):
            try:
                self.sample()
            except Exception:  # noqa: BLE001 - a missed sample is not a failure
                continue

    def __enter__(self) -> HeapSampler:
        self.sample()
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join(timeout=10)

    def report(self) -> dict:
        stats = self.client.nodes.stats(
            metric="indices", index_metric="segments,query_cache,fielddata,request_cache"
        )
        off_heap = {}
        for node in stats["nodes"].values():
            indices = node["indices"]
            off_heap[node["name"]] = {
                "segments": indices["segments"]["count"],
                "query_cache_mb": round(indices["query_cache"]["memory_size_in_bytes"] / 2**20, 1),
                "fielddata_mb": round(indices["fielddata"]["memory_size_in_bytes"] / 2**20, 1),
                "request_cache_mb": round(
                    indices["request_cache"]["memory_size_in_bytes"] / 2**20, 1
                ),
            }
        return {
            "nodes": len(self.maximum),
            "peak_heap_used_mb": {k: round(v / 2**20) for k, v in sorted(self.peak.items())},
            "heap_max_mb": {k: round(v / 2**20) for k, v in sorted(self.maximum.items())},
            "peak_heap_used_mb_all_nodes": round(sum(self.peak.values()) / 2**20),
            "caches": off_heap,
        }


# -- one size -------------------------------------------------------------------------------------


def measure(args, env: dict, rng: random.Random) -> dict:
    from benchmarks.search import api_latency, raw_took, request_sets

    count = int(args.rate * args.duration)
    sets = request_sets(rng=rng, count=count)
    with HeapSampler() as heap:
        api = api_latency(env=env, args=args, sets=sets)
        # the engine's own time for the same searches, one at a time (no HTTP queue)
        engine = raw_took(sets["search_params"][:200])
    figures = {
        name: {
            "p50_ms": api[name]["latency_ms"]["p50"],
            "p95_ms": api[name]["latency_ms"]["p95"],
            "p99_ms": api[name]["latency_ms"]["p99"],
            "errors": api[name]["errors"],
            "achieved_completion_rate": api[name].get("achieved_completion_rate"),
        }
        for name in ("search", "seeker_matches", "vacancy_matches")
    }
    return {
        "latency": figures,
        "search_took_ms": engine["took_ms"],
        "search_backend_call_ms": engine["backend_call_ms"],
        "api": api,
        "heap": heap.report(),
        "indices": index_sizes(),
    }


def run_scale(args, env: dict, rng: random.Random, result: dict) -> None:
    from django.db.models import Max, Min

    from jobs.models import Vacancy
    from seekers.models import SeekerProfile

    sizes = parse_sizes(args.scale)
    log(f"scale: {sizes} published vacancies, {args.seekers} seekers")
    base = min(args.scale_base or sizes[0], sizes[0])
    result["data"] = generate_base(
        args, rng, vacancies=base, seekers=min(args.seekers, args.scale_base or args.seekers)
    )
    bounds = Vacancy.objects.aggregate(first=Min("pk"), last=Max("pk"))
    base_pks = (bounds["first"], bounds["last"])
    have = base
    if args.seekers > SeekerProfile.objects.count():
        log(f"growing to {args.seekers} seekers (flat copies)")
        result["data"]["grow_seekers"] = grow_seekers(want=args.seekers)
    result["sizes"] = {}
    for size in sizes:
        step: dict = {}
        if size > have:
            log(f"growing to {size} vacancies (flat copies)")
            step["grow"] = grow(base_pks=base_pks, have=have, want=size)
            have = size
        step["published_vacancies"] = Vacancy.objects.filter(status="published").count()
        step["seeker_profiles"] = SeekerProfile.objects.count()
        log(f"{size} vacancies: requests at {args.rate}/s")
        step.update(measure(args, env, rng))
        result["sizes"][str(size)] = step
        latency = step["latency"]
        log(f"  {size}: {latency}")
        log(f"  heap: {step['heap']['peak_heap_used_mb']}; indices: {step['indices']}")
    smallest, largest = str(sizes[0]), str(sizes[-1])
    growth = {}
    for name in ("search", "seeker_matches", "vacancy_matches"):
        low = result["sizes"][smallest]["latency"][name]
        high = result["sizes"][largest]["latency"][name]
        growth[name] = {
            f"p50_ratio_{largest}_to_{smallest}": _ratio(high["p50_ms"], low["p50_ms"]),
            f"p99_ratio_{largest}_to_{smallest}": _ratio(high["p99_ms"], low["p99_ms"]),
        }
    result["growth"] = growth
    top = result["sizes"][largest]["latency"]
    result["targets"] = {
        f"search_p99_ms_at_{largest}": target(top["search"]["p99_ms"], 150),
        f"seeker_matches_p99_ms_at_{largest}": target(top["seeker_matches"]["p99_ms"], 150),
        f"vacancy_matches_p99_ms_at_{largest}": target(top["vacancy_matches"]["p99_ms"], 150),
        "no_errors": target(
            sum(
                figures["errors"]
                for step in result["sizes"].values()
                for figures in step["latency"].values()
            ),
            0,
        ),
    }


def _ratio(high, low):
    return None if not high or not low else round(high / low, 2)
