"""The systemd units of deploy/systemd/ run what docs/operations.md says, as the service user."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
VENV_BIN = "/srv/sicaker/.venv/bin/"


def _service(name: str) -> dict[str, str]:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(UNITS / f"{name}.service", encoding="utf-8")
    return dict(parser["Service"])


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("sicaker-web", ["gunicorn", "-c", "deploy/gunicorn.conf.py", "sicaker.wsgi:application"]),
        ("sicaker-worker", ["celery", "-A", "sicaker", "worker", "-l", "INFO"]),
        (
            "sicaker-beat",
            ["celery", "-A", "sicaker", "beat", "-l", "INFO",
             "--schedule", "/var/lib/sicaker/celerybeat-schedule"],
        ),
    ],
)  # fmt: skip
def test_each_unit_runs_its_command_from_the_venv_as_the_service_user(name, command):
    # Given the unit file as shipped
    service = _service(name)

    # Then it runs the documented command from the service's virtualenv
    executable, *arguments = shlex.split(service["ExecStart"])
    assert [executable.removeprefix(VENV_BIN), *arguments] == command
    assert executable.startswith(VENV_BIN)
    # As the service user, in its directory, with its environment, restarted when it fails
    assert {
        key: service[key] for key in ("User", "WorkingDirectory", "EnvironmentFile", "Restart")
    } == {
        "User": "sicaker",
        "WorkingDirectory": "/srv/sicaker",
        "EnvironmentFile": "/etc/sicaker/env",
        "Restart": "on-failure",
    }


def test_the_web_owns_the_metrics_directory_and_the_worker_drains_before_stopping():
    web, worker, beat = (_service(n) for n in ("sicaker-web", "sicaker-worker", "sicaker-beat"))

    assert web["RuntimeDirectory"] == "sicaker"
    assert (worker["KillSignal"], worker["TimeoutStopSec"]) == ("SIGTERM", "300")
    assert beat["StateDirectory"] == "sicaker"
    assert worker["UnsetEnvironment"] == beat["UnsetEnvironment"] == "PROMETHEUS_MULTIPROC_DIR"


def test_there_are_exactly_the_three_documented_units():
    assert sorted(path.name for path in UNITS.glob("*.service")) == [
        "sicaker-beat.service",
        "sicaker-web.service",
        "sicaker-worker.service",
    ]
    operations = (UNITS.parents[1] / "docs" / "operations.md").read_text(encoding="utf-8")
    assert "deploy/systemd/" in operations
