"""Notifications benchmark: one vacancy fanned out to 10,000 alert subscribers, and outbox re-send.

Usage (see benchmarks/README.md):
    .venv/bin/python benchmarks/notifications.py [--subscribers 10000 --outbox 5000 --keep]
Progress goes to stderr; one JSON object goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
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
    free_port,
    log,
    machine,
    start_worker,
    summary,
    target,
    task_counts,
    teardown,
)

CITY, DISTRICT = "Kota Malang", "Sukun"
TITLE = "Dicari penjahit borongan untuk konveksi seragam"
POLL_SECONDS = 0.1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument(
        "--other-alerts", type=int, default=2_000, help="alerts elsewhere that must not match"
    )
    parser.add_argument("--outbox", type=int, default=5_000, help="deliveries left by an outage")
    parser.add_argument("--concurrency", type=int, default=2, help="pool processes per worker")
    parser.add_argument(
        "--workers", type=int, default=2, help="Celery worker processes (each its own pool)"
    )
    parser.add_argument("--redis-db", type=int, default=12, help="Redis DB of the broker")
    parser.add_argument(
        "--timeout", type=float, default=180, help="max seconds to wait for the notifications"
    )
    parser.add_argument(
        "--delivery-timeout",
        type=float,
        default=480,
        help="max seconds to wait for the email deliveries (phase 1) or the re-sent ones",
    )
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--recipient-checks",
        type=int,
        default=500,
        help="emails of the fan-out whose recipient check is timed in-process, with and without "
        "the memoised vacancy document",
    )
    add_common_arguments(parser)
    parser.add_argument("--produce-during-outage", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


# -- data -----------------------------------------------------------------------------------------


def generate(args, rng: random.Random) -> dict:
    """The subscribers (all in Sukun, all sewing, each with a matching alert), other seekers with
    alerts that do not match, and one verified employer with a draft vacancy."""
    from benchmarks import _data
    from jobs.models import Skill
    from jobs.services import vacancy_create
    from search.documents import haversine_km
    from search.models import JobAlert

    started = time.monotonic()
    by_category = _data.load_taxonomy()
    everywhere = _data.places()
    sukun = [place for place in everywhere if place.district == DISTRICT]
    elsewhere = [place for place in everywhere if place.city != CITY]
    sewing = Skill.objects.get(slug="menjahit")

    employer = _data.create_employers(count=1, rng=rng, place_list=sukun)[0]
    vacancy = vacancy_create(
        employer=employer,
        actor=employer.owner,
        data={
            "title": TITLE,
            "description": "Konveksi seragam sekolah membutuhkan penjahit borongan, bisa "
            "dikerjakan di rumah. Mesin jahit disediakan.",
            "work_type": "piece_rate",
            "pay_min": 3_000,
            "pay_max": 7_500,
            "pay_unit": "piece",
            "valid_through": _today_plus(30),
            "positions": 25,
            "required_skills": ["menjahit"],
            "preferred_skills": ["obras"],
        },
    )
    subscribers = _data.create_seekers(
        count=args.subscribers,
        rng=rng,
        by_category=by_category,
        place_list=sukun,
        prefix="subscriber",
        skill_of_all=sewing,
    )
    alerts = []
    for number, seeker in enumerate(subscribers):
        kind = number % 4
        fields: dict[str, Any]
        if kind == 0:
            fields = {"skill_slugs": ["menjahit"], "city": CITY, "district": DISTRICT}
        elif kind == 1:
            fields = {"text": rng.choice(["penjahit", "jahit", "tukang jahit"]), "city": CITY}
        elif kind == 2:  # near home: the smallest usual radius that reaches the vacancy
            lat1, lon1 = seeker.latitude, seeker.longitude
            lat2, lon2 = vacancy.latitude, vacancy.longitude
            # benchmark places always have coordinates
            assert lat1 is not None and lon1 is not None and lat2 is not None and lon2 is not None
            distance = haversine_km(lat1, lon1, lat2, lon2)
            radius = next(r for r in (3, 5, 10, 15, 50) if r >= math.ceil(distance + 0.1))
            fields = {
                "skill_slugs": ["menjahit"],
                "latitude": seeker.latitude,
                "longitude": seeker.longitude,
                "radius_km": radius,
            }
        else:
            fields = {"work_types": ["piece_rate", "home_based"], "city": CITY}
        alerts.append(JobAlert(user_id=seeker.user_id, name="Jahit dekat rumah", **fields))
    JobAlert.objects.bulk_create(alerts, batch_size=5_000)
    log(f"  {len(alerts):>7} matching job alerts")
    others = _data.create_seekers(
        count=args.other_alerts,
        rng=rng,
        by_category=by_category,
        place_list=elsewhere,
        prefix="elsewhere",
    )
    JobAlert.objects.bulk_create(
        [
            JobAlert(
                user_id=seeker.user_id,
                name="Lain",
                skill_slugs=[rng.choice(["jamu", "kasir", "roti", "batik-tulis"])],
                city=seeker.city,
                district=seeker.district,
            )
            for seeker in others
        ],
        batch_size=5_000,
    )
    log(f"  {len(others):>7} other job alerts (other cities and skills: must not match)")
    seconds = time.monotonic() - started
    log(f"data generated in {seconds:.0f}s")
    return {
        "vacancy": vacancy,
        "owner": employer.owner,
        "subscriber_user_ids": {seeker.user_id for seeker in subscribers},
        "seconds": round(seconds, 1),
    }


def _today_plus(days: int):
    import datetime

    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)


# -- waiting ---------------------------------------------------------------------------------------


def wait_until(condition, *, timeout: float, what: str):
    """Poll every 100 ms; returns seconds waited, or None on timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(POLL_SECONDS)
    log(f"timed out after {timeout:.0f}s waiting for {what}")
    return None


