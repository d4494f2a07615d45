"""PostgreSQL down: every request answers 503 without a traceback, and the app recovers alone.

Runs against a real PostgreSQL cluster of its own (initdb in a temporary folder, on a free
port), never the shared one: it is stopped and started in the middle of the test, while the
app keeps running in a separate `manage.py runserver` process with DEBUG on (the case where
Django would show its debug page, settings included, to any client).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parent.parent.parent
STEP_TIMEOUT = 90  # seconds for any one step (initdb, migrate, a start, a stop)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_bin() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda path: int(Path(path).parent.parent.name.split(".")[0]),
    )
    if not found:
        pytest.fail("no /usr/lib/postgresql/*/bin/pg_ctl; scripts/services start installs it")
    return Path(found[-1]).parent


class Cluster:
    """A throwaway PostgreSQL cluster, run as the `postgres` system user when we are root."""

    def __init__(self, directory: Path) -> None:
        self.bin = _postgres_bin()
        self.directory = directory
        self.data = directory / "data"
        self.log = directory / "postgres.log"
        self.port = _free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        result = subprocess.run(
            [*prefix, *command],
            cwd="/",
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            pytest.fail(f"{command[0]} failed: {result.stdout}{result.stderr}\n{log[-2000:]}")

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


def _get(url: str, headers: dict | None = None, data: bytes | None = None):
    """(status, content type, body text) of one request; errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def _wait_for(condition, *, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"timed out after {timeout}s waiting for {message}")


@pytest.fixture
def cluster():
    directory = Path(tempfile.mkdtemp(prefix="sicaker-pg-down-"))
    cluster = Cluster(directory)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.is_running():
            cluster.stop(mode="immediate")
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def app_server(cluster):
    """The app, migrated onto the cluster, served by `runserver` in a process of its own."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sicaker.settings.local",
        "DJANGO_DEBUG": "true",
        "DJANGO_SECRET_KEY": "database-down-test-secret-key-long-enough-for-hs256-signing",
        "DATABASE_URL": cluster.url,
        "DATABASE_CONNECT_TIMEOUT": "3",
        "CELERY_BROKER_URL": "",
        "SEARCH_BACKEND": "database",
        "CACHE_URL": "locmemcache://database-down-test",
        "LOG_LEVEL": "WARNING",
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT * 2,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    log_path = cluster.directory / "runserver.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:

        def is_serving() -> bool:
            if process.poll() is not None:
                pytest.fail(f"runserver exited: {log_path.read_text()[-2000:]}")
            try:
                return _get(f"{base}/healthz")[0] == 200
            except OSError:
                return False

        _wait_for(is_serving, timeout=60, message="the app to serve")
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _sign_in(base: str):
    body = json.dumps({"email": "nobody@example.id", "password": "Salah-Sekali-2026"}).encode()
    return _get(
        f"{base}/api/v1/auth/token/",
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
        data=body,
    )


def test_a_stopped_database_answers_503_in_the_envelope_and_the_app_recovers_alone(
    cluster, app_server
):
    base, process = app_server
    vacancies = f"{base}/api/v1/vacancies/"
    english = {"Accept-Language": "en"}
    # A session cookie makes an admin page read the database (the session row, then the user).
    admin_with_session = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}

    # Given the app answering normally on its database
    status, content_type, body = _get(vacancies, english)
    assert (status, content_type) == (200, "application/json")
    assert json.loads(body)["count"] == 0
    assert _sign_in(base)[0] == 401

    # When the database stops
    cluster.stop()

    # Then the API answers 503 in its error envelope, with no traceback and no settings
    for status, content_type, body in (_get(vacancies, english), _sign_in(base)):
        assert (status, content_type) == (503, "application/json")
        assert json.loads(body) == {
            "code": "service_unavailable",
            "detail": "The database is unavailable; please try again in a minute.",
        }
    status, _type, body = _get(vacancies)  # Indonesian by default
    assert status == 503
    assert json.loads(body)["detail"] == (
        "Basis data sedang tidak tersedia; silakan coba lagi sebentar lagi."
    )
    # and a page outside the API is a short 503 page, not Django's debug page
    status, content_type, body = _get(f"{base}/admin/", {**english, **admin_with_session})
    assert (status, content_type) == (503, "text/html; charset=utf-8")
    text = body.decode()
    assert "The database is unavailable; please try again in a minute." in text
    for leak in ("Traceback", "DATABASES", "SECRET_KEY", "OperationalError", str(cluster.port)):
        assert leak not in text
    assert _get(f"{base}/healthz")[0] == 503

    # When the database is back, the same running app answers normally again
    cluster.start()

    _wait_for(lambda: _get(vacancies, english)[0] == 200, timeout=30, message="the app to recover")
    assert process.poll() is None  # never restarted
    assert _sign_in(base)[0] == 401
    status, _type, body = _get(f"{base}/admin/", admin_with_session)
    # redirected to the sign-in page, as any visitor without a valid session
    assert status == 200 and b'id="login-form"' in body
