"""The Celery app, configured from Django settings (CELERY_* names) with tasks from every app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sicaker.settings.local")

app = Celery("sicaker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The periodic schedule lives in code so that every deployment runs the same sweeps.
app.conf.beat_schedule = {
    "search-sweep-dirty": {
        "task": "search.sweep_dirty",
        "schedule": float(os.environ.get("SEARCH_SWEEP_INTERVAL_SECONDS", "60")),
    },
    "jobs-close-expired-vacancies": {
        "task": "jobs.close_expired_vacancies",
        "schedule": 15 * 60.0,
    },
}