# -- phase 1: publish and fan out -----------------------------------------------------------------


def fan_out(args, data: dict) -> dict:
    from django.db.models import Count

    from jobs.services import vacancy_publish
    from notifications.models import Delivery, DeliveryStatus, FanOutChunk, Kind, Notification
    from search.models import VacancyPercolation

    vacancy = data["vacancy"]
    expected = len(data["subscriber_user_ids"])
    log(f"publishing vacancy {vacancy.pk}; waiting for {expected} notifications")
    started = time.monotonic()
    vacancy_publish(vacancy=vacancy, actor=data["owner"])
    publish_call = time.monotonic() - started
    milestones: dict[str, float] = {}
    deadline = started + args.timeout
    count = 0
    while time.monotonic() < deadline:
        count = Notification.objects.filter(kind=Kind.ALERT_MATCH).count()
        now = time.monotonic() - started
        if count and "first" not in milestones:
            milestones["first"] = now
        if count >= expected / 2 and "half" not in milestones:
            milestones["half"] = now
        if count >= expected:
            milestones["all"] = now
            break
        time.sleep(POLL_SECONDS)
    log(f"  {count} notifications after {time.monotonic() - started:.1f}s")

    deliveries = Delivery.objects.filter(notification__kind=Kind.ALERT_MATCH)
    total_deliveries = deliveries.count()
    emails = wait_until(
        lambda: deliveries.filter(status=DeliveryStatus.SENT).count() >= total_deliveries,
        timeout=args.delivery_timeout,
        what="the email deliveries",
    )
    emails_seconds = time.monotonic() - started if emails is not None else None
    log(f"  {total_deliveries} email deliveries sent after {emails_seconds}s")

    notifications = Notification.objects.filter(kind=Kind.ALERT_MATCH)
    recipients = set(notifications.values_list("recipient_id", flat=True))
    duplicates = (
        notifications.values("recipient_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    percolation = VacancyPercolation.objects.get(vacancy=vacancy)
    published_at = type(vacancy).objects.get(pk=vacancy.pk).published_at
    chunks = list(FanOutChunk.objects.order_by("index"))
    chunk_done = _chunk_completion(chunks, notifications, published_at)
    attempts = dict(deliveries.values_list("attempts").annotate(n=Count("pk")).order_by("attempts"))
    return {
        "expected_notifications": expected,
        "notifications": notifications.count(),
        "distinct_recipients": len(recipients),
        "recipients_with_duplicates": duplicates,
        "unexpected_recipients": len(recipients - data["subscriber_user_ids"]),
        "missing_recipients": len(data["subscriber_user_ids"] - recipients),
        "publish_call_ms": round(publish_call * 1000, 1),
        "seconds_to_first_notification": _round(milestones.get("first")),
        "seconds_to_half": _round(milestones.get("half")),
        "seconds_to_all_notifications": _round(milestones.get("all")),
        "percolation": {
            "matched_users": percolation.matched_users,
            "done_seconds_after_publish": _round(
                (percolation.done_at - published_at).total_seconds()
                if percolation.done_at
                else None
            ),
        },
        "chunks": {
            "count": len(chunks),
            "size": len(chunks[0].recipient_ids) if chunks else 0,
            "done": sum(1 for chunk in chunks if chunk.is_done),
            "last_notification_written_seconds_after_publish": chunk_done,
        },
        "email_deliveries": {
            "count": total_deliveries,
            "seconds_until_all_sent": _round(emails_seconds),
            "sent": deliveries.filter(status=DeliveryStatus.SENT).count(),
            "attempts": {str(k): v for k, v in attempts.items()},
            "sent_per_s_while_sending": _send_rate(deliveries),
        },
    }


def recipient_check(args, data: dict) -> dict:
    """The check each alert email makes right before it is sent (``_still_wanted`` ->
    ``alert_recipients_still_subscribed``), timed in-process for ``--recipient-checks``
    recipients of the published vacancy: as deployed (its document memoised per vacancy
    version), and with the memo emptied before every call (the document rebuilt per email, as
    before). Same run, same rows, alternating, so load on the machine weighs on both alike."""
    from search import services

    vacancy = data["vacancy"]
    context = {"vacancy_id": vacancy.pk}
    users = sorted(data["subscriber_user_ids"])[: args.recipient_checks]
    services.alert_recipients_still_subscribed(context, users[:1])  # warm-up
    memoised: list[float] = []
    rebuilt: list[float] = []
    wanted = 0
    for user in users:
        started = time.perf_counter()
        wanted += len(services.alert_recipients_still_subscribed(context, [user]))
        memoised.append((time.perf_counter() - started) * 1000)
        services._checked_bodies.clear()
        started = time.perf_counter()
        services.alert_recipients_still_subscribed(context, [user])
        rebuilt.append((time.perf_counter() - started) * 1000)
    with_memo, without = summary(memoised), summary(rebuilt)
    return {
        "recipients": len(users),
        "still_wanted": wanted,
        "memoised_ms": with_memo,
        "document_rebuilt_per_email_ms": without,
        "seconds_of_checks_for_10000_emails": {
            "memoised": round(with_memo["mean"] * 10, 1) if users else None,
            "document_rebuilt_per_email": round(without["mean"] * 10, 1) if users else None,
        },
    }


def _chunk_completion(chunks, notifications, published_at) -> list[float]:
    """Per chunk, when its last notification row was written (seconds after publish)."""
    from django.db.models import Max

    chunk_of = {user: chunk.index for chunk in chunks for user in chunk.recipient_ids}
    last: dict[int, object] = {}
    for recipient, created in notifications.values_list("recipient_id").annotate(
        at=Max("created_at")
    ):
        index = chunk_of.get(recipient)
        if index is not None and (index not in last or created > last[index]):
            last[index] = created
    return [round((last[i] - published_at).total_seconds(), 2) for i in sorted(last)]


def _send_rate(deliveries) -> float | None:
    """Deliveries sent per second between the first and the last ``sent_at``."""
    from django.db.models import Count, Max, Min

    stats = deliveries.filter(sent_at__isnull=False).aggregate(
        first=Min("sent_at"), last=Max("sent_at"), n=Count("pk")
    )
    if not stats["n"] or stats["first"] == stats["last"]:
        return None
    return round(stats["n"] / (stats["last"] - stats["first"]).total_seconds(), 1)


def _round(value, digits: int = 2):
    return None if value is None else round(value, digits)


# -- phase 2: outbox re-send after an outage -----------------------------------------------------


def produce_during_outage(count: int) -> None:
    """Child-process mode: write notifications (one transaction each, the real service) while
    the broker is unreachable; the enqueue after each commit fails and is logged."""
    import logging

    import django

    django.setup()
    logging.getLogger("notifications.services").setLevel(logging.ERROR)
    from accounts.models import User
    from notifications.models import Kind
    from notifications.services import notification_create

    users = list(User.objects.filter(role="seeker").order_by("pk")[:count])
    times = []
    for user in users:
        started = time.perf_counter()
        notification_create(
            recipient=user,
            kind=Kind.ALERT_MATCH,
            context={
                "vacancy_id": 1,
                "vacancy_title": TITLE,
                "employer_name": "Konveksi",
                "district": DISTRICT,
                "alert_name": "Jahit",
            },
            dedup_key=f"bench-outage:{user.pk}",
        )
        times.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"written": len(users), "write_ms": summary(times)}))


