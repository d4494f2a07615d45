"""Relevance of free-text vacancy search: nDCG@10, MRR and the zero-result rate per backend.

Usage:
    .venv/bin/python benchmarks/relevance.py [--database bench_relevance] [--keep]

Loads the fixed corpus of tests/data/relevance_corpus.json (the real skill taxonomy beside it)
into a bench database, builds the Elasticsearch index and the database backend's index on
PostgreSQL, then, in a child process, the database backend on SQLite (as ``make run``), and runs
every query of tests/data/relevance_queries.json on each, as the search page does (spelling,
query understanding and relaxation included). Graded judgments (0-3) give nDCG@10 (gain
2^grade - 1, log2 discount) and MRR (first result of grade >= 2); a query is a zero result when
the page shows no vacancy at all, and ``zero_before_relaxing`` counts those the search found
nothing for before it relaxed the query. Progress on stderr, one JSON object on stdout.
Targets: nDCG@10 >= 0.90, zero-result rate <= 2 % on every backend, backends within 0.03.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(_ROOT)] + [
    p for p in sys.path if Path(p or ".").resolve() != _ROOT / "benchmarks"
]

from benchmarks._common import bootstrap, emit, log, teardown  # noqa: E402

DATA = _ROOT / "tests" / "data"
CUTOFF = 10
TARGET_NDCG, TARGET_ZERO, TARGET_GAP = 0.90, 0.02, 0.03


def load_corpus() -> dict[str, int]:
    """The corpus into the database: verified employers, published vacancies, their skills.
    Returns the vacancy pk of every corpus key."""
    from django.utils import timezone

    from accounts.models import User
    from jobs.models import Employer, Skill, Vacancy, VacancySkill
    from jobs.skills import read_taxonomy_file, skill_taxonomy_load

    skill_taxonomy_load(entries=read_taxonomy_file())
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    corpus = json.loads((DATA / "relevance_corpus.json").read_text(encoding="utf-8"))
    now = timezone.now()
    employers: dict[tuple[str, str, str], Employer] = {}
    pks: dict[str, int] = {}
    for number, row in enumerate(corpus):
        place = (row["employer"], row["city"], row["district"])
        if place not in employers:
            owner = User.objects.create(
                email=f"employer{len(employers)}@relevance.sicaker.id",
                full_name=row["employer"],
                role="employer",
                password="!",
            )
            employers[place] = Employer.objects.create(
                owner=owner,
                name=row["employer"],
                kind="umkm",
                city=row["city"],
                district=row["district"],
                is_verified=True,
                verified_at=now,
            )
        vacancy = Vacancy.objects.create(
            employer=employers[place],
            title=row["title"],
            description=row["description"],
            work_type=row["work_type"],
            positions=1 + number % 3,
            pay_min=row["pay_min"],
            pay_max=row["pay_max"],
            pay_unit=row["pay_unit"],
            min_education="none",
            valid_through=timezone.localdate() + datetime.timedelta(days=30),
            status="published",
            # A fixed order among equal scores: both engines then break ties alike.
            published_at=now - datetime.timedelta(minutes=number),
            city=row["city"],
            district=row["district"],
        )
        VacancySkill.objects.bulk_create(
            [
                VacancySkill(vacancy=vacancy, skill=skills[slug], is_required=position == 0)
                for position, slug in enumerate(row["skills"])
            ]
        )
        pks[row["key"]] = vacancy.pk
    return pks


def _search(backend, text: str):
    """A search as the search page runs it (the understanding layer when there is one)."""
    from search.queries import VacancyQuery

    query = VacancyQuery(text=text, page_size=CUTOFF)
    try:
        from search.understanding import understood_search
    except ImportError:  # before issue 15: the backend alone
        return backend.search_vacancies(query), False
    page = understood_search(backend=backend, query=query)
    return page, bool(page.relaxed)


def _dcg(grades: list[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def evaluate(backend, pks: dict[str, int]) -> dict:
    queries = json.loads((DATA / "relevance_queries.json").read_text(encoding="utf-8"))
    by_pk = {pk: key for key, pk in pks.items()}
    per_kind: dict[str, list[float]] = defaultdict(list)
    ndcgs, reciprocal_ranks, zero, zero_before, worst = [], [], 0, 0, []
    times: dict[str, list[float]] = defaultdict(list)
    for query in queries:
        _search(backend, query["q"])  # warm-up: the timed call is the second
        started = time.perf_counter()
        page, relaxed = _search(backend, query["q"])
        elapsed = (time.perf_counter() - started) * 1000
        times["all"].append(elapsed)
        times["typo" if query["kind"] == "typo" else "other"].append(elapsed)
        judged = query["judgments"]
        grades = [judged.get(by_pk.get(hit.pk, ""), 0) for hit in page.hits[:CUTOFF]]
        ideal = _dcg(sorted(judged.values(), reverse=True)[:CUTOFF])
        ndcg = _dcg(grades) / ideal if ideal else 0.0
        first = next((rank for rank, grade in enumerate(grades, 1) if grade >= 2), None)
        ndcgs.append(ndcg)
        reciprocal_ranks.append(1 / first if first else 0.0)
        per_kind[query["kind"]].append(ndcg)
        zero += not page.hits
        zero_before += (not page.hits) or relaxed
        worst.append((round(ndcg, 3), query["q"]))
    count = len(queries)
    return {
        "queries": count,
        "ndcg_at_10": round(sum(ndcgs) / count, 4),
        "mrr": round(sum(reciprocal_ranks) / count, 4),
        "zero_result_rate": round(zero / count, 4),
        "zero_before_relaxing_rate": round(zero_before / count, 4),
        "ndcg_by_kind": {
            kind: round(sum(values) / len(values), 4) for kind, values in sorted(per_kind.items())
        },
        "worst_queries": sorted(worst)[:12],
        # One search as the page runs it (corrections, relaxation), in-process, milliseconds.
        "latency_ms": {kind: _percentiles(values) for kind, values in sorted(times.items())},
    }


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50": round(ordered[len(ordered) // 2], 1),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
    }


def _child_sqlite() -> dict:
    """This process on SQLite: migrate, load, index with the database backend, evaluate."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from search.backends.database import DatabaseBackend

    pks = load_corpus()
    backend = DatabaseBackend()
    backend.rebuild()
    return evaluate(backend, pks)


