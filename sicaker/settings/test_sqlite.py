"""Test settings for the embedded configuration of `make run`: SQLite, the database search
backend and Celery tasks in-process. `make test` runs the suite a second time with these.

Tests that need PostgreSQL, Elasticsearch or a real broker/worker carry a marker
(`postgres`, `elasticsearch`, `worker`) and are skipped here by tests/conftest.py.
"""

import os
import tempfile

# A file, as with `make run` (an in-memory database shares one cache between connections and
# locks whole tables, which is not what a user's threaded server meets); one per test database
# name, so parallel work trees do not share it. Set, not defaulted: this pass is about SQLite
# even in a shell that exported the real services' variables.
_TEST_FILE = os.path.join(
    tempfile.gettempdir(), f"{os.environ.get('SICAKER_TEST_DB', 'test_sicaker')}.sqlite3"
)
os.environ["DATABASE_URL"] = f"sqlite:///{_TEST_FILE}"
os.environ["SEARCH_BACKEND"] = "database"
os.environ["CELERY_BROKER_URL"] = ""  # no broker: tasks run in-process, as with `make run`

from .test import *  # noqa: E402

DATABASES["default"]["TEST"] = {"NAME": _TEST_FILE}
CELERY_TASK_ALWAYS_EAGER = True
