"""Local development: embedded defaults so `make run` needs no other service.

SQLite, Celery tasks in-process and the database search backend, unless DATABASE_URL,
CELERY_BROKER_URL or SEARCH_BACKEND point at real services.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "local-only-insecure-secret-key-do-not-use-in-production"
)
os.environ.setdefault("DATABASE_URL", "sqlite:///db.sqlite3")
# A fixed key for local data only; production must set its own.
os.environ.setdefault("NIK_ENCRYPTION_KEY", "bG9jYWwtb25seS1uaWstZW5jcnlwdGlvbi1rZXktMDE=")

from .base import *  # noqa: E402,F403