def outbox_resend(args, env: dict) -> dict:
    from notifications.models import Delivery, DeliveryStatus
    from notifications.services import notifications_resend_pending

    dead = f"redis://127.0.0.1:{free_port()}/12"
    log(f"writing {args.outbox} notifications with the broker unreachable ({dead})")
    started = time.monotonic()
    child = subprocess.run(
        [sys.executable, __file__, "--produce-during-outage", str(args.outbox)],
        env={**env, "CELERY_BROKER_URL": dead},
        capture_output=True,
        text=True,
        check=True,
        timeout=args.delivery_timeout,
    )
    produced = json.loads(child.stdout.strip().splitlines()[-1])
    produced["seconds"] = round(time.monotonic() - started, 1)
    pending = Delivery.objects.filter(
        notification__dedup_key__startswith="bench-outage:", status=DeliveryStatus.PENDING
    )
    waiting = pending.count()
    log(f"  {waiting} deliveries pending; starting the worker and re-sending")
    workers = start_workers(args, env, name="resend-worker")
    try:
        started = time.monotonic()
        enqueued = notifications_resend_pending(stale_after_seconds=0)
        enqueue_seconds = time.monotonic() - started
        drained = wait_until(
            lambda: not pending.exists(),
            timeout=args.delivery_timeout,
            what="the re-sent deliveries",
        )
    finally:
        for worker in workers:
            worker.stop()
    outage = Delivery.objects.filter(notification__dedup_key__startswith="bench-outage:")
    sent = outage.filter(status=DeliveryStatus.SENT).count()
    log(f"  {sent} sent in {drained}s")
    return {
        "written_during_outage": produced,
        "pending_before_resend": waiting,
        "resend_pending_result": enqueued,
        "enqueue_seconds": round(enqueue_seconds, 2),
        "sent": sent,
        "seconds_until_all_sent": _round(drained),
        "deliveries_per_s": round(sent / drained, 1) if drained else None,
        "sent_per_s_while_sending": _send_rate(outage),
        "workers": work_per_worker(workers),
    }


