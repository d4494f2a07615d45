"""Mixed load: 20 concurrent clients on the real API under gunicorn, per worker configuration.

The mix (issue 10): 70 % search, 10 % vacancy detail, 10 % the seeker's own matches, 5 % apply,
5 % an employer moving an application along. Each client is a closed loop (it sends its next
request when the previous one is answered), so the load is bounded by the number of clients and
the run ends on time whatever the server does; throughput is what the server sustained.

Every write is one that must succeed: each apply is a (seeker, vacancy) pair never applied to,
each transition moves one submitted application to "reviewed"; a pair or an application is used
once in the whole run. Any non-2xx answer or a dropped connection counts as an error.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from benchmarks._common import log, start_gunicorn, summary

MIX = (("search", 70), ("vacancy_detail", 10), ("seeker_matches", 10), ("apply", 5))
MIX_TRANSITIONS = ("transition", 5)


@dataclass(frozen=True)
class Call:
    kind: str
    method: str
    path: str
    headers: dict
    body: bytes | None = None


@dataclass
class Pools:
    """What the clients draw from; the writes are consumed, never reused."""

    search: list[Call]
    vacancy_detail: list[Call]
    seeker_matches: list[Call]
    apply: list[Call]
    transition: list[Call]
    used: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def draw(self, kind: str, rng: random.Random) -> Call:
        pool: list[Call] = getattr(self, kind)
        if kind in ("apply", "transition"):
            with self.lock:
                return pool.pop()
        return rng.choice(pool)


def prepare(*, rng: random.Random, search_pool: list[dict], writes: int, bearer) -> Pools:
    """Requests of each kind, tokens made in-process; ``writes`` applies and as many submitted
    applications to move along (created here, like a day's applications)."""
    from applications.models import Application, ApplicationStatus
    from jobs.models import Vacancy
    from seekers.models import SeekerProfile

    vacancies = list(
        Vacancy.objects.open()
        .select_related("employer__owner")
        .order_by("?")
        .only("pk", "employer__owner")[: max(400, writes // 4)]
    )
    seekers = list(
        SeekerProfile.objects.filter(is_open_to_work=True)
        .select_related("user")
        .order_by("?")[: max(400, writes // 2)]
    )
    seeker_headers = {seeker.pk: bearer(seeker.user) for seeker in seekers}
    owner_headers = {v.pk: bearer(v.employer.owner) for v in vacancies}
    json_headers = {"Content-Type": "application/json"}

    # Distinct (seeker, vacancy) pairs: half to apply during the run, half applied beforehand.
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 2 * writes:
        pairs.add((rng.choice(seekers).pk, rng.choice(vacancies).pk))
    ordered = sorted(pairs)
    rng.shuffle(ordered)
    to_apply, applied = ordered[:writes], ordered[writes:]
    created = Application.objects.bulk_create(
        [
            Application(seeker_id=seeker, vacancy_id=vacancy, status=ApplicationStatus.SUBMITTED)
            for seeker, vacancy in applied
        ],
        batch_size=1000,
    )
    return Pools(
        search=[
            Call("search", "GET", f"/api/v1/vacancies/search/?{urlencode(params)}", {})
            for params in search_pool
        ],
        vacancy_detail=[
            Call("vacancy_detail", "GET", f"/api/v1/vacancies/{v.pk}/", {}) for v in vacancies
        ],
        seeker_matches=[
            Call("seeker_matches", "GET", "/api/v1/seekers/me/matches/", headers)
            for headers in seeker_headers.values()
        ],
        apply=[
            Call(
                "apply",
                "POST",
                "/api/v1/applications/",
                {**seeker_headers[seeker], **json_headers},
                json.dumps({"vacancy": vacancy, "cover_note": ""}).encode(),
            )
            for seeker, vacancy in to_apply
        ],
        transition=[
            Call(
                "transition",
                "POST",
                f"/api/v1/applications/{application.pk}/transition/",
                {**owner_headers[application.vacancy_id], **json_headers},
                json.dumps({"status": "reviewed", "note": ""}).encode(),
            )
            for application in created
        ],
    )


@dataclass
class Result:
    kind: str
    started: float
    finished: float
    status: int
    error: str = ""


def _send(port: int, call: Call) -> Result:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(call.method, call.path, body=call.body, headers=call.headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return Result(call.kind, started, time.perf_counter(), response.status)
    except Exception as error:  # noqa: BLE001 - a dropped connection is an error, not a crash
        return Result(call.kind, started, time.perf_counter(), 0, repr(error)[:200])


def run_clients(
    *, port: int, pools: Pools, clients: int, seconds: float, seed: int
) -> list[Result]:
    """``clients`` closed-loop clients for ``seconds``; each draws the next kind from the mix."""
    kinds = [kind for kind, _ in (*MIX, MIX_TRANSITIONS)]
    weights = [weight for _, weight in (*MIX, MIX_TRANSITIONS)]
    results: list[Result] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        mine = []
        while time.perf_counter() < deadline:
            kind = rng.choices(kinds, weights)[0]
            try:
                call = pools.draw(kind, rng)
            except IndexError:  # a write pool ran dry: read instead (reported)
                call = pools.draw("search", rng)
            mine.append(_send(port, call))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def report(results: list[Result], seconds: float) -> dict[str, Any]:
    ok = [r for r in results if 200 <= r.status < 300]
    errors: dict[str, int] = {}
    for r in results:
        if not 200 <= r.status < 300:
            key = f"{r.kind} {r.status or r.error.split('(')[0]}"
            errors[key] = errors.get(key, 0) + 1
    by_kind = {}
    for kind in {r.kind for r in results}:
        latencies = [(r.finished - r.started) * 1000 for r in ok if r.kind == kind]
        by_kind[kind] = {
            "requests": sum(1 for r in results if r.kind == kind),
            **summary(latencies),
        }
    return {
        "requests": len(results),
        "throughput_per_s": round(len(ok) / seconds, 1),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "latency_ms": summary([(r.finished - r.started) * 1000 for r in ok]),
        "by_kind": dict(sorted(by_kind.items())),
    }


def parse_configs(text: str) -> list[tuple[int, int]]:
    """ "2,4,2x4,3x4": N sync workers, or N gthread workers of M threads each."""
    configs = []
    for item in text.split(","):
        workers, _, threads = item.strip().partition("x")
        configs.append((int(workers), int(threads or 1)))
    return configs


def mixed_load(
    *,
    env: dict,
    configs: list[tuple[int, int]],
    clients: int,
    seconds: float,
    warmup: float,
    pools: Pools,
    seed: int,
    load_average: Callable[[], list[float]],
) -> dict[str, Any]:
    """Each configuration in turn: start gunicorn, warm up, run the mix, stop it."""
    result: dict[str, Any] = {"clients": clients, "seconds": seconds, "configs": {}}
    for number, (workers, threads) in enumerate(configs):
        name = f"sync {workers}" if threads == 1 else f"gthread {workers}x{threads}"
        server, port = start_gunicorn(env=env, workers=workers, threads=threads)
        try:
            log(f"mixed load, {name}: warm-up {warmup:.0f}s")
            run_clients(port=port, pools=pools, clients=clients, seconds=warmup, seed=seed + number)
            log(f"mixed load, {name}: {clients} clients for {seconds:.0f}s")
            started = time.perf_counter()
            results = run_clients(
                port=port, pools=pools, clients=clients, seconds=seconds, seed=seed + 100 + number
            )
            elapsed = time.perf_counter() - started
        finally:
            server.stop()
        figures = report(results, elapsed)
        figures["load_average_after"] = load_average()
        result["configs"][name] = figures
        latency = figures["latency_ms"]
        log(
            f"  {name}: {figures['throughput_per_s']} req/s, p50 {latency['p50']} ms, "
            f"p99 {latency['p99']} ms, errors {figures['errors']}"
        )
    result["best"] = best_config(result["configs"])
    return result


# The bound on the tail: a configuration's throughput counts only with its p99 within it.
P99_LIMIT_MS = 300


def best_config(configs: dict[str, dict[str, Any]]) -> str:
    """The configuration serving the most with no error and p99 within P99_LIMIT_MS (the one to
    recommend); when none keeps to that, the one serving the most."""
    within = {
        name: figures
        for name, figures in configs.items()
        if not figures["errors"] and (figures["latency_ms"]["p99"] or 0) <= P99_LIMIT_MS
    }
    candidates = within or configs
    return max(candidates, key=lambda name: candidates[name]["throughput_per_s"])
