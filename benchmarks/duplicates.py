"""Duplicates benchmark: precision and recall of the near-duplicate check on the labelled pairs
(tests/data/duplicate_pairs.json) on both search backends, and what the check adds to a publish.

Usage (see benchmarks/README.md):
    .venv/bin/python benchmarks/duplicates.py [--publishes 60 --keep]
Progress goes to stderr; one JSON object goes to stdout.

For each pair, vacancy "a" is open (published, one employer per pair) and indexed; vacancy "b"
is compared: the pair counts as found when the backend returns "a" at or above the threshold
(``search.duplicates.DUPLICATE_THRESHOLD``). Precision and recall are over the pairs; any other
vacancy returned is counted apart (``other_hits``). The cost per publish is ``vacancy_publish``
of a fresh draft with the check and, in the same run, interleaved, with the check unplugged.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

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
    summary,
    target,
    teardown,
)

PAIRS_FILE = _ROOT / "tests" / "data" / "duplicate_pairs.json"
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.85


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publishes", type=int, default=60, help="publishes timed per backend")
    parser.add_argument("--redis-db", type=int, default=13, help="Redis DB of the broker")
    parser.add_argument("--seed", type=int, default=20261127)
    add_common_arguments(parser)
    parser.set_defaults(database="bench_duplicates")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    bootstrap(
        database=args.database, redis_db=args.redis_db, elasticsearch_url=args.elasticsearch_url
    )
    started = time.monotonic()
    result: dict[str, Any] = {"benchmark": "duplicates", "machine": machine()}
    result["parameters"] = vars(args)
    try:
        run(args, result)
    except BaseException as error:  # still print what was measured, and clean up
        result["error"] = repr(error)
        log(f"failed: {error!r}")
        raise
    finally:
        result["seconds_total"] = round(time.monotonic() - started, 1)
        result["load_average_at_end"] = machine()["load_average_1_5_15"]
        try:
            from search.backends.elasticsearch import ElasticsearchBackend

            ElasticsearchBackend().drop_all()
        finally:
            teardown(database=args.database, keep=args.keep)
            emit(result)


def _employer(number: int) -> Any:
    from accounts.models import User
    from jobs.models import Employer

    owner = User.objects.create(
        email=f"usaha{number}@bench.example", full_name=f"Usaha {number}", role="employer"
    )
    return Employer.objects.create(
        owner=owner,
        name=f"Usaha {number}",
        kind="umkm",
        city="Kota Malang",
        district="Klojen",
        is_verified=True,
    )


def _vacancy(employer: Any, text: dict[str, str], *, status: str) -> Any:
    import datetime

    from django.utils import timezone

    from jobs.models import Vacancy

    return Vacancy.objects.create(
        employer=employer,
        title=text["title"],
        description=text["description"],
        work_type="part_time",
        city="Kota Malang",
        district="Klojen",
        valid_through=timezone.localdate() + datetime.timedelta(days=30),
        status=status,
        published_at=timezone.now() if status == "published" else None,
    )


def run(args: argparse.Namespace, result: dict[str, Any]) -> None:
    from search.backends.database import DatabaseBackend
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.duplicates import DUPLICATE_THRESHOLD, SHINGLE_WORDS, SIGNATURE_SIZE

    pairs = json.loads(PAIRS_FILE.read_text(encoding="utf-8"))
    result["data"] = {
        "pairs": len(pairs),
        "by_label": {
            label: sum(1 for pair in pairs if pair["label"] == label)
            for label in ("duplicate", "template", "unrelated")
        },
        "threshold": DUPLICATE_THRESHOLD,
        "shingle_words": SHINGLE_WORDS,
        "signature_size": SIGNATURE_SIZE,
    }
    log(f"writing {len(pairs)} open vacancies")
    originals = [
        _vacancy(_employer(number), pair["a"], status="published")
        for number, pair in enumerate(pairs)
    ]
    backends: dict[str, Any] = {
        "database": DatabaseBackend(),
        "elasticsearch": ElasticsearchBackend(),
    }
    for name, backend in backends.items():
        log(f"{name}: indexing")
        backend.index(model_label="jobs.vacancy", pks=[vacancy.pk for vacancy in originals])
        if name == "elasticsearch":
            backend.refresh()
        log(f"{name}: comparing {len(pairs)} pairs")
        result[name] = {"quality": quality(backend, pairs, originals, DUPLICATE_THRESHOLD)}
    rng = random.Random(args.seed)
    for name in backends:
        log(f"{name}: timing {args.publishes} publishes with and without the check")
        result[name]["publish_ms"] = publish_cost(name, pairs, rng, args.publishes)
    result["targets"] = {
        f"{name}_{measure}": target(
            result[name]["quality"][measure],
            TARGET_PRECISION if measure == "precision" else TARGET_RECALL,
            at_least=True,
        )
        for name in backends
        for measure in ("precision", "recall")
    }


def quality(backend: Any, pairs: list[dict], originals: list[Any], threshold: float) -> dict:
    from search.duplicates import fingerprint

    counts = {"true_positive": 0, "false_positive": 0, "false_negative": 0, "true_negative": 0}
    wrong: list[dict[str, Any]] = []
    by_label: dict[str, dict[str, int]] = {}
    other_hits = 0
    timings: list[float] = []
    for pair, original in zip(pairs, originals, strict=True):
        started = time.perf_counter()
        hits = backend.similar_vacancies(
            fingerprint(pair["b"]["title"], pair["b"]["description"]),
            min_similarity=threshold,
            limit=10,
        )
        timings.append((time.perf_counter() - started) * 1000)
        found = {hit.pk: hit.similarity for hit in hits}
        other_hits += sum(1 for pk in found if pk != original.pk)
        is_found, is_duplicate = original.pk in found, pair["label"] == "duplicate"
        key = {
            (True, True): "true_positive",
            (True, False): "false_positive",
            (False, True): "false_negative",
            (False, False): "true_negative",
        }[(is_found, is_duplicate)]
        counts[key] += 1
        label = by_label.setdefault(pair["label"], {"found": 0, "not_found": 0})
        label["found" if is_found else "not_found"] += 1
        if key in ("false_positive", "false_negative"):
            wrong.append(
                {
                    "label": pair["label"],
                    "title": pair["b"]["title"],
                    "found": found.get(original.pk),
                }
            )
    found_total = counts["true_positive"] + counts["false_positive"]
    duplicates = counts["true_positive"] + counts["false_negative"]
    return {
        "precision": round(counts["true_positive"] / found_total, 4) if found_total else None,
        "recall": round(counts["true_positive"] / duplicates, 4) if duplicates else None,
        **counts,
        "by_label": by_label,
        "other_hits": other_hits,
        "wrong": wrong,
        "check_ms": summary(timings, digits=2),
    }


def publish_cost(name: str, pairs: list[dict], rng: random.Random, publishes: int) -> dict:
    """``vacancy_publish`` of fresh drafts (copies of other employers' open vacancies, so the
    check finds something and flags it), alternately with the check and with it unplugged."""
    from django.conf import settings

    from jobs.services import vacancy_publish
    from search.backend import get_search_backend
    from search.similarity import BackendSimilarityFinder
    from sicaker import similarity

    settings.SEARCH_BACKEND = name
    get_search_backend.cache_clear()
    employer = _employer(10_000 + (0 if name == "database" else 1))
    finder = BackendSimilarityFinder()
    timings: dict[str, list[float]] = {"with_check": [], "without_check": []}
    try:
        for number in range(publishes * 2):
            with_check = number % 2 == 0
            similarity.plug(finder if with_check else None)
            draft = _vacancy(employer, rng.choice(pairs)["b"], status="draft")
            started = time.perf_counter()
            vacancy_publish(vacancy=draft, actor=employer.owner, publish_anyway=True)
            elapsed = (time.perf_counter() - started) * 1000
            timings["with_check" if with_check else "without_check"].append(elapsed)
    finally:
        similarity.plug(finder)
    added = statistics.median(timings["with_check"]) - statistics.median(timings["without_check"])
    return {
        "with_check": summary(timings["with_check"], digits=2),
        "without_check": summary(timings["without_check"], digits=2),
        "added_median_ms": round(added, 2),
    }


if __name__ == "__main__":
    main()
