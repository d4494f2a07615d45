"""An open-loop HTTP load generator: request i is sent at t0 + i/rate, whatever came before.

A thread pool sends the requests, so a slow response never delays the next one (a closed loop
would lower the rate exactly when the server is slow and hide the queueing). Latency is
measured from the moment a request was *scheduled*, so time a request waited for a free client
thread counts too (no coordinated omission); ``service_ms`` is measured from the actual send.
"""

from __future__ import annotations

import http.client
import threading
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
    except Exception as error:  # noqa: BLE001 - a refused or dropped connection is an error, not a crash
        return Outcome(scheduled, started, time.perf_counter(), 0, 0, repr(error)[:200])


def fire(
    *, port: int, requests: list[Request], rate: float, threads: int = 64, backlog_seconds=10
) -> list[Outcome]:
    """Send every request at a fixed rate; returns outcomes in request order.

    When the server falls so far behind that more than ``backlog_seconds`` worth of requests are
    outstanding, the rest are not sent (recorded as "overloaded") so the run ends in bounded
    time; such an endpoint cannot sustain the rate, and its latency only measures the queue."""
    outstanding = [0]
    lock = threading.Lock()
    limit = max(int(rate * backlog_seconds), threads)

    def send(request: Request, scheduled: float) -> Outcome:
        try:
            return _send(port, request, scheduled)
        finally:
            with lock:
                outstanding[0] -= 1

    futures = []
    skipped: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        t0 = time.perf_counter() + 0.05
        for number, request in enumerate(requests):
            scheduled = t0 + number / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            if outstanding[0] >= limit:
                now = time.perf_counter()
                skipped = [
                    Outcome(t0 + n / rate, now, now, -1, 0, "overloaded, not sent")
                    for n in range(number, len(requests))
                ]
                break
            with lock:
                outstanding[0] += 1
            futures.append(pool.submit(send, request, scheduled))
    return [future.result() for future in futures] + skipped


def report(outcomes: list[Outcome], *, rate: float) -> dict:
    """Latency percentiles (ms, from the scheduled time), errors and the rate actually achieved."""
    latency = [(o.finished - o.scheduled) * 1000 for o in outcomes if o.status == 200]
    service = [(o.finished - o.started) * 1000 for o in outcomes if o.status == 200]
    sent = [o for o in outcomes if o.status != -1]
    send_lag = [(o.started - o.scheduled) * 1000 for o in sent]
    errors: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.status != 200:
            key = str(outcome.status) if outcome.status > 0 else outcome.error.split("(")[0]
            errors[key] = errors.get(key, 0) + 1
    span = sent[-1].started - sent[0].started if len(sent) > 1 else 0
    done = max(o.finished for o in sent) - sent[0].scheduled if sent else 0
    completed = sum(1 for o in sent if o.status == 200)
    return {
        "requests": len(outcomes),
        "sent": len(sent),
        "not_sent_overloaded": len(outcomes) - len(sent),
        "target_rate": rate,
        "achieved_send_rate": round((len(sent) - 1) / span, 2) if span else None,
        "achieved_completion_rate": round(completed / done, 2) if done else None,
        "errors": sum(errors.values()),
        "errors_by_status": errors,
        "latency_ms": summary(latency),
        "service_ms": summary(service),
        "client_send_lag_ms": summary(send_lag, digits=2),
        "mean_response_bytes": round(sum(o.size for o in sent) / max(len(sent), 1)),
    }
