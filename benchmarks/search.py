"""Search benchmark: realistic data, rebuild vs raw bulk, API latency at a fixed rate, percolation.

Usage (see benchmarks/README.md):
    .venv/bin/python benchmarks/search.py [--vacancies 100000 --seekers 100000 --alerts 10000
                                           --rate 20 --duration 30 --keep]
Progress goes to stderr; one JSON object goes to stdout.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

# This folder holds search.py and notifications.py, which would shadow the apps of those names:
# the project root goes first and the script's own folder is dropped from the path.
_ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(_ROOT)] + [
    p for p in sys.path if Path(p or ".").resolve() != _ROOT / "benchmarks"
]

from benchmarks._common import (  # noqa: E402
    add_common_arguments,
    bootstrap,
    emit,
    log,
    machine,
    start_gunicorn,
    summary,
    target,
    teardown,
)

SEARCH_WORDS = [
    "penjahit", "overlock", "jamu", "jamu gendong", "penjahit borongan", "batik tulis",
    "pembatik", "kue basah", "kasir minimarket", "pramuniaga", "admin online shop",
    "tukang jahit seragam", "bordir kerudung", "katering rumahan", "laundry", "cuci piring",
    "sopir", "rias pengantin", "pengasuh anak", "keripik singkong", "frozen food",
    "kerja dari rumah", "jahit borongan konveksi", "payet kebaya", "barista kopi",
]  # fmt: skip
WORK_TYPES = ("full_time", "part_time", "home_based", "piece_rate", "freelance")
ENDPOINTS = ("search", "seeker_matches", "vacancy_matches")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--seekers", type=int, default=100_000)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--employers", type=int, default=5_000)
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per endpoint")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--percolations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--redis-db", type=int, default=12, help="Redis DB of the broker")
    parser.add_argument(
        "--database-backend-only",
        action="store_true",
        help="only the data, the Elasticsearch index and the database backend figures",
    )
    parser.add_argument(
        "--database-backend-searches",
        type=int,
        default=100,
        help="searches of the pool timed on each backend for the database backend figures",
    )
    parser.add_argument(
        "--mixed-configs",
        default="5,6,3x4",
        help="gunicorn configurations of the mixed load: N sync workers, NxM gthread (M threads)",
    )
    parser.add_argument("--mixed-clients", type=int, default=20)
    parser.add_argument("--mixed-seconds", type=float, default=30.0)
    parser.add_argument("--mixed-warmup", type=float, default=5.0)
    parser.add_argument(
        "--mixed-only",
        action="store_true",
        help="only the data, the rebuild and the mixed load",
    )
    parser.add_argument(
        "--baseline-tree",
        default="",
        help="a checkout of older code: its API and this tree's, on the same data, alternating"
        " (benchmarks/_baseline.py); with --baseline-only just the data, the rebuild and this",
    )
    parser.add_argument("--baseline-only", action="store_true")
    parser.add_argument("--baseline-requests", type=int, default=100)
    parser.add_argument(
        "--compare-searches",
        type=int,
        default=150,
        help="searches sent one at a time through the API and raw to Elasticsearch, alternating",
    )
    parser.add_argument(
        "--skip-database-backend",
        action="store_true",
        help="leave out the database backend step (minutes at 100k rows)",
    )
    parser.add_argument(
        "--scale",
        default="",
        help="vacancy counts, e.g. 100000,1000000: only the latency of search and matches at 20"
        " req/s, the index sizes and the heap at each size (benchmarks/_scale.py)",
    )
    parser.add_argument(
        "--scale-base",
        type=int,
        default=0,
        help="with --scale: vacancies and seekers generated and rebuilt for real (default: the"
        " first size and --seekers); the rest are flat copies of them",
    )
    add_common_arguments(parser)
    return parser.parse_args()


# -- data -----------------------------------------------------------------------------------------


def generate(args, rng: random.Random) -> dict:
    from benchmarks import _data

    started = time.monotonic()
    log("generating data")
    by_category = _data.load_taxonomy()
    place_list = _data.places()
    employers = _data.create_employers(count=args.employers, rng=rng, place_list=place_list)
    _data.create_vacancies(
        employers=employers, count=args.vacancies, rng=rng, by_category=by_category
    )
    seekers = _data.create_seekers(
        count=args.seekers, rng=rng, by_category=by_category, place_list=place_list
    )
    _data.create_alerts(seekers=seekers, count=args.alerts, rng=rng, by_category=by_category)
    seconds = time.monotonic() - started
    log(f"data generated in {seconds:.0f}s")
    return {"seconds": round(seconds, 1), "places": len(place_list)}


# -- rebuild vs raw bulk --------------------------------------------------------------------------


class _Timed:
    """Wraps a callable and adds up the seconds spent in it (instrumentation, not a change).

    ``only_path``: for a transport's ``perform_request(method, path, ...)``, count only the
    requests whose path contains it (the bulk requests)."""

    def __init__(self, function, only_path: str = "") -> None:
        self.function = function
        self.only_path = only_path
        self.seconds = 0.0
        self.calls = 0

    def __call__(self, *args, **kwargs):
        if self.only_path and self.only_path not in str(args[1] if len(args) > 1 else ""):
            return self.function(*args, **kwargs)
        started = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


def _raw_bulk(client, spec, captured: list[tuple[int, int, dict]]) -> tuple[int, float, float]:
    """Bulk the captured bodies into a scratch index: (documents written, bulk s, refresh s)."""
    from django.conf import settings
    from elasticsearch import helpers

    from search.mappings import index_settings

    scratch = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-scratch-{spec.name}"
    actions = [
        {
            "_index": scratch,
            "_id": str(pk),
            "version": version,
            "version_type": "external",
            "_source": body,
        }
        for pk, version, body in captured
    ]
    client.options(ignore_status=404).indices.delete(index=scratch)
    client.indices.create(index=scratch, settings=index_settings(), mappings=spec.mapping)
    log(f"raw bulk {spec.name} ({len(actions)} documents)")
    started = time.monotonic()
    written, _errors = helpers.bulk(client, actions, chunk_size=1000)
    raw_seconds = time.monotonic() - started
    started = time.monotonic()
    client.indices.refresh(index=scratch)
    refresh_seconds = time.monotonic() - started
    client.options(ignore_status=404).indices.delete(index=scratch)
    return written, raw_seconds, refresh_seconds


def _rebuild_and_raw(backend, writer, spec) -> dict:
    """One index: ``rebuild_index`` timed, then a raw ``helpers.bulk`` of its very documents."""
    import dataclasses

    client = backend.client
    transport: Any = client.transport
    original_confirm = writer.confirm_indexed
    original_perform = transport.perform_request
    captured: list[tuple[int, int, dict]] = []

    def capture(_documents=spec.documents, _captured=captured):
        for document in _documents():
            _captured.append(document)
            yield document

    try:
        confirm = writer.confirm_indexed = _Timed(original_confirm)
        bulk = transport.perform_request = _Timed(original_perform, only_path="/_bulk")
        started = time.monotonic()
        count = backend.rebuild_index(dataclasses.replace(spec, documents=capture))
        rebuild_seconds = time.monotonic() - started
    finally:
        transport.perform_request = original_perform
        writer.confirm_indexed = original_confirm

    if not captured:
        # Built in the rebuild's builder processes (not through ``capture``): the same
        # documents again here, untimed, for the raw bulk.
        from search.analysis import pinned_vocabulary

        with pinned_vocabulary():
            captured.extend(spec.documents())
    written, raw_seconds, refresh_seconds = _raw_bulk(client, spec, captured)
    del captured

    other = rebuild_seconds - bulk.seconds - confirm.seconds
    log(
        f"  {spec.name}: rebuild {count / rebuild_seconds:.0f} docs/s "
        f"(bulk {bulk.seconds:.1f}s, confirm_indexed {confirm.seconds:.1f}s, "
        f"rows+bodies {other:.1f}s), raw bulk {written / raw_seconds:.0f} docs/s"
    )
    return {
        "documents": count,
        "rebuild_seconds": round(rebuild_seconds, 2),
        "rebuild_docs_per_s": round(count / rebuild_seconds) if rebuild_seconds else None,
        "raw_bulk_seconds": round(raw_seconds, 2),
        "raw_bulk_docs_per_s": round(written / raw_seconds) if raw_seconds else None,
        "raw_refresh_seconds": round(refresh_seconds, 2),
        "ratio": round(raw_seconds / rebuild_seconds, 3) if rebuild_seconds else None,
        "rebuild_breakdown_seconds": {
            "elasticsearch_bulk_requests": round(bulk.seconds, 2),
            "confirm_indexed_update": round(confirm.seconds, 2),
            "read_rows_build_bodies_and_rest": round(other, 2),
        },
    }


def _all_indices(figures: list[dict]) -> dict:
    documents = sum(item["documents"] for item in figures)
    rebuild = sum(item["rebuild_seconds"] for item in figures)
    raw = sum(item["raw_bulk_seconds"] for item in figures)
    raw_refresh = sum(item["raw_refresh_seconds"] for item in figures)
    return {
        "documents": documents,
        "rebuild_docs_per_s": round(documents / rebuild),
        "raw_bulk_docs_per_s": round(documents / raw),
        "ratio": round(raw / rebuild, 3),
        "ratio_raw_including_refresh": round((raw + raw_refresh) / rebuild, 3),
    }


def rebuild_vs_raw() -> dict:
    """Time ``rebuild_index`` per index, then a raw ``helpers.bulk`` of the very same documents.

    The documents are captured while the rebuild builds them (the spec's own document source,
    wrapped to keep a copy), so the raw bulk sends identical bodies with identical versions.
    The rebuild's bulk requests run on sender threads while documents are built: the bulk
    seconds of the breakdown are summed over those threads and overlap the rest.

    Every index twice, each time with its own raw bulk: COLD, fresh rows as generated (no
    analysis stored, no row confirmed: what a change of ``ANALYSIS_VERSION`` or of the taxonomy
    costs, every analysis computed and stored, every row's ``indexed_version`` written), then
    WARM, the steady state the cold rebuild leaves, the one every row indexed after its write is
    in: its analysis stored and its version confirmed (``confirm_indexed`` then writes nothing).
    ``all`` (the target) counts the warm rebuilds, ``all_cold`` the cold ones."""
    from django.apps import apps
    from django.db import connection

    from search.analysis import analyze_document
    from search.backend import get_search_backend
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.models import VacancyAnalysis

    backend = get_search_backend()
    assert isinstance(backend, ElasticsearchBackend), "this benchmark measures Elasticsearch"
    # The module whose rebuild_index calls confirm_indexed: its global is wrapped to time it.
    writer: Any = sys.modules[type(backend).rebuild_index.__module__]
    analyze_document("penjahit borongan")  # load the Sastrawi dictionary once, untimed
    # The planner's statistics, as autovacuum keeps them in any live database: the rows were
    # generated seconds ago, and without them PostgreSQL hashed every consent row for each page
    # of candidates (reading the seekers took 1.3 s at 30k instead of 0.35 s). Untimed.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result: dict = {}
    for spec in list(backend.specs.values()):
        if spec.model_label == "jobs.vacancy":
            VacancyAnalysis.objects.all().delete()
        apps.get_model(spec.model_label).objects.update(indexed_version=0)
        log(f"rebuild {spec.name}, fresh rows: no analysis stored, none confirmed (cold)")
        result[f"{spec.name}_cold"] = _rebuild_and_raw(backend, writer, spec)
        log(f"rebuild {spec.name}, every analysis stored and row confirmed (warm)")
        result[spec.name] = _rebuild_and_raw(backend, writer, spec)
    names = [spec.name for spec in backend.specs.values()]
    result["all"] = _all_indices([result[name] for name in names])
    result["all_cold"] = _all_indices([result[f"{name}_cold"] for name in names])
    return result


# -- percolation ----------------------------------------------------------------------------------


def percolation(*, samples: int, rng: random.Random) -> dict:
    from jobs.models import Vacancy
    from search.backend import get_search_backend
    from search.documents import vacancy_body, vacancy_queryset

    backend = get_search_backend()
    pks = list(Vacancy.objects.filter(status="published").values_list("pk", flat=True))
    chosen = rng.sample(pks, min(samples, len(pks)))
    vacancies = list(vacancy_queryset().filter(pk__in=chosen))
    for vacancy in vacancies[:5]:  # warm-up, not recorded
        backend.alert_users_for(vacancy_body(vacancy))
    body_ms: list[float] = []
    match_ms: list[float] = []
    total_ms: list[float] = []
    users: list[int] = []
    for vacancy in vacancies:
        started = time.perf_counter()
        body = vacancy_body(vacancy)
        built = time.perf_counter()
        matched = backend.alert_users_for(body)
        done = time.perf_counter()
        body_ms.append((built - started) * 1000)
        match_ms.append((done - built) * 1000)
        total_ms.append((done - started) * 1000)
        users.append(len(matched))
    return {
        "vacancies": len(vacancies),
        "latency_ms": summary(total_ms),
        "alert_users_for_ms": summary(match_ms),
        "vacancy_body_ms": summary(body_ms),
        "matched_users": summary(users, digits=0),
        "vacancies_with_no_match": sum(1 for count in users if count == 0),
    }


# -- requests -------------------------------------------------------------------------------------


def search_params(rng: random.Random, count: int) -> list[dict]:
    """A pool of realistic searches: words (synonyms too), skills, work types, near, sort."""
    from benchmarks._data import places
    from jobs.models import Skill

    slugs = list(Skill.objects.values_list("slug", flat=True))
    place_list = places()
    pool = []
    for _ in range(count):
        params: dict = {}
        if rng.random() < 0.8:
            params["q"] = rng.choice(SEARCH_WORDS)
        if rng.random() < 0.2 or not params:
            params["skills"] = ",".join(rng.sample(slugs, rng.randint(1, 2)))
        if rng.random() < 0.25:
            params["work_type"] = ",".join(rng.sample(WORK_TYPES, rng.randint(1, 2)))
        if rng.random() < 0.35:
            place = rng.choice(place_list)
            params["near"] = f"{place.latitude},{place.longitude}"
            params["radius_km"] = rng.choice([2, 5, 10, 20])
            if rng.random() < 0.5:
                params["sort"] = "distance"
        elif rng.random() < 0.15:
            params["sort"] = "newest"
        if rng.random() < 0.1:
            params["page"] = rng.randint(2, 3)
        pool.append(params)
    return pool


def bearer(user) -> dict:
    from rest_framework_simplejwt.tokens import RefreshToken

    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


def request_sets(*, rng: random.Random, count: int) -> dict:
    """Per endpoint, `count` requests (paths and headers), tokens made in-process."""
    from benchmarks._load import Request
    from jobs.models import Vacancy
    from seekers.models import SeekerProfile

    pool = search_params(rng, 200)
    search = [rng.choice(pool) for _ in range(count)]
    seekers = list(
        SeekerProfile.objects.filter(is_open_to_work=True)
        .select_related("user")
        .order_by("?")[:200]
    )
    seeker_headers = [bearer(seeker.user) for seeker in seekers]
    vacancies = list(
        Vacancy.objects.filter(status="published")
        .select_related("employer__owner")
        .order_by("?")[:200]
    )
    owner_headers = {v.pk: bearer(v.employer.owner) for v in vacancies}
    return {
        "search_params": search,
        "search": [Request(f"/api/v1/vacancies/search/?{urlencode(p)}", {}) for p in search],
        "seeker_matches": [
            Request("/api/v1/seekers/me/matches/", rng.choice(seeker_headers)) for _ in range(count)
        ],
        "vacancy_matches": [
            Request(f"/api/v1/vacancies/{v.pk}/matches/", owner_headers[v.pk])
            for v in (rng.choice(vacancies) for _ in range(count))
        ],
    }


def queries_per_page_size(sets: dict) -> dict:
    """SQL queries of one request at page_size 5 and 50 (in-process test client): must be equal."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    cases = {
        "search": (
            "/api/v1/vacancies/search/?q=penjahit&work_type=piece_rate,home_based,full_time",
            {},
        ),
        "seeker_matches": (sets["seeker_matches"][0].path + "?", sets["seeker_matches"][0].headers),
        "vacancy_matches": (
            sets["vacancy_matches"][0].path + "?",
            sets["vacancy_matches"][0].headers,
        ),
    }
    result = {}
    for name, (path, headers) in cases.items():
        joiner = "&" if "?" in path and not path.endswith("?") else ""
        client.get(f"{path}{joiner}page_size=5", headers=headers)  # warm-up (vocabulary etc.)
        counts: dict[int, int | str] = {}
        sizes: dict[int, int] = {}
        for page_size in (5, 50):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{path}{joiner}page_size={page_size}", headers=headers)
            counts[page_size] = len(queries)
            sizes[page_size] = len(response.json().get("results", []))
            if response.status_code != 200:
                counts[page_size] = f"HTTP {response.status_code}"
        result[name] = {
            "queries_page_size_5": counts[5],
            "queries_page_size_50": counts[50],
            "results_page_size_5": sizes[5],
            "results_page_size_50": sizes[50],
            "equal": counts[5] == counts[50],
        }
    return result


