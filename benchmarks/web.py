"""Web pages benchmark: weight of the first visit and the server time of the search page.

Usage (see benchmarks/README.md):
    .venv/bin/python benchmarks/web.py [--vacancies 100000 --employers 5000 --searches 200]
    .venv/bin/python benchmarks/web.py --office-only [--seekers 100000 --applications 300000]
Progress goes to stderr; one JSON object goes to stdout.

- ``weight``: for the home, search and vacancy pages, the bytes a first visit transfers: the
  HTML gzip-compressed (level 6, as a reverse proxy sends it) plus every stylesheet and script
  the page links, compressed as whitenoise serves them (its precompressed ``.gz``, level 9).
  Target: at most 100 KB each.
- ``server_time``: the search page and the API search of the same query, one after the other in
  this process through Django's test client (no HTTP, no queueing: the server's own cost), on
  the Elasticsearch backend, for ``--searches`` realistic queries. Targets: the page's p95 at most
  100 ms, and the ratio page p95 / API p95 (the page must not cost much more than the API).
- ``office``: the office dashboard and applications list with a signed-in officer at 100k
  vacancies, 100k seekers and 300k applications (``benchmarks/_office.py``). Targets: dashboard
  p95 at most 300 ms, list p95 at most 150 ms.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

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
    summary,
    target,
    teardown,
)

WEIGHT_LIMIT_BYTES = 100 * 1024
PAGE_P95_LIMIT_MS = 100.0
# The page renders HTML around the same search: it may cost this much more than the API.
RATIO_LIMIT = 1.5


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--employers", type=int, default=5_000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--seekers", type=int, default=100_000, help="office step")
    parser.add_argument("--applications", type=int, default=300_000, help="office step")
    parser.add_argument("--office-weeks", type=int, default=12, help="applications spread")
    parser.add_argument("--office-requests", type=int, default=40, help="per office page")
    parser.add_argument(
        "--office-only", action="store_true", help="only the office step (no index, no search)"
    )
    parser.add_argument("--skip-office", action="store_true", help="leave the office step out")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--redis-db", type=int, default=13, help="Redis DB of the broker")
    add_common_arguments(parser)
    parser.set_defaults(database="bench_web")
    return parser.parse_args()


def generate(args, rng: random.Random) -> dict:
    from benchmarks import _data
    from search.backend import get_search_backend

    started = time.monotonic()
    by_category = _data.load_taxonomy()
    place_list = _data.places()
    employers = _data.create_employers(count=args.employers, rng=rng, place_list=place_list)
    _data.create_vacancies(
        employers=employers, count=args.vacancies, rng=rng, by_category=by_category
    )
    log(f"data generated in {time.monotonic() - started:.0f}s; rebuilding the index")
    backend = get_search_backend()
    backend.rebuild()
    backend.refresh()  # type: ignore[attr-defined]  # the Elasticsearch backend's
    return {"seconds": round(time.monotonic() - started, 1)}


_ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def _asset_bytes(url: str) -> int:
    """The size whitenoise sends for a static file: its gzip (level 9) when smaller."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = finders.find(url.removeprefix("/").removeprefix(settings.STATIC_URL.strip("/") + "/"))
    assert isinstance(path, str), url
    raw = Path(path).read_bytes()
    return min(len(raw), len(gzip.compress(raw, compresslevel=9)))


def weight() -> dict:
    from django.test import Client

    from jobs.selectors import public_vacancies

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="id")
    vacancy = public_vacancies().order_by("pk").first()
    assert vacancy is not None
    pages = {"home": "/", "search": "/lowongan/?q=penjahit", "vacancy": f"/lowongan/{vacancy.pk}/"}
    result = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        html = response.content
        assets = {url: _asset_bytes(url) for url in _ASSET.findall(html.decode())}
        html_bytes = len(gzip.compress(html, compresslevel=6))
        result[name] = {
            "path": path,
            "html_bytes_raw": len(html),
            "html_bytes_gzip": html_bytes,
            "assets_bytes_gzip": assets,
            "total_bytes": html_bytes + sum(assets.values()),
        }
    return result


def _web_query(params: dict) -> str:
    """The API's query string as the page's form sends it (work types as repeated fields)."""
    pairs = []
    for key, value in params.items():
        if key == "work_type":
            pairs += [("work_type", item) for item in str(value).split(",")]
        else:
            pairs.append((key, value))
    return urlencode(pairs)


def server_time(params_list: list[dict]) -> dict:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="id")
    pairs = [
        (f"/lowongan/?{_web_query(p)}", f"/api/v1/vacancies/search/?{urlencode(p)}")
        for p in params_list
    ]
    for page, api in pairs[:10]:  # warm-up
        client.get(page)
        client.get(api)
    page_ms: list[float] = []
    api_ms: list[float] = []
    statuses: dict[int, int] = {}
    for page, api in pairs:
        for url, times in ((page, page_ms), (api, api_ms)):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    page_summary, api_summary = summary(page_ms), summary(api_ms)
    return {
        "page_ms": page_summary,
        "api_ms": api_summary,
        "statuses": statuses,
        "ratio_p95": round(page_summary["p95"] / api_summary["p95"], 2),
    }


def _office_step(args, rng: random.Random, result: dict, *, vacancies_exist: bool = False) -> None:
    """The dashboard and the applications list at size (``benchmarks/_office.py``)."""
    from benchmarks import _office

    log("office data")
    # After the search steps, their employers and vacancies are reused.
    result["office_data"] = _office.generate(args, rng, with_vacancies=not vacancies_exist)
    log(f"office pages, {args.office_requests} requests each")
    result["office"] = _office.measure(args, result["office_data"]["officer_pk"])
    result.setdefault("targets", {}).update(_office.targets(result["office"]))
    for name, line in result["targets"].items():
        log(f"target {name}: {line['value']} (limit {line['limit']}) met={line['met']}")


def main() -> None:
    args = parse_args()
    bootstrap(database=args.database, redis_db=args.redis_db)
    from benchmarks.search import search_params

    rng = random.Random(args.seed)
    started = time.monotonic()
    result: dict = {"benchmark": "web", "machine": machine(), "parameters": vars(args)}
    try:
        if args.office_only:
            _office_step(args, rng, result)
            return
        result["data"] = generate(args, rng)
        log("weight of the pages")
        result["weight"] = weight()
        log(f"server time of {args.searches} searches (page and API)")
        result["server_time"] = server_time(search_params(rng, args.searches))
        result["targets"] = {
            **{
                f"{name}_first_visit_bytes": target(figures["total_bytes"], WEIGHT_LIMIT_BYTES)
                for name, figures in result["weight"].items()
            },
            "search_page_p95_ms": target(
                result["server_time"]["page_ms"]["p95"], PAGE_P95_LIMIT_MS
            ),
            "search_page_to_api_p95_ratio": target(result["server_time"]["ratio_p95"], RATIO_LIMIT),
        }
        if not args.skip_office:
            _office_step(args, rng, result, vacancies_exist=True)
        for name, line in result["targets"].items():
            log(f"target {name}: {line['value']} (limit {line['limit']}) met={line['met']}")
    except BaseException as error:
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


if __name__ == "__main__":
    main()
