"""Local development: embedded defaults so `make run` needs no other service.

SQLite, Celery tasks in-process and the database search backend, unless DATABASE_URL,
CELERY_BROKER_URL or SEARCH_BACKEND point at real services.
"""

import os
import secrets
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "true")


def _local_secret_key() -> str:
    """A secret key made for this checkout (kept in .local-secret-key, git-ignored).

    Never a key printed in the repository: a token signed with a published key must not be
    accepted by anyone's server, not even a local one reachable from the network.
    """
    path = Path(__file__).resolve().parent.parent.parent / ".local-secret-key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        try:
            path.touch(mode=0o600)
            path.write_text(key + "\n")
        except OSError:  # a read-only checkout: a new key per start (signs everyone out)
            pass
        return key


if not os.environ.get("DJANGO_SECRET_KEY"):
    os.environ["DJANGO_SECRET_KEY"] = _local_secret_key()
os.environ.setdefault("DATABASE_URL", "sqlite:///db.sqlite3")
# A fixed key for local data only; production must set its own.
os.environ.setdefault("NIK_ENCRYPTION_KEY", "bG9jYWwtb25seS1uaWstZW5jcnlwdGlvbi1rZXktMDE=")

from .base import *  # noqa: E402