# -- several workers ------------------------------------------------------------------------------

SEND_TASK = "notifications.send_delivery"


def start_workers(args, env: dict, *, name: str) -> list:
    """``--workers`` worker processes on the same broker, each logging every task it ran."""
    return [
        start_worker(
            env={**env, "CELERY_TASK_LOG_LEVEL": "INFO"},
            concurrency=args.concurrency,
            name=f"{name}-{number}",
        )
        for number in range(1, args.workers + 1)
    ]


def work_per_worker(workers: list) -> dict:
    """What each worker ran (from its log, after it stopped): tasks per name per worker, the
    share of the email deliveries each sent, and any task id that succeeded more than once."""
    per_worker: dict[str, dict[str, int]] = {}
    sent_by: dict[str, int] = {}
    runs: dict[str, int] = {}
    for worker in workers:
        counts = task_counts(worker.log_path)
        per_worker[worker.name] = dict(sorted(counts["by_name"].items()))
        sent_by[worker.name] = counts["by_result"].get(f"{SEND_TASK} -> 'sent'", 0)
        for task_id, times in counts["by_id"].items():
            runs[task_id] = runs.get(task_id, 0) + times
    succeeded: dict[str, int] = {}
    for counts_by_name in per_worker.values():
        for task_name, count in counts_by_name.items():
            succeeded[task_name] = succeeded.get(task_name, 0) + count
    sent = sum(sent_by.values())
    shares = [count / sent for count in sent_by.values()] if sent else [0]
    log(f"  tasks per worker: {per_worker}; deliveries sent per worker: {sent_by}")
    return {
        "tasks_per_worker": per_worker,
        # a send_delivery task that finds its row already claimed or sent answers 'skipped'
        "deliveries_sent_per_worker": sent_by,
        "deliveries_sent": sent,
        "tasks_succeeded": dict(sorted(succeeded.items())),
        "smallest_share_of_deliveries": round(min(shares), 3),
        "tasks_run_more_than_once": sum(1 for times in runs.values() if times > 1),
    }


