"""Same-run A/B against an older code tree (``--baseline-tree DIR``, e.g. a `git worktree` or
`git archive` of the commit before a change): two gunicorns on the same data, one serving DIR's
code and one this tree's, asked one request at a time, alternating (and, for searches, the same
request sent raw to Elasticsearch between them). Whatever else the machine does weighs on both
at the same moments, so the ratios hold on a loaded machine where absolute figures do not.
"""

from __future__ import annotations

import http.client
import time
from pathlib import Path
from typing import Any

from benchmarks._common import log, start_gunicorn, summary


def _get(port: int, path: str, headers: dict) -> tuple[float, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return elapsed, response.status


def _endpoint(name: str, sets: dict, ports: dict[str, int], backend: Any, count: int) -> dict:
    """One endpoint's requests to both trees (the order alternating), and raw for searches."""
    from search.api.serializers import VacancySearchInputSerializer

    timings: dict[str, list[float]] = {"baseline": [], "this_tree": [], "raw": []}
    errors = 0
    for number, request in enumerate(sets[name][: count + 10]):
        order = list(ports.items())
        if number % 2:
            order.reverse()
        measured = {}
        for label, port in order:
            elapsed, status = _get(port, request.path, request.headers)
            errors += status != 200
            measured[label] = elapsed
        if name == "search":
            serializer = VacancySearchInputSerializer(data=sets["search_params"][number])
            serializer.is_valid(raise_exception=True)
            arguments = backend.vacancy_search_arguments(serializer.to_query())
            started = time.perf_counter()
            backend.client.search(**arguments)
            measured["raw"] = (time.perf_counter() - started) * 1000
        if number >= 10:  # the first ten warm every path up
            for label, value in measured.items():
                timings[label].append(value)
    figures: dict = {label: summary(values) for label, values in timings.items() if values}
    figures["errors"] = errors
    figures["ratio_p50_this_tree_to_baseline"] = round(
        figures["this_tree"]["p50"] / figures["baseline"]["p50"], 3
    )
    if timings["raw"]:
        for label in ("baseline", "this_tree"):
            figures[f"ratio_p50_{label}_to_raw"] = round(
                figures[label]["p50"] / figures["raw"]["p50"], 2
            )
    return figures


def compare_trees(*, env: dict, tree: str, sets: dict, workers: int, count: int) -> dict:
    """Per endpoint, ``count`` requests to each tree (after ten warm-ups each): p50/p95 of both
    and the ratio this tree / baseline; for search also the raw Elasticsearch round trip."""
    from search.backend import get_search_backend

    backend: Any = get_search_backend()
    baseline_env = {**env, "PYTHONPATH": str(Path(tree).resolve())}
    log(f"A/B: baseline tree {tree} beside this tree, {workers} sync workers each")
    old, old_port = start_gunicorn(env=baseline_env, workers=workers, cwd=Path(tree).resolve())
    new, new_port = start_gunicorn(env=env, workers=workers)
    result: dict = {"baseline_tree": tree, "requests_each": count}
    try:
        for name in ("search", "seeker_matches", "vacancy_matches"):
            figures = _endpoint(
                name, sets, {"baseline": old_port, "this_tree": new_port}, backend, count
            )
            log(
                f"  {name}: baseline p50 {figures['baseline']['p50']} ms, this tree p50 "
                f"{figures['this_tree']['p50']} ms"
                + (f", raw p50 {figures['raw']['p50']} ms" if "raw" in figures else "")
            )
            result[name] = figures
    finally:
        old.stop()
        new.stop()
    return result
