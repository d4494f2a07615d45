"""Migrations applied forward on data (django-test-migrations), and every data or SQL migration
reversible or saying why not."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL

pytestmark = pytest.mark.django_db

# Data or SQL migrations that cannot be reversed, each with the reason (none so far).
IRREVERSIBLE: dict[tuple[str, str], str] = {}
OUR_APPS = {"accounts", "jobs", "seekers", "applications", "search", "notifications"}


def test_every_data_and_sql_migration_can_be_reversed_or_says_why_not():
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    irreversible = sorted(
        key
        for key, migration in loader.disk_migrations.items()
        if key[0] in OUR_APPS
        for operation in migration.operations
        if isinstance(operation, RunPython | RunSQL) and not operation.reversible
    )

    assert {key: IRREVERSIBLE.get(key, "no reason given") for key in irreversible} == {
        key: reason for key, reason in IRREVERSIBLE.items()
    }


# django-test-migrations starts each test by dropping every model's table and migrating again;
# on SQLite the full-text table search.0003 makes outside the models survives that drop and the
# schema editor then refuses to run (foreign-key checks inside a transaction), so these run on
# PostgreSQL, the production database. The SQLite pass migrates from empty at every start.
@pytest.mark.postgres
def test_accounts_0002_keeps_every_account_and_goes_back(migrator):
    # Given an account written before the lockout fields were removed
    old = migrator.apply_initial_migration(("accounts", "0001_initial"))
    old_user = old.apps.get_model("accounts", "User")
    old_user.objects.create(
        email="sri@example.id", full_name="Sri Wahyuni", role="seeker", password="x",
        failed_login_count=3,
    )  # fmt: skip

    # When the migration runs
    new = migrator.apply_tested_migration(("accounts", "0002_remove_user_lockout_fields"))

    # Then the account is there with everything it still has
    user = new.apps.get_model("accounts", "User")
    assert list(user.objects.values_list("email", "full_name", "role")) == [
        ("sri@example.id", "Sri Wahyuni", "seeker")
    ]
    # And going back restores the columns with their defaults
    back = migrator.apply_tested_migration(("accounts", "0001_initial"))
    assert list(
        back.apps.get_model("accounts", "User").objects.values_list(
            "email", "failed_login_count", "locked_until"
        )
    ) == [("sri@example.id", 0, None)]


@pytest.mark.postgres
def test_notifications_0002_keeps_the_outbox_and_accepts_cancelled(migrator):
    # Given a notification with a pending and a failed delivery, written before 0002
    old = migrator.apply_initial_migration(("notifications", "0001_initial"))
    user = old.apps.get_model("accounts", "User").objects.create(
        email="wati@example.id", full_name="Wati", role="seeker", password="x"
    )
    notification = old.apps.get_model("notifications", "Notification").objects.create(
        recipient=user, kind="application_submitted", context={"vacancy_id": 1}, dedup_key="k"
    )
    delivery = old.apps.get_model("notifications", "Delivery")
    delivery.objects.create(notification=notification, channel="email", address="w@e.id")
    delivery.objects.create(
        notification=notification, channel="sms", address="0812", status="failed", attempts=6
    )

    new = migrator.apply_tested_migration(("notifications", "0002_delivery_cancelled"))

    deliveries = new.apps.get_model("notifications", "Delivery")
    assert sorted(deliveries.objects.values_list("channel", "status", "attempts")) == [
        ("email", "pending", 0),
        ("sms", "failed", 6),
    ]
    deliveries.objects.filter(channel="email").update(status="cancelled")
    assert deliveries.objects.get(channel="email").status == "cancelled"


@pytest.mark.postgres
def test_search_0003_builds_the_full_text_index_beside_existing_vacancies_and_goes_back(migrator):
    # Given an employer's vacancy written before the database search index existed
    old = migrator.apply_initial_migration(("search", "0002_search_tombstones"))
    owner = old.apps.get_model("accounts", "User").objects.create(
        email="ayu@example.id", full_name="Ayu", role="employer", password="x"
    )
    employer = old.apps.get_model("jobs", "Employer").objects.create(
        owner=owner, name="Konveksi Ayu", kind="umkm", nib=""
    )
    old.apps.get_model("jobs", "Vacancy").objects.create(
        employer=employer, title="Penjahit borongan", work_type="piece_rate",
        valid_through="2026-12-31", status="published", min_education="",
    )  # fmt: skip

    # When the migration runs
    new = migrator.apply_tested_migration(("search", "0003_vacancy_entry_index"))

    # Then the vacancy is untouched, the new tables are there (empty until the sweep or
    # search_rebuild fills them) with the full-text index on them
    vacancies = new.apps.get_model("jobs", "Vacancy").objects.values_list("title", "status")
    assert list(vacancies) == [("Penjahit borongan", "published")]
    assert new.apps.get_model("search", "VacancyEntry").objects.count() == 0
    assert _indexes_named("search_text_tokens") == 1
    # And going back removes the index with its tables, the vacancy staying
    back = migrator.apply_tested_migration(("search", "0002_search_tombstones"))
    assert _indexes_named("search_text_tokens") == 0
    assert back.apps.get_model("jobs", "Vacancy").objects.count() == 1


def _indexes_named(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = %s", [name])
        return int(cursor.fetchone()[0])