# -- main -----------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    if args.produce_during_outage:
        produce_during_outage(args.produce_during_outage)
        return
    env = bootstrap(
        database=args.database, redis_db=args.redis_db, elasticsearch_url=args.elasticsearch_url
    )
    rng = random.Random(args.seed)
    started = time.monotonic()
    result: dict = {"benchmark": "notifications", "machine": machine(), "parameters": vars(args)}
    try:
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


def run(args, env: dict, rng: random.Random, result: dict) -> None:
    from search.backend import get_search_backend

    log("generating data")
    data = generate(args, rng)
    result["data"] = {
        "seconds": data["seconds"],
        "subscribers": args.subscribers,
        "other_alerts": args.other_alerts,
    }
    started = time.monotonic()
    result["data"]["indexed"] = get_search_backend().rebuild()
    result["data"]["rebuild_seconds"] = round(time.monotonic() - started, 1)
    log(f"indexed {result['data']['indexed']} in {result['data']['rebuild_seconds']}s")

    workers = start_workers(args, env, name="worker")
    try:
        result["fan_out"] = fan_out(args, data)
    finally:
        for worker in workers:
            worker.stop()
    from notifications.models import Delivery, DeliveryStatus

    # counted again once the workers have stopped: none can send anything more
    result["fan_out"]["email_deliveries"]["sent"] = Delivery.objects.filter(
        notification__kind="alert_match", status=DeliveryStatus.SENT
    ).count()
    result["worker"] = {
        "processes": args.workers,
        "pool": "prefork",
        "concurrency": args.concurrency,
        **work_per_worker(workers),
    }
    log(f"recipient check of {args.recipient_checks} emails, memoised and not")
    result["recipient_check"] = recipient_check(args, data)
    result["outbox_resend"] = outbox_resend(args, env)
    fan = result["fan_out"]
    result["targets"] = {
        "all_notifications_within_s": target(fan["seconds_to_all_notifications"], 30),
        "duplicates": target(
            fan["notifications"] - fan["distinct_recipients"] + fan["recipients_with_duplicates"],
            0,
        ),
        "tasks_run_more_than_once": target(result["worker"]["tasks_run_more_than_once"], 0),
        # every delivery the workers report as sent is one distinct row marked sent
        "email_deliveries_sent_once": target(
            result["worker"]["deliveries_sent"] == fan["email_deliveries"]["sent"],
            True,
            at_least=True,
        ),
        # with several workers: each ran at least a quarter of its even share of the deliveries
        "smallest_worker_share_of_deliveries": target(
            result["worker"]["smallest_share_of_deliveries"],
            round(0.25 / args.workers, 3),
            at_least=True,
        ),
        "every_subscriber_notified_once": target(
            fan["distinct_recipients"] == fan["expected_notifications"]
            and fan["unexpected_recipients"] == 0,
            True,
            at_least=True,
        ),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    main()
