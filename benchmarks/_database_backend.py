"""The database search backend against Elasticsearch, on the same rows and the same searches.

``database_backend_figures`` (called by benchmarks/search.py once the bench data exist and the
Elasticsearch indices are built):

1. builds the database backend's index on PostgreSQL (``DatabaseBackend.rebuild``, timed);
2. runs every search of the pool through the Elasticsearch backend and through the database
   backend on PostgreSQL, interleaved, one at a time, in-process (the backend call, as
   ``raw_search.backend_call_ms`` times it), and compares totals, facets and open positions;
3. copies the skills and the index entries into a fresh SQLite file and runs the same searches
   there in a child process (``python -m benchmarks._database_backend``: Django on SQLite,
   ``SEARCH_BACKEND=database``), as ``make run`` would serve them.

Each figure carries the same-run Elasticsearch p50/p95 and the ratio to it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMED_ROUNDS = 2  # every search is timed this many times per engine (after one warm-up pass)


def _queries(params_list: list[dict]):
    from search.api.serializers import VacancySearchInputSerializer

    queries = []
    for params in params_list:
        serializer = VacancySearchInputSerializer(data=params)
        serializer.is_valid(raise_exception=True)
        queries.append(serializer.to_query())
    return queries


def _time(backend, queries) -> tuple[list[float], list[dict]]:
    """Milliseconds per call, and what each first call answered (total, facets, positions)."""
    answers = [_answer(backend.search_vacancies(query)) for query in queries]  # warm-up pass
    times = []
    for _round in range(TIMED_ROUNDS):
        for query in queries:
            started = time.perf_counter()
            backend.search_vacancies(query)
            times.append((time.perf_counter() - started) * 1000)
    return times, answers


def _answer(page) -> dict:
    return {
        "total": page.total,
        "open_positions": page.open_positions,
        "facets": {name: dict(sorted(values.items())) for name, values in page.facets.items()},
        "page": [hit.pk for hit in page.hits],
    }


def _compare(elastic: list[dict], database: list[dict], params_list: list[dict]) -> dict:
    """How many searches answer the same totals / facets as Elasticsearch (the first few that
    do not are listed)."""
    same_total = same_facets = same_page_set = 0
    differences: list[dict] = []
    for params, es, db in zip(params_list, elastic, database, strict=True):
        same_total += es["total"] == db["total"]
        same_facets += es["facets"] == db["facets"] and es["open_positions"] == db["open_positions"]
        same_page_set += set(es["page"]) == set(db["page"])
        if es["total"] != db["total"] and len(differences) < 5:
            differences.append({"params": params, "es_total": es["total"], "db_total": db["total"]})
    return {
        "searches": len(params_list),
        "same_total": same_total,
        "same_facets_and_positions": same_facets,
        # Relevance ties and BM25 vs term counting may order pages differently; sets of a page
        # are equal whenever the order is.
        "same_page_members": same_page_set,
        "median_total_elasticsearch": _median([es["total"] for es in elastic]),
        "median_total_database": _median([db["total"] for db in database]),
        "differences": differences,
    }


def _median(values: list[int]):
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else None


def _with_ratio(summary_ms: dict, elastic_ms: dict) -> dict:
    ratio = {}
    for key in ("p50", "p95"):
        if summary_ms.get(key) and elastic_ms.get(key):
            ratio[key] = round(summary_ms[key] / elastic_ms[key], 1)
    return {
        "ms": summary_ms,
        "elasticsearch_same_run_ms": {k: elastic_ms[k] for k in ("p50", "p95")},
        "ratio_to_elasticsearch": ratio,
    }


def _p50_p95(ms: dict) -> str:
    return f"p50 {ms['p50']} p95 {ms['p95']} ms"


def _dump_for_sqlite(path: Path) -> int:
    """Skills and index entries (with their tokens) as JSON lines (what the backend reads)."""
    from jobs.models import Skill
    from search.models import VacancyEntry

    count = 0
    with open(path, "w") as out:
        for skill in Skill.objects.values():
            out.write(json.dumps({"model": "skill", "row": skill}, default=str) + "\n")
        for entry in VacancyEntry.objects.values().iterator(chunk_size=5000):
            out.write(json.dumps({"model": "entry", "row": entry}, default=str) + "\n")
            count += 1
    return count


def database_backend_figures(*, params_list: list[dict], log, summary, target) -> dict:
    from search.backends.database import DatabaseBackend
    from search.backends.elasticsearch import ElasticsearchBackend

    database, elastic = DatabaseBackend(), ElasticsearchBackend()
    queries = _queries(params_list)
    result: dict = {"searches": len(queries), "timed_rounds": TIMED_ROUNDS}

    log("database backend: building its PostgreSQL index (rebuild)")
    started = time.monotonic()
    written = database.rebuild()["vacancies"]
    seconds = time.monotonic() - started
    result["postgresql_rebuild"] = {
        "entries": written,
        "seconds": round(seconds, 1),
        "docs_per_s": round(written / seconds) if seconds else None,
    }
    log(f"  {written} entries in {seconds:.1f}s")

    log("database backend vs Elasticsearch: the same searches, one at a time")
    es_times, es_answers = _time(elastic, queries)
    pg_times, pg_answers = _time(database, queries)
    es_ms = summary(es_times)
    result["elasticsearch_ms"] = es_ms
    result["postgresql"] = _with_ratio(summary(pg_times), es_ms)
    result["postgresql"]["answers_vs_elasticsearch"] = _compare(es_answers, pg_answers, params_list)
    log(f"  elasticsearch p50 {es_ms['p50']} p95 {es_ms['p95']} ms")
    log(f"  postgresql    {_p50_p95(result['postgresql']['ms'])}")

    with tempfile.TemporaryDirectory(prefix="sicaker-bench-sqlite-") as folder:
        dump = Path(folder) / "rows.jsonl"
        _dump_for_sqlite(dump)
        (Path(folder) / "params.json").write_text(json.dumps(params_list))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "SEARCH_BACKEND": "database",
            "PYTHONPATH": str(ROOT),
        }
        log("database backend on SQLite: migrate, load the entries, run the same searches")
        completed = subprocess.run(
            [sys.executable, "-m", "benchmarks._database_backend", folder],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
        if completed.returncode != 0:
            result["sqlite"] = {"error": completed.stderr[-2000:]}
        else:
            child = json.loads(completed.stdout)
            result["sqlite"] = _with_ratio(summary(child["times"]), es_ms)
            result["sqlite"]["load_seconds"] = child["load_seconds"]
            result["sqlite"]["answers_vs_elasticsearch"] = _compare(
                es_answers, child["answers"], params_list
            )
            log(f"  sqlite        {_p50_p95(result['sqlite']['ms'])}")
    result["targets"] = {
        "postgresql_p95_ms": target(result["postgresql"]["ms"]["p95"], 150),
        "sqlite_p95_ms": target(result.get("sqlite", {}).get("ms", {}).get("p95"), 300),
        "postgresql_same_totals_as_elasticsearch": target(
            result["postgresql"]["answers_vs_elasticsearch"]["same_total"],
            len(queries),
            at_least=True,
        ),
        "sqlite_same_totals_as_elasticsearch": target(
            result.get("sqlite", {}).get("answers_vs_elasticsearch", {}).get("same_total"),
            len(queries),
            at_least=True,
        ),
    }
    return result


def _sqlite_child(folder: str) -> None:
    """In the child process: a fresh SQLite database with the entries, then the searches."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from jobs.models import Skill
    from search.backends.database import DatabaseBackend
    from search.models import VacancyEntry

    call_command("migrate", verbosity=0, interactive=False)
    started = time.monotonic()
    skills, entries = [], []
    with open(Path(folder) / "rows.jsonl") as rows:
        for line in rows:
            item = json.loads(line)
            if item["model"] == "skill":
                skills.append(Skill(**item["row"]))
            else:
                entries.append(VacancyEntry(**item["row"]))
    # Entries point at vacancies this file does not hold: only the search tables are needed.
    with connection.constraint_checks_disabled(), transaction.atomic():
        Skill.objects.bulk_create(skills, batch_size=1000)
        VacancyEntry.objects.bulk_create(entries, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    load_seconds = round(time.monotonic() - started, 1)
    params_list = json.loads((Path(folder) / "params.json").read_text())
    times, answers = _time(DatabaseBackend(), _queries(params_list))
    print(json.dumps({"times": times, "answers": answers, "load_seconds": load_seconds}))


if __name__ == "__main__":
    _sqlite_child(sys.argv[1])
