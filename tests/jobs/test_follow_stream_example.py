"""examples/follow_stream.py against the live test server: its mirror equals the public
vacancies, after the first run (snapshot, then stream) and after a later run (stream only)."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from jobs.models import Vacancy
from jobs.open_data.payload import public_vacancies, vacancy_payload
from jobs.open_data.snapshot import snapshot_build
from jobs.services import vacancy_close, vacancy_publish, vacancy_update
from tests.factories.jobs import DraftVacancyFactory, EmployerFactory, VacancyFactory

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "follow_stream.py"


def run_example(live_server, db: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), "--base-url", live_server.url, "--db", str(db), "--once"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def mirror(db: Path) -> dict[int, dict]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT id, payload FROM vacancies").fetchall()
    return {pk: json.loads(payload) for pk, payload in rows}


def public_now() -> dict[int, dict]:
    pks = Vacancy.objects.open().values_list("pk", flat=True)
    return {pk: vacancy_payload(vacancy) for pk, vacancy in public_vacancies(pks).items()}


@pytest.mark.django_db(transaction=True)
def test_the_example_mirrors_the_open_vacancies_and_stays_in_step(live_server, settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    cache.clear()
    # Given public vacancies (one published before the log existed), a closed one, a draft,
    # and a snapshot of that
    employer = EmployerFactory(name="Konveksi Bu Sri")
    VacancyFactory(employer=employer, title="Penjahit lama")
    kept = vacancy_publish(
        vacancy=DraftVacancyFactory(employer=employer, title="Penjahit"), actor=employer.owner
    )
    closed = vacancy_publish(vacancy=DraftVacancyFactory(employer=employer), actor=employer.owner)
    vacancy_close(vacancy=closed, actor=employer.owner)
    DraftVacancyFactory(employer=employer, title="Rahasia")
    snapshot_build()
    # and a change after the snapshot
    vacancy_update(vacancy=kept, actor=employer.owner, data={"title": "Penjahit masker"})
    db = tmp_path / "mirror.sqlite3"

    # When the example runs the first time
    first = run_example(live_server, db)

    # Then its mirror is the public vacancies, as they are now
    assert "snapshot: 2 vacancies" in first
    assert "applied 1 changes; 2 vacancies in the mirror" in first
    assert mirror(db) == public_now()
    assert mirror(db)[kept.pk]["title"] == "Penjahit masker"

    # And after more changes a second run follows the stream from where it stopped
    vacancy_close(vacancy=kept, actor=employer.owner)
    new = vacancy_publish(
        vacancy=DraftVacancyFactory(employer=employer, title="Kasir"), actor=employer.owner
    )
    second = run_example(live_server, db)

    assert "snapshot" not in second
    assert "applied 2 changes; 2 vacancies in the mirror" in second
    assert mirror(db) == public_now()
    assert new.pk in mirror(db)
    cache.clear()