def sequential_in_process(sets: dict, *, count: int = 40) -> dict:
    """One request at a time through Django's test client (no HTTP, no queueing): the server's
    own cost per request, which bounds what 2 cores can serve."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for name in ("search", "seeker_matches", "vacancy_matches"):
        requests = sets[name][:count]
        for request in requests[:5]:  # warm-up
            client.get(request.path, headers=request.headers)
        times = []
        for request in requests:
            started = time.perf_counter()
            client.get(request.path, headers=request.headers)
            times.append((time.perf_counter() - started) * 1000)
        result[name] = summary(times)
    return result


def raw_took(params_list: list[dict]) -> dict:
    """The same searches through the same code path (serializer -> backend): ES `took` and wall."""
    from search.api.serializers import VacancySearchInputSerializer
    from search.backend import get_search_backend

    backend = get_search_backend()
    took: list[float] = []
    wall: list[float] = []
    for params in params_list:
        serializer = VacancySearchInputSerializer(data=params)
        serializer.is_valid(raise_exception=True)
        query = serializer.to_query()
        started = time.perf_counter()
        page = backend.search_vacancies(query)
        wall.append((time.perf_counter() - started) * 1000)
        if page.took_ms is not None:  # Elasticsearch always reports it
            took.append(page.took_ms)
    return {"took_ms": summary(took), "backend_call_ms": summary(wall)}


def api_vs_raw(*, port: int, params_list: list[dict]) -> dict:
    """Each search sent twice, one request at a time, alternating: through the API (HTTP to
    gunicorn: Django, the backend, the rows, the response) and raw (the very request the
    backend sends once its words are known, with its ``filter_path`` and ``request_cache``, sent
    with the Elasticsearch client, its JSON parsed). Both share the machine
    at the same moments, so other load on it weighs on both alike."""
    import http.client

    from search.api.serializers import VacancySearchInputSerializer
    from search.backend import get_search_backend

    backend: Any = get_search_backend()
    api_ms: list[float] = []
    raw_ms: list[float] = []
    for number, params in enumerate(params_list):
        serializer = VacancySearchInputSerializer(data=params)
        serializer.is_valid(raise_exception=True)
        arguments = backend.vacancy_search_arguments(serializer.to_query())
        path = f"/api/v1/vacancies/search/?{urlencode(params)}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        api = (time.perf_counter() - started) * 1000
        connection.close()
        started = time.perf_counter()
        backend.client.search(**arguments)
        raw = (time.perf_counter() - started) * 1000
        if number >= 10 and response.status == 200:  # the first ten warm both paths up
            api_ms.append(api)
            raw_ms.append(raw)
    api_summary, raw_summary = summary(api_ms), summary(raw_ms)
    return {
        "api_ms": api_summary,
        "raw_elasticsearch_ms": raw_summary,
        "ratio_p50": round(api_summary["p50"] / raw_summary["p50"], 2)
        if api_ms and raw_summary["p50"]
        else None,
    }


def api_latency(*, env: dict, args, sets: dict) -> dict:
    from benchmarks._load import fire, report

    server, port = start_gunicorn(env=env, workers=args.workers)
    log(f"gunicorn on 127.0.0.1:{port} with {args.workers} sync workers")
    result: dict[str, Any] = {"gunicorn_workers": args.workers}
    try:
        log(f"search through the API vs raw Elasticsearch, {args.compare_searches} each")
        result["search_vs_raw"] = api_vs_raw(
            port=port, params_list=sets["search_params"][: args.compare_searches + 10]
        )
        compared = result["search_vs_raw"]
        log(
            f"  API p50 {compared['api_ms']['p50']} ms, raw p50 "
            f"{compared['raw_elasticsearch_ms']['p50']} ms, ratio {compared['ratio_p50']}"
        )
        for name in ENDPOINTS:
            requests = sets[name]
            warm = max(int(args.rate * 5), 30)
            log(f"{name}: warm-up {warm} requests")
            fire(port=port, requests=requests[:warm], rate=args.rate)
            log(f"{name}: {len(requests)} requests at {args.rate}/s")
            result[name] = report(
                fire(port=port, requests=requests, rate=args.rate), rate=args.rate
            )
            latency = result[name]["latency_ms"]
            log(
                f"  {name}: p50 {latency['p50']} ms, p95 {latency['p95']} ms, p99 {latency['p99']}"
                f" ms, errors {result[name]['errors']}"
            )
    finally:
        server.stop()
    return result


def _minus(a, b):
    return None if a is None or b is None else round(a - b, 1)


def main() -> None:
    args = parse_args()
    env = bootstrap(
        database=args.database, redis_db=args.redis_db, elasticsearch_url=args.elasticsearch_url
    )
    rng = random.Random(args.seed)
    started = time.monotonic()
    result: dict = {"benchmark": "search", "machine": machine(), "parameters": vars(args)}
    try:
        if args.scale:
            from benchmarks._scale import run_scale

            run_scale(args, env, rng, result)
        else:
            run(args, env, rng, result)
    except BaseException as error:  # still print what was measured, and clean up
        result["error"] = repr(error)
        log(f"failed: {error!r}")
        raise
    finally:
        result["seconds_total"] = round(time.monotonic() - started, 1)
        result["load_average_at_end"] = machine()["load_average_1_5_15"]
        try:
            teardown(database=args.database, keep=args.keep)
        finally:
            emit(result)


def database_backend(args, rng: random.Random) -> dict:
    """The database backend (PostgreSQL, SQLite) beside Elasticsearch on the same searches."""
    from benchmarks._database_backend import database_backend_figures

    pool = search_params(rng, args.database_backend_searches)
    return database_backend_figures(params_list=pool, log=log, summary=summary, target=target)


def mixed(args, env: dict, rng: random.Random) -> dict:
    """The mixed workload per gunicorn configuration (``benchmarks._mixed``)."""
    import math

    from benchmarks import _mixed

    configs = _mixed.parse_configs(args.mixed_configs)
    # Enough writes for 300 req/s in every configuration (5 % applies, 5 % transitions).
    writes = math.ceil(0.05 * 300 * (args.mixed_seconds + args.mixed_warmup) * len(configs))
    log(f"mixed load: preparing {writes} applies and {writes} applications to move along")
    pools = _mixed.prepare(
        rng=rng, search_pool=search_params(rng, 200), writes=writes, bearer=bearer
    )
    return _mixed.mixed_load(
        env=env,
        configs=configs,
        clients=args.mixed_clients,
        seconds=args.mixed_seconds,
        warmup=args.mixed_warmup,
        pools=pools,
        seed=args.seed,
        load_average=lambda: machine()["load_average_1_5_15"],
    )


def mixed_targets(figures: dict) -> dict:
    """The targets on the best configuration: the most served with p99 within 300 ms and no
    error (``_mixed.best_config``); the others are reported beside it."""
    from benchmarks._mixed import P99_LIMIT_MS

    best = figures["configs"][figures["best"]]
    return {
        "mixed_load_best_config": figures["best"],
        "mixed_load_best_throughput_per_s": target(best["throughput_per_s"], 150, at_least=True),
        "mixed_load_best_p99_ms": target(best["latency_ms"]["p99"], P99_LIMIT_MS),
        "mixed_load_errors_all_configs": target(
            sum(config["errors"] for config in figures["configs"].values()), 0
        ),
    }


def run(args, env: dict, rng: random.Random, result: dict) -> None:
    result["data"] = generate(args, rng)
    if args.mixed_only:
        result["rebuild"] = rebuild_vs_raw()
        result["mixed_load"] = mixed(args, env, rng)
        result["targets"] = {
            "rebuild_ratio_of_raw_bulk": target(
                result["rebuild"]["all"]["ratio"], 0.70, at_least=True
            ),
            "rebuild_ratio_of_raw_bulk_cold": result["rebuild"]["all_cold"]["ratio"],
            **mixed_targets(result["mixed_load"]),
        }
        return
    if args.baseline_only:
        from benchmarks._baseline import compare_trees

        result["rebuild"] = rebuild_vs_raw()
        sets = request_sets(rng=rng, count=args.baseline_requests + 10)
        log("sequential requests in-process (server cost per request)")
        result["in_process_sequential_ms"] = sequential_in_process(sets)
        result["baseline_tree"] = compare_trees(
            env=env,
            tree=args.baseline_tree,
            sets=sets,
            workers=args.workers,
            count=args.baseline_requests,
        )
        return
    if args.database_backend_only:
        from search.backend import get_search_backend

        log("building the Elasticsearch indices")
        get_search_backend().rebuild()
        result["database_backend"] = database_backend(args, rng)
        result["targets"] = result["database_backend"]["targets"]
        return
    result["rebuild"] = rebuild_vs_raw()
    log("percolation")
    result["percolation"] = percolation(samples=args.percolations, rng=rng)
    count = int(args.rate * args.duration)
    sets = request_sets(rng=rng, count=count)
    log("queries per request vs page size")
    result["queries_per_request"] = queries_per_page_size(sets)
    log("sequential requests in-process (server cost per request)")
    result["in_process_sequential_ms"] = sequential_in_process(sets)
    result["api"] = api_latency(env=env, args=args, sets=sets)
    log("raw Elasticsearch took for the same searches")
    result["raw_search"] = raw_took(sets["search_params"])
    api_p50 = result["api"]["search"]["latency_ms"]["p50"]
    result["api_overhead_ms"] = {
        "median_api_latency_minus_median_took": _minus(
            api_p50, result["raw_search"]["took_ms"]["p50"]
        ),
        "median_api_latency_minus_median_backend_call": _minus(
            api_p50, result["raw_search"]["backend_call_ms"]["p50"]
        ),
    }
    result["mixed_load"] = mixed(args, env, rng)
    database_targets: dict = {}
    if not args.skip_database_backend:
        log("database search backend beside Elasticsearch")
        result["database_backend"] = database_backend(args, rng)
        database_targets = result["database_backend"]["targets"]
    api = result["api"]
    result["targets"] = {
        **{f"database_backend_{k}": v for k, v in database_targets.items()},
        "search_p50_ms": target(api["search"]["latency_ms"]["p50"], 50),
        "search_p99_ms": target(api["search"]["latency_ms"]["p99"], 150),
        "seeker_matches_p99_ms": target(api["seeker_matches"]["latency_ms"]["p99"], 150),
        "vacancy_matches_p99_ms": target(api["vacancy_matches"]["latency_ms"]["p99"], 150),
        "median_api_overhead_over_took_ms": target(
            result["api_overhead_ms"]["median_api_latency_minus_median_took"], 15
        ),
        "rebuild_ratio_of_raw_bulk": target(result["rebuild"]["all"]["ratio"], 0.70, at_least=True),
        "rebuild_ratio_of_raw_bulk_cold": result["rebuild"]["all_cold"]["ratio"],
        "percolation_p95_ms": target(result["percolation"]["latency_ms"]["p95"], 100),
        "queries_independent_of_page_size": target(
            all(item["equal"] for item in result["queries_per_request"].values()),
            True,
            at_least=True,
        ),
        "no_errors": target(sum(api[name]["errors"] for name in ENDPOINTS), 0),
        "search_api_p50_over_raw_elasticsearch_p50": target(api["search_vs_raw"]["ratio_p50"], 2.0),
        **mixed_targets(result["mixed_load"]),
    }


if __name__ == "__main__":
    main()
