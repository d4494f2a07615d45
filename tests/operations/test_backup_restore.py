"""Back up a populated instance, restore it into a fresh database, rebuild the search index from
it, and the service answers the same: row counts, searches, matches, the application report and
every NIK (the index is never a backup: its rebuild is the recovery path)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Role, User
from jobs.models import Vacancy, VacancyStatus
from search.backend import get_search_backend
from seekers.models import SeekerProfile
from seekers.nik import decrypt_nik

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.elasticsearch,
    pytest.mark.django_db(transaction=True),
]

SEARCHES: list[dict[str, str | int | float]] = [
    {"q": "jahit"},
    {"q": "batik", "sort": "newest"},
    {"q": "frozen food"},
    {"city": "Kota Madiun"},
    {"work_type": "home_based", "page_size": 5},
    {"q": "penjahit borongan", "near": "-7.98,112.63", "radius_km": 25},
]
REPORTS = ["status", "district", "training", "vacancy"]


def _admin_connection() -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
        dbname="postgres", autocommit=True,
    )  # fmt: skip


def _answers() -> dict:
    """What the service says, through its API, about the data in the current database."""
    client = APIClient()
    answers: dict = {
        "rows": {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models()
            if model._meta.managed
        },
        "niks": {
            profile.pk: decrypt_nik(profile.nik_encrypted)
            for profile in SeekerProfile.objects.exclude(nik_encrypted="").order_by("pk")
        },
    }
    for number, params in enumerate(SEARCHES):
        response = client.get("/api/v1/vacancies/search/", params)
        assert response.status_code == 200, response.content
        answers[f"search {number}"] = response.json()
    for profile in SeekerProfile.objects.select_related("user").order_by("pk"):
        client.force_authenticate(profile.user)
        response = client.get("/api/v1/seekers/me/matches/")
        assert response.status_code == 200, response.content
        answers[f"matches of seeker {profile.pk}"] = response.json()
    published = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).select_related(
        "employer__owner"
    )
    for vacancy in published.order_by("pk"):
        client.force_authenticate(vacancy.employer.owner)
        response = client.get(f"/api/v1/vacancies/{vacancy.pk}/matches/")
        assert response.status_code == 200, response.content
        answers[f"candidates of vacancy {vacancy.pk}"] = response.json()
    client.force_authenticate(User.objects.filter(role=Role.OFFICER).order_by("pk").first())
    for group in REPORTS:
        response = client.get("/api/v1/reports/applications/", {"group_by": group})
        assert response.status_code == 200, response.content
        answers[f"report by {group}"] = response.json()
    return answers


@pytest.fixture
def restored_database(transactional_db) -> Iterator[str]:
    """A fresh, empty database beside the test database; dropped after the test."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    original = connection.settings_dict["NAME"]
    original_prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    try:
        yield name
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        get_search_backend().drop_all()
        settings.ELASTICSEARCH_INDEX_PREFIX = original_prefix
        get_search_backend.cache_clear()
        get_search_backend().drop_all()
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"


def test_a_restored_backup_answers_like_the_original(restored_database, tmp_path: Path):
    # Given a populated instance (the demo data: officers, employers, trained seekers with NIKs,
    # vacancies, applications in every status, job alerts) with its search index built
    call_command("load_skills", verbosity=0)
    call_command("load_demo_data", stdout=io.StringIO())
    get_search_backend().drop_all()
    call_command("search_rebuild", stdout=io.StringIO())
    before = _answers()
    assert before["rows"]["applications.Application"] >= 10
    assert len(before["niks"]) >= 5
    # (the searches, matches and candidates compared below are not empty answers)
    assert [before[f"search {number}"]["count"] > 0 for number in range(len(SEARCHES))] == [
        True
    ] * len(SEARCHES)
    assert sum(bool(answer) for key, answer in before.items() if key.startswith("matches")) >= 3
    assert sum(bool(answer) for key, answer in before.items() if key.startswith("candid")) >= 3

    # When it is backed up
    dump = tmp_path / "sicaker.dump"
    out = io.StringIO()
    call_command("backup_database", "--output", str(dump), stdout=out)
    assert out.getvalue().startswith("backed up ")
    # And restored into a fresh database, which then becomes the service's database
    out = io.StringIO()
    call_command(
        "restore_database", str(dump), "--database-url", _database_url(restored_database),
        stdout=out,
    )  # fmt: skip
    assert f"tables into {restored_database}; next" in out.getvalue()
    connection.close()
    connection.settings_dict["NAME"] = restored_database
    # And the search index is rebuilt from it, in indices of its own (another site)
    settings.ELASTICSEARCH_INDEX_PREFIX = (
        f"{settings.ELASTICSEARCH_INDEX_PREFIX}-r{uuid.uuid4().hex[:6]}"
    )
    get_search_backend.cache_clear()
    out = io.StringIO()
    call_command("migrate", verbosity=0)
    call_command("search_rebuild", stdout=out)

    # Then the service answers exactly as before
    assert connection.settings_dict["NAME"] == restored_database
    after = _answers()
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] == before[key], key


def test_a_restore_into_a_database_that_is_not_empty_is_refused(restored_database, tmp_path):
    # Given a backup of the test database and the test database itself as the target
    dump = tmp_path / "sicaker.dump"
    call_command("backup_database", "--output", str(dump), stdout=io.StringIO())
    tables_before = connection.introspection.table_names()

    with pytest.raises(CommandError) as refused:
        call_command("restore_database", str(dump), stdout=io.StringIO())

    assert str(refused.value).startswith(
        f"the database '{connection.settings_dict['NAME']}' is not empty; restore into a fresh one"
    )
    assert connection.introspection.table_names() == tables_before


def test_a_backup_never_overwrites_a_file(tmp_path):
    dump = tmp_path / "sicaker.dump"
    dump.write_bytes(b"an older backup")

    with pytest.raises(CommandError) as refused:
        call_command("backup_database", "--output", str(dump), stdout=io.StringIO())

    assert str(refused.value) == f"{dump} exists; choose a new file name"
    assert dump.read_bytes() == b"an older backup"
