"""Benchmark settings: production-like base settings with a database, index prefix and Redis DB
of their own.

``benchmarks/_common.py`` fills the environment (database name, index prefix, broker) before
Django starts, and passes the same environment to the gunicorn and Celery processes it spawns,
so every process of one run talks to the same bench database, indices and broker.
"""

import os
import uuid

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production")
os.environ.setdefault("DATABASE_URL", "postgres://sicaker:sicaker@127.0.0.1:5433/bench_sicaker")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6380/12")
os.environ.setdefault("CACHE_URL", "locmemcache://sicaker-bench")
os.environ.setdefault("SEARCH_BACKEND", "elasticsearch")
os.environ.setdefault("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
os.environ.setdefault("ELASTICSEARCH_INDEX_PREFIX", f"bench-{uuid.uuid4().hex[:10]}")
os.environ.setdefault("NIK_ENCRYPTION_KEY", "YmVuY2gtb25seS1uaWstZW5jcnlwdGlvbi1rZXktMDE=")
# Nothing is printed or sent: the benchmark measures the pipeline, not an SMTP server.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_DEBUG", "false")

from sicaker.settings.base import *  # noqa: F403

# Tasks go to the real broker and run in the worker the benchmark starts.
CELERY_TASK_ALWAYS_EAGER = False
