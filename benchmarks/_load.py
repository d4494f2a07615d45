"""An open-loop HTTP load generator: request i is sent at t0 + i/rate, whatever came before.

A thread pool sends the requests, so a slow response never delays the next one (a closed loop
would lower the rate exactly when the server is slow and hide the queueing). Latency is
measured from the moment a request was *scheduled*, so time a request waited for a free client
thread counts too (no coordinated omission); ``service_ms`` is measured from the actual send.
"""

from __future__ import annotations

import http.client
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from benchmarks._common import summary


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict


@dataclass
class Outcome:
    scheduled: float
    started: float
    finished: float
    status: int
    size: int
    error: str = ""


def _send(port: int, request: Request, scheduled: float) -> Outcome:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", request.path, headers=request.headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return Outcome(scheduled, started, time.perf_counter(), response.status, len(body))
    except Exception as error:  # a refused or dropped connection is an error, not a crash
        return Outcome(scheduled, started, time.perf_counter(), 0, 0, repr(error)[:200])


def fire(*, port: int, requests: list[Request], rate: float, threads: int = 64) -> list[Outcome]:
    """Send every request at a fixed rate; returns outcomes in request order."""
    futures = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        t0 = time.perf_counter() + 0.05
        for number, request in enumerate(requests):
            scheduled = t0 + number / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(_send, port, request, scheduled))
    return [future.result() for future in futures]


def report(outcomes: list[Outcome], *, rate: float) -> dict:
    """Latency percentiles (ms, from the scheduled time), errors and the rate actually achieved."""
    latency = [(o.finished - o.scheduled) * 1000 for o in outcomes if o.status == 200]
    service = [(o.finished - o.started) * 1000 for o in outcomes if o.status == 200]
    send_lag = [(o.started - o.scheduled) * 1000 for o in outcomes]
    errors: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.status != 200:
            key = str(outcome.status) if outcome.status else outcome.error.split("(")[0]
            errors[key] = errors.get(key, 0) + 1
    span = outcomes[-1].started - outcomes[0].started if len(outcomes) > 1 else 0
    done = max(o.finished for o in outcomes) - outcomes[0].scheduled if outcomes else 0
    return {
        "requests": len(outcomes),
        "target_rate": rate,
        "achieved_send_rate": round((len(outcomes) - 1) / span, 2) if span else None,
        "achieved_completion_rate": round(len(outcomes) / done, 2) if done else None,
        "errors": sum(errors.values()),
        "errors_by_status": errors,
        "latency_ms": summary(latency),
        "service_ms": summary(service),
        "client_send_lag_ms": summary(send_lag, digits=2),
        "mean_response_bytes": round(sum(o.size for o in outcomes) / max(len(outcomes), 1)),
    }