def _run_sqlite_child() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DATABASE_URL": f"sqlite:///{folder}/relevance.sqlite3",
            "SEARCH_BACKEND": "database",
            "CELERY_BROKER_URL": "",
            "PYTHONPATH": str(_ROOT),
        }
        result = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child-sqlite"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise SystemExit(f"the SQLite child failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="bench_relevance")
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child-sqlite", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_sqlite:
        print(json.dumps(_child_sqlite()))
        return

    bootstrap(database=args.database, redis_db=args.redis_db)
    try:
        from search.backends.database import DatabaseBackend
        from search.backends.elasticsearch import ElasticsearchBackend

        pks = load_corpus()
        log(f"corpus loaded: {len(pks)} vacancies")
        elastic, database = ElasticsearchBackend(), DatabaseBackend()
        elastic.rebuild_index(next(s for s in elastic.specs.values() if s.name == "vacancies"))
        database.rebuild()
        results = {
            "elasticsearch": evaluate(elastic, pks),
            "database_postgresql": evaluate(database, pks),
        }
        log("PostgreSQL and Elasticsearch evaluated; SQLite in a child process")
        results["database_sqlite"] = _run_sqlite_child()
    finally:
        teardown(database=args.database, keep=args.keep)
    ndcg = [figures["ndcg_at_10"] for figures in results.values()]
    zero = [figures["zero_result_rate"] for figures in results.values()]
    results["targets"] = {
        "ndcg_at_10_at_least_0.90": min(ndcg) >= TARGET_NDCG,
        "zero_result_rate_at_most_2_percent": max(zero) <= TARGET_ZERO,
        "backends_within_0.03": max(ndcg) - min(ndcg) <= TARGET_GAP,
    }
    emit(results)


if __name__ == "__main__":
    main()
