"""Test settings: the real services started by `scripts/services` (see `make test`)."""

import os
import uuid

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-long-enough-for-hmac-sha256-signing"
)
# The ports scripts/services uses (override them to run a second stack beside the first).
_PG_PORT = os.environ.get("SICAKER_PG_PORT", "5433")
_REDIS_PORT = os.environ.get("SICAKER_REDIS_PORT", "6380")
_ES_PORT = os.environ.get("SICAKER_ES_PORT", "9200")
os.environ.setdefault("DATABASE_URL", f"postgres://sicaker:sicaker@127.0.0.1:{_PG_PORT}/sicaker")
os.environ.setdefault("CELERY_BROKER_URL", f"redis://127.0.0.1:{_REDIS_PORT}/0")
os.environ.setdefault("CACHE_URL", "locmemcache://sicaker-test")
os.environ.setdefault("SEARCH_BACKEND", "elasticsearch")
# Tests roll back the skills they create: every call checks the taxonomy (search.taxonomy).
os.environ.setdefault("SEARCH_TAXONOMY_RECHECK_SECONDS", "0")
# Tests index a word and search for its typo at once; the memo has its own tests.
os.environ.setdefault("SEARCH_CORRECTION_MEMO_SECONDS", "0")
os.environ.setdefault("ELASTICSEARCH_URL", f"http://127.0.0.1:{_ES_PORT}")
os.environ.setdefault("NIK_ENCRYPTION_KEY", "dGVzdC1vbmx5LW5pay1lbmNyeXB0aW9uLWtleS0wMDE=")
# Each test run gets its own index prefix, so runs never see each other's documents; and each
# pytest-xdist worker its own (they inherit the environment of the process that started them).
_PREFIX = os.environ.setdefault("ELASTICSEARCH_INDEX_PREFIX", f"test-{uuid.uuid4().hex[:10]}")
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER and not _PREFIX.endswith(f"-{_XDIST_WORKER}"):
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = f"{_PREFIX}-{_XDIST_WORKER}"

from .base import *  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "id"
# Tasks are published to the real broker; tests about asynchronous work run a real worker.
CELERY_TASK_ALWAYS_EAGER = False
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "auth": "1000/min",
    "nik_user": "1000/min",
    "nik_client": "1000/min",
    "open_data": "1000/min",
}

# Several test runs may share one PostgreSQL server (parallel work trees): each names its own.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SICAKER_TEST_DB", "test_sicaker")}
