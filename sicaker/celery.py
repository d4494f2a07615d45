"""The Celery app, configured from Django settings (CELERY_* names) with tasks from every app."""

import os
from logging.config import dictConfig

from celery import Celery
from celery.schedules import crontab
from celery.signals import setup_logging
from django.conf import settings
from kombu import Exchange, Queue

# Any process importing the project package (a worker, beat, a WSGI server) gets production
# settings unless DJANGO_SETTINGS_MODULE says otherwise; manage.py sets the local ones first.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sicaker.settings.production")

app = Celery("sicaker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _use_django_logging(**_: object) -> None:
    """Workers and beat log as the web does (Django's LOGGING: LOG_FORMAT, the request id),
    instead of Celery replacing the root logger's handlers with its own format."""
    dictConfig(settings.LOGGING)


# The periodic schedule lives in code so that every deployment runs the same sweeps.
app.conf.beat_schedule = {
    "search-sweep-dirty": {
        "task": "search.sweep_dirty",
        "schedule": float(os.environ.get("SEARCH_SWEEP_INTERVAL_SECONDS", "60")),
    },
    "search-sweep-percolations": {
        "task": "search.sweep_percolations",
        "schedule": 60.0,
    },
    "jobs-close-expired-vacancies": {
        "task": "jobs.close_expired_vacancies",
        "schedule": 15 * 60.0,
    },
    "notifications-resend-pending": {
        "task": "notifications.resend_pending",
        "schedule": 60.0,
    },
    "notifications-vacancy-expiry": {
        "task": "notifications.vacancy_expiry_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "notifications-daily-digest": {
        "task": "notifications.daily_digest",
        "schedule": crontab(hour=int(os.environ.get("NOTIFICATION_DIGEST_HOUR", "7")), minute=0),
    },
    "applications-rebuild-tallies": {
        "task": "applications.rebuild_tallies",
        "schedule": crontab(hour=2, minute=45),
    },
    "accounts-flush-expired-tokens": {
        "task": "accounts.flush_expired_tokens",
        "schedule": crontab(hour=3, minute=15),
    },
    # Proves to `manage.py doctor` and /metrics that beat and a worker run (sicaker.operations).
    "operations-heartbeat": {
        "task": "operations.heartbeat",
        "schedule": 60.0,
    },
    # The open data (jobs.open_data): the snapshot every 15 minutes, the change log pruned daily.
    "jobs-open-data-snapshot": {
        "task": "jobs.open_data_snapshot",
        "schedule": float(os.environ.get("OPEN_DATA_SNAPSHOT_INTERVAL_SECONDS", "900")),
    },
    "jobs-open-data-prune": {
        "task": "jobs.open_data_prune",
        "schedule": crontab(hour=3, minute=45),
    },
    "notifications-ak1-reminders": {
        "task": "notifications.ak1_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Retention (UU PDP): closed applications and unused seeker accounts are anonymised.
    "privacy-anonymise-closed-applications": {
        "task": "privacy.anonymise_closed_applications",
        "schedule": crontab(hour=2, minute=30),
    },
    "privacy-retain-inactive-accounts": {
        "task": "privacy.retain_inactive_accounts",
        "schedule": crontab(hour=2, minute=45),
    },
}

# Every queue the project uses, written only here: a worker started without -Q consumes all of
# them (scripts/services, docker-compose.yml and the README rely on that; tests check they do).
# Each is declared as Celery would create it on first use: a direct exchange of its own name.
QUEUES = ("celery", "search", "notifications")
app.conf.task_queues = tuple(Queue(name, Exchange(name), routing_key=name) for name in QUEUES)


def worker_command(*, python: str, hostname: str, concurrency: int) -> list[str]:
    """The command line of one worker on every queue (tests and benchmarks start it this way):
    no -Q, as scripts/services and docker-compose.yml start theirs."""
    return [
        python, "-m", "celery", "-A", "sicaker", "worker", "--loglevel=INFO",
        f"--concurrency={concurrency}", "-n", hostname,
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
