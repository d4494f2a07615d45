"""`manage.py doctor`: every check an administrator needs, each problem with what to do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from search.backend import get_search_backend
from seekers.services import seeker_nik_key_census
from sicaker import health
from sicaker.celery import QUEUES, app
from sicaker.operations import figures
from sicaker.settings.keys import check_nik_keys, check_secret_key

DEFAULT_MODEL_NAMES = {
    "jobs.vacancy": "vacancies",
    "seekers.seekerprofile": "job seekers",
    "search.jobalert": "job alerts",
    "deletions": "deleted rows",
    "percolations": "published vacancies not yet matched against job alerts",
}


@dataclass(frozen=True)
class Finding:
    name: str
    is_ok: bool
    detail: str
    advice: str = ""  # what to do; only for a problem


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 120:  # noqa: PLR2004 - under two minutes, in seconds
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


# -- the checks ---------------------------------------------------------------------------------

SERVICE_ADVICE = {
    "database": (
        "Start PostgreSQL or fix DATABASE_URL (host, port, user, password, database name); "
        "`psql \"$DATABASE_URL\" -c 'select 1'` shows the server's own error."
    ),
    "broker": (
        'Start Redis or fix CELERY_BROKER_URL; `redis-cli -u "$CELERY_BROKER_URL" ping` must '
        "answer PONG. Nothing is lost meanwhile: the sweeps re-send what was committed."
    ),
    "search": (
        "Start Elasticsearch or fix ELASTICSEARCH_URL (and ELASTICSEARCH_USERNAME/PASSWORD); "
        '`curl "$ELASTICSEARCH_URL/_cluster/health"`. The index catches up by itself after.'
    ),
}


def check_services() -> Iterator[Finding]:
    for state in health.check_all():
        yield Finding(
            state.name,
            state.is_up,
            state.detail,
            "" if state.is_up else SERVICE_ADVICE[state.name],
        )
    is_up, detail = figures.cache_works()
    yield Finding(
        "cache",
        is_up,
        detail,
        "" if is_up else "Start the cache server or fix CACHE_URL (sign-in rate limits use it).",
    )


def check_migrations() -> Iterator[Finding]:
    pending = figures.pending_migrations()
    if not pending:
        yield Finding("migrations", True, "all applied")
        return
    listed = ", ".join(pending[:5]) + (" …" if len(pending) > 5 else "")  # noqa: PLR2004
    yield Finding(
        "migrations",
        False,
        f"{len(pending)} not applied: {listed}",
        "Stop beat and the workers, back up (`manage.py backup_database`), then run "
        "`manage.py migrate`; see the upgrade recipe in docs/operations.md.",
    )


def check_index_lag() -> Iterator[Finding]:
    limit = settings.INDEX_LAG_LIMIT_SECONDS
    for lag in figures.index_lag():
        name = f"search lag: {DEFAULT_MODEL_NAMES[lag.model_label]}"
        detail = f"{lag.rows} waiting, oldest {_duration(lag.oldest_age)}"
        is_ok = lag.oldest_age is None or lag.oldest_age <= limit
        yield Finding(
            name,
            is_ok,
            detail if lag.rows else "none waiting",
            ""
            if is_ok
            else (
                f"Rows wait longer than {_duration(limit)} (INDEX_LAG_LIMIT_SECONDS). Check that "
                "beat and a worker on the 'search' queue run (`celery -A sicaker inspect "
                "active_queues`) and that the search engine is up; the sweep catches up by "
                "itself. If the index was lost, `manage.py search_rebuild`."
            ),
        )


def check_outbox() -> Iterator[Finding]:
    outbox = figures.outbox()
    limit = settings.OUTBOX_DELAY_LIMIT_SECONDS
    is_ok = outbox.oldest_due_age is None or outbox.oldest_due_age <= limit
    yield Finding(
        "outbox: pending deliveries",
        is_ok,
        f"{outbox.pending} pending, {outbox.due} due, oldest due "
        f"{_duration(outbox.oldest_due_age)}",
        ""
        if is_ok
        else (
            f"Deliveries due for longer than {_duration(limit)} (OUTBOX_DELAY_LIMIT_SECONDS) are "
            "not being sent: check that beat and a worker on the 'notifications' queue run and "
            "that the broker is up; `notifications.resend_pending` re-sends them every minute."
        ),
    )
    yield Finding(
        "outbox: failed deliveries",
        outbox.failed_last_day == 0,
        f"{outbox.failed_last_day} failed in the last 24 h ({outbox.failed} in all)",
        ""
        if outbox.failed_last_day == 0
        else (
            "Read their last_error in the admin (Notifications > deliveries, status failed): "
            "usually the SMS/WhatsApp gateway (SMS_GATEWAY_URL/_TOKEN) or the mail server "
            "(EMAIL_*) refused them. Failed deliveries are not retried."
        ),
    )


def _key_problem(check: Callable[[], None]) -> str:
    try:
        check()
    except ImproperlyConfigured as error:
        return str(error)
    return ""


def check_keys() -> Iterator[Finding]:
    named = [("DJANGO_SECRET_KEY", settings.SECRET_KEY)] + [
        (f"DJANGO_SECRET_KEY_FALLBACKS[{place}]", key)
        for place, key in enumerate(settings.SECRET_KEY_FALLBACKS)
    ]
    secret_problems = [
        problem
        for name, key in named
        if (problem := _key_problem(partial(check_secret_key, key, name=name)))
    ]
    yield Finding(
        "keys: DJANGO_SECRET_KEY",
        not secret_problems,
        "; ".join(secret_problems) or f"set, {len(settings.SECRET_KEY_FALLBACKS)} fallback key(s)",
        "Set a generated key; to replace one without signing everybody out, put the old one in "
        "DJANGO_SECRET_KEY_FALLBACKS (docs/operations.md)."
        if secret_problems
        else "",
    )
    keys = list(settings.NIK_ENCRYPTION_KEYS)
    problem = _key_problem(lambda: check_nik_keys(keys))
    yield Finding(
        "keys: NIK encryption",
        not problem,
        problem or f"{len(keys)} key(s) configured",
        "Generate a key and set it in NIK_ENCRYPTION_KEYS in front of the current one, then "
        "`manage.py nik_reencrypt` (docs/operations.md, Rotate keys)."
        if problem
        else "",
    )
    census = seeker_nik_key_census()
    if census.unreadable_pks:
        yield Finding(
            "keys: stored NIKs",
            False,
            f"{len(census.unreadable_pks)} NIKs readable by no configured key",
            "A key still needed was removed: put it back into NIK_ENCRYPTION_KEYS (after the "
            "newest) and run `manage.py nik_reencrypt`.",
        )
    elif census.older:
        yield Finding(
            "keys: stored NIKs",
            False,
            f"{census.older} of {census.older + census.current} NIKs still under an older key",
            "Finish the rotation: `manage.py nik_reencrypt`; then remove the older keys from "
            "NIK_ENCRYPTION_KEYS.",
        )
    else:
        extra = " (the older keys can now be removed)" if len(keys) > 1 else ""
        yield Finding("keys: stored NIKs", True, f"{census.current} under the newest key{extra}")


def _queue_of(task_name: str) -> str:
    for pattern, route in settings.CELERY_TASK_ROUTES.items():
        if (pattern.endswith("*") and task_name.startswith(pattern[:-1])) or pattern == task_name:
            return str(route["queue"])
    return str(settings.CELERY_TASK_DEFAULT_QUEUE)


def check_beat() -> Iterator[Finding]:
    app.loader.import_default_modules()
    schedule = app.conf.beat_schedule
    unknown = sorted(entry["task"] for entry in schedule.values() if entry["task"] not in app.tasks)
    unrouted = sorted(
        entry["task"] for entry in schedule.values() if _queue_of(entry["task"]) not in QUEUES
    )
    is_ok = not unknown and not unrouted
    yield Finding(
        "beat schedule",
        is_ok,
        f"{len(schedule)} periodic tasks"
        + (f"; unknown tasks: {', '.join(unknown)}" if unknown else "")
        + (f"; routed to no worker queue: {', '.join(unrouted)}" if unrouted else ""),
        "" if is_ok else "The code's beat schedule (sicaker/celery.py) names these; fix it.",
    )
    if not figures.uses_redis_broker():
        yield Finding("beat heartbeat", True, "tasks run in-process; no beat to check")
        return
    age = figures.heartbeat_age()
    limit = settings.HEARTBEAT_LIMIT_SECONDS
    is_ok = age is not None and age <= limit
    yield Finding(
        "beat heartbeat",
        is_ok,
        "never recorded" if age is None else f"last {_duration(age)} ago",
        ""
        if is_ok
        else (
            "Beat, or every worker on the 'celery' queue, is not running: the sweeps, reminders "
            "and digests stop with it. Start `celery -A sicaker beat` (one, only one) and "
            "`celery -A sicaker worker`; see their logs."
        ),
    )
    depths = figures.queue_depths()
    deep = {name: depth for name, depth in depths.items() if depth > settings.QUEUE_DEPTH_LIMIT}
    yield Finding(
        "worker queues",
        not deep,
        ", ".join(f"{name} {depth}" for name, depth in depths.items()),
        ""
        if not deep
        else (
            f"More than {settings.QUEUE_DEPTH_LIMIT} messages wait (QUEUE_DEPTH_LIMIT): the "
            "workers are stopped or too few; start more (`celery -A sicaker worker`, on any "
            "machine with the same settings)."
        ),
    )


def check_search_mapping() -> Iterator[Finding]:
    backend = get_search_backend()
    stale = getattr(backend, "stale_mappings", None)
    if stale is None:
        return
    names = stale()
    yield Finding(
        "search mapping",
        not names,
        "as in the code" if not names else f"differs from the code for: {', '.join(names)}",
        "" if not names else "Run `manage.py search_rebuild` (searches keep working meanwhile).",
    )


CHECKS: tuple[tuple[str, Callable[[], Iterator[Finding]]], ...] = (
    ("services", check_services),
    ("migrations", check_migrations),
    ("search lag", check_index_lag),
    ("search mapping", check_search_mapping),
    ("outbox", check_outbox),
    ("keys", check_keys),
    ("beat", check_beat),
)


def run_checks() -> list[Finding]:
    """Every finding; a check that cannot run (its service is down) is itself a problem."""
    findings: list[Finding] = []
    for name, check in CHECKS:
        try:
            findings.extend(check())
        except Exception as error:  # noqa: BLE001 - a check that fails is reported, not raised
            findings.append(
                Finding(
                    name,
                    False,
                    f"could not check: {error.__class__.__name__}: {str(error)[:200]}",
                    "Fix what is reported above first (a service down, migrations not applied), "
                    "then run doctor again.",
                )
            )
    return findings
