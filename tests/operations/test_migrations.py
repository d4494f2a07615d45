"""Migrations applied forward on data (django-test-migrations), and every data or SQL migration
reversible or saying why not."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL
from django.utils import timezone

pytestmark = pytest.mark.django_db

# Data or SQL migrations that cannot be reversed, each with the reason (none so far).
IRREVERSIBLE: dict[tuple[str, str], str] = {}
OUR_APPS = {"accounts", "consents", "jobs", "seekers", "applications", "search", "notifications"}


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
def test_accounts_0003_makes_phones_e164_and_keeps_every_unusable_number(migrator, caplog):
    # Given accounts written before sign-in by phone: numbers in every spelling, a landline, a
    # foreign number, one number on two accounts, and one account without a phone
    old = migrator.apply_initial_migration(("accounts", "0002_remove_user_lockout_fields"))
    user = old.apps.get_model("accounts", "User")
    for email, phone in [
        ("a@example.id", "0812-3456-7890"),
        ("b@example.id", "+62 813 1111 2222"),
        ("c@example.id", "6285712345678"),
        ("d@example.id", "0341 551234"),  # a landline in Malang
        ("e@example.id", "+60123456789"),  # Malaysia
        ("f@example.id", "081234567890"),  # a's number again
        ("g@example.id", ""),
    ]:
        user.objects.create(email=email, full_name="X", role="seeker", password="x", phone=phone)

    # When the migration runs
    with caplog.at_level("WARNING", logger="accounts.migrations.0003_user_sign_in_phone"):
        new = migrator.apply_tested_migration(("accounts", "0003_user_sign_in_phone"))

    # Then mobile numbers are E.164, the first account keeps a shared number, and every number
    # that cannot sign in is kept as the contact number in legacy_phone, and said so
    rows = new.apps.get_model("accounts", "User").objects.order_by("email")
    assert list(rows.values_list("email", "phone", "legacy_phone")) == [
        ("a@example.id", "+6281234567890", ""),
        ("b@example.id", "+6281311112222", ""),
        ("c@example.id", "+6285712345678", ""),
        ("d@example.id", None, "0341 551234"),
        ("e@example.id", None, "+60123456789"),
        ("f@example.id", None, "081234567890"),
        ("g@example.id", None, ""),
    ]
    assert "3 phone number(s) are not usable sign-in numbers" in caplog.text
    # And a phone-only account can now exist, many without email
    users = new.apps.get_model("accounts", "User")
    users.objects.create(email=None, phone="+6281999990001", full_name="Y", role="seeker")
    users.objects.create(email=None, phone="+6281999990002", full_name="Z", role="seeker")

    # And going back puts every number into phone again, the phone-only accounts get a
    # placeholder email
    back = migrator.apply_tested_migration(("accounts", "0002_remove_user_lockout_fields"))
    rows = back.apps.get_model("accounts", "User").objects.order_by("email")
    assert list(rows.values_list("email", "phone")) == [
        ("6281999990001@phone.invalid", "+6281999990001"),
        ("6281999990002@phone.invalid", "+6281999990002"),
        ("a@example.id", "+6281234567890"),
        ("b@example.id", "+6281311112222"),
        ("c@example.id", "+6285712345678"),
        ("d@example.id", "0341 551234"),
        ("e@example.id", "+60123456789"),
        ("f@example.id", "081234567890"),
        ("g@example.id", ""),
    ]


@pytest.mark.postgres
def test_accounts_0004_adds_an_empty_code_table_beside_the_accounts_and_goes_back(migrator):
    old = migrator.apply_initial_migration(("accounts", "0003_user_sign_in_phone"))
    old.apps.get_model("accounts", "User").objects.create(
        phone="+6281234567890", full_name="Sri", role="seeker", password="x"
    )

    new = migrator.apply_tested_migration(("accounts", "0004_phone_codes"))

    assert new.apps.get_model("accounts", "PhoneCode").objects.count() == 0
    assert list(new.apps.get_model("accounts", "User").objects.values_list("phone")) == [
        ("+6281234567890",)
    ]
    back = migrator.apply_tested_migration(("accounts", "0003_user_sign_in_phone"))
    assert back.apps.get_model("accounts", "User").objects.count() == 1


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


# Every migration of our apps past 0001_initial, each with its test above or below; a new
# migration without a test fails test_every_migration_has_its_test.
TESTED = {
    ("accounts", "0002_remove_user_lockout_fields"),
    ("accounts", "0003_user_sign_in_phone"),
    ("accounts", "0004_phone_codes"),
    ("applications", "0002_event_actor_role_status_checks"),
    ("applications", "0003_invitation"),
    ("applications", "0005_application_anonymised_at"),
    ("consents", "0002_privacy_notice_v1_existing_consents"),
    ("applications", "0004_dashboard_tallies"),
    ("jobs", "0002_vacancy_events_and_hours"),
    ("jobs", "0003_employer_pending_changes"),
    ("jobs", "0004_employer_refusal"),
    ("jobs", "0005_vacancy_closed_by_office_note"),
    ("jobs", "0006_vacancy_change_log"),
    ("jobs", "0007_vacancy_reference_and_duplicate_flags"),
    ("notifications", "0002_delivery_cancelled"),
    ("notifications", "0003_kind_vacancy_invitation"),
    ("notifications", "0004_employer_verification_kinds"),
    ("notifications", "0005_kind_vacancy_closed_by_office"),
    ("notifications", "0006_kind_account_claim"),
    ("notifications", "0007_kind_account_inactive_warning"),
    ("search", "0002_search_tombstones"),
    ("search", "0003_vacancy_entry_index"),
    ("search", "0004_vacancy_entry_tokens"),
    ("search", "0005_vacancy_entry_title_trigrams"),
    ("search", "0006_vacancy_entry_words"),
    ("search", "0007_vacancy_fingerprints"),
    ("search", "0008_vacancy_analyses"),
    ("seekers", "0002_seeker_district_upper_index"),
    ("seekers", "0003_ak1_card_erasure_access_log"),
}


def test_every_migration_has_its_test():
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    on_disk = {
        key for key in loader.disk_migrations if key[0] in OUR_APPS and key[1] != "0001_initial"
    }

    assert sorted(on_disk - TESTED) == []
    assert sorted(TESTED - on_disk) == []


def _vacancy(apps, **fields):
    """An employer's published vacancy written through the historical models."""
    owner = apps.get_model("accounts", "User").objects.create(
        email="ayu@example.id", full_name="Ayu", role="employer", password="x"
    )
    employer = apps.get_model("jobs", "Employer").objects.create(
        owner=owner, name="Konveksi Ayu", kind="umkm", nib="1234567890123"
    )
    return apps.get_model("jobs", "Vacancy").objects.create(
        employer=employer, title="Penjahit borongan", work_type="piece_rate",
        valid_through="2026-12-31", status="published", min_education="", **fields,
    )  # fmt: skip


def _seeker(apps, email="wati@example.id", district="Cicendo", **fields):
    user = apps.get_model("accounts", "User").objects.create(
        email=email, full_name="Wati", role="seeker", password="x"
    )
    return apps.get_model("seekers", "SeekerProfile").objects.create(
        user=user, full_name="Wati", city="Bandung", district=district, **fields
    )


@pytest.mark.postgres
def test_jobs_0002_keeps_the_vacancies_and_adds_an_empty_event_history(migrator):
    # Given a vacancy with working hours, written before the event history existed
    old = migrator.apply_initial_migration(("jobs", "0001_initial"))
    _vacancy(old.apps, hours_start="08:00", hours_end="16:00")

    new = migrator.apply_tested_migration(("jobs", "0002_vacancy_events_and_hours"))

    vacancy = new.apps.get_model("jobs", "Vacancy")
    assert [(v.title, str(v.hours_start), str(v.hours_end)) for v in vacancy.objects.all()] == [
        ("Penjahit borongan", "08:00:00", "16:00:00")
    ]
    assert new.apps.get_model("jobs", "VacancyEvent").objects.count() == 0
    back = migrator.apply_tested_migration(("jobs", "0001_initial"))
    assert list(back.apps.get_model("jobs", "Vacancy").objects.values_list("title")) == [
        ("Penjahit borongan",)
    ]


@pytest.mark.postgres
def test_jobs_0003_gives_every_employer_no_pending_changes_and_goes_back(migrator):
    old = migrator.apply_initial_migration(("jobs", "0002_vacancy_events_and_hours"))
    _vacancy(old.apps)

    new = migrator.apply_tested_migration(("jobs", "0003_employer_pending_changes"))

    employer = new.apps.get_model("jobs", "Employer")
    assert list(employer.objects.values_list("name", "nib", "pending_changes")) == [
        ("Konveksi Ayu", "1234567890123", {})
    ]
    back = migrator.apply_tested_migration(("jobs", "0002_vacancy_events_and_hours"))
    assert list(back.apps.get_model("jobs", "Employer").objects.values_list("name")) == [
        ("Konveksi Ayu",)
    ]


@pytest.mark.postgres
def test_jobs_0004_leaves_every_employer_unrefused_and_goes_back(migrator):
    # Given an employer written before refusals were recorded
    old = migrator.apply_initial_migration(("jobs", "0003_employer_pending_changes"))
    _vacancy(old.apps)
    old.apps.get_model("jobs", "Employer").objects.update(pending_changes={"name": "Ayu Jaya"})

    new = migrator.apply_tested_migration(("jobs", "0004_employer_refusal"))

    # Then she is there, with her pending change, and not refused
    employer = new.apps.get_model("jobs", "Employer")
    assert list(
        employer.objects.values_list("name", "pending_changes", "refusal_reason", "refused_at")
    ) == [("Konveksi Ayu", {"name": "Ayu Jaya"}, "", None)]
    back = migrator.apply_tested_migration(("jobs", "0003_employer_pending_changes"))
    assert list(
        back.apps.get_model("jobs", "Employer").objects.values_list("name", "pending_changes")
    ) == [("Konveksi Ayu", {"name": "Ayu Jaya"})]


@pytest.mark.postgres
def test_jobs_0005_keeps_closed_vacancies_with_an_empty_note_and_goes_back(migrator):
    # Given a vacancy the employer closed, with its event, before the office could close one
    old = migrator.apply_initial_migration(("jobs", "0004_employer_refusal"))
    vacancy = _vacancy(old.apps, closed_reason="filled")
    old.apps.get_model("jobs", "Vacancy").objects.update(status="closed")
    old.apps.get_model("jobs", "VacancyEvent").objects.create(
        vacancy_id=vacancy.pk, from_status="published", to_status="closed", reason="filled"
    )

    new = migrator.apply_tested_migration(("jobs", "0005_vacancy_closed_by_office_note"))

    vacancies = new.apps.get_model("jobs", "Vacancy")
    assert list(vacancies.objects.values_list("status", "closed_reason", "closed_note")) == [
        ("closed", "filled", "")
    ]
    events = new.apps.get_model("jobs", "VacancyEvent")
    assert list(events.objects.values_list("to_status", "reason")) == [("closed", "filled")]
    back = migrator.apply_tested_migration(("jobs", "0004_employer_refusal"))
    assert list(
        back.apps.get_model("jobs", "Vacancy").objects.values_list("status", "closed_reason")
    ) == [("closed", "filled")]


@pytest.mark.postgres
def test_jobs_0006_adds_an_empty_change_log_beside_the_vacancies_and_goes_back(migrator):
    # Given a published vacancy, written before the open-data change log existed
    old = migrator.apply_initial_migration(("jobs", "0005_vacancy_closed_by_office_note"))
    _vacancy(old.apps)

    new = migrator.apply_tested_migration(("jobs", "0006_vacancy_change_log"))

    # Then the vacancy is kept and the log is empty (the first snapshot's reconciliation records
    # the vacancies already public); a change and the counter can be written
    assert new.apps.get_model("jobs", "Vacancy").objects.count() == 1
    changes = new.apps.get_model("jobs", "VacancyChange")
    assert changes.objects.count() == 0
    changes.objects.create(seq=1, vacancy_id=1, kind="published", payload={"id": 1})
    new.apps.get_model("jobs", "VacancyChangeCounter").objects.create(pk=1, last_seq=1)
    assert _indexes_named("vacancy_change_vacancy_seq") == 1
    back = migrator.apply_tested_migration(("jobs", "0005_vacancy_closed_by_office_note"))
    assert _indexes_named("vacancy_change_vacancy_seq") == 0
    assert back.apps.get_model("jobs", "Vacancy").objects.count() == 1


@pytest.mark.postgres
def test_seekers_0002_keeps_the_seekers_and_their_districts_and_goes_back(migrator):
    old = migrator.apply_initial_migration(("seekers", "0001_initial"))
    _seeker(old.apps, district="Cicendo")

    new = migrator.apply_tested_migration(("seekers", "0002_seeker_district_upper_index"))

    seekers = new.apps.get_model("seekers", "SeekerProfile")
    assert list(seekers.objects.values_list("full_name", "city", "district")) == [
        ("Wati", "Bandung", "Cicendo")
    ]
    assert _indexes_named("seeker_district_upper_idx") == 1
    back = migrator.apply_tested_migration(("seekers", "0001_initial"))
    assert _indexes_named("seeker_district_upper_idx") == 0
    assert back.apps.get_model("seekers", "SeekerProfile").objects.count() == 1


@pytest.mark.postgres
def test_applications_0002_keeps_applications_and_events_with_no_actor_role(migrator):
    # Given an application and its events written before the actor's role was recorded
    old = migrator.apply_initial_migration(("applications", "0001_initial"))
    application = old.apps.get_model("applications", "Application").objects.create(
        vacancy=_vacancy(old.apps), seeker=_seeker(old.apps), status="reviewed"
    )
    events = old.apps.get_model("applications", "ApplicationEvent")
    events.objects.create(application=application, from_status="", to_status="submitted")
    events.objects.create(application=application, from_status="submitted", to_status="reviewed")

    new = migrator.apply_tested_migration(("applications", "0002_event_actor_role_status_checks"))

    # Then they all pass the new status checks and have an empty role
    assert list(
        new.apps.get_model("applications", "Application").objects.values_list("status")
    ) == [("reviewed",)]
    assert list(
        new.apps.get_model("applications", "ApplicationEvent")
        .objects.order_by("pk")
        .values_list("from_status", "to_status", "actor_role")
    ) == [("", "submitted", ""), ("submitted", "reviewed", "")]
    back = migrator.apply_tested_migration(("applications", "0001_initial"))
    assert back.apps.get_model("applications", "ApplicationEvent").objects.count() == 2


@pytest.mark.postgres
def test_applications_0003_keeps_the_applications_and_adds_no_invitations(migrator):
    old = migrator.apply_initial_migration(("applications", "0002_event_actor_role_status_checks"))
    old.apps.get_model("applications", "Application").objects.create(
        vacancy=_vacancy(old.apps), seeker=_seeker(old.apps), status="shortlisted"
    )

    new = migrator.apply_tested_migration(("applications", "0003_invitation"))

    assert list(
        new.apps.get_model("applications", "Application").objects.values_list("status")
    ) == [("shortlisted",)]
    assert new.apps.get_model("applications", "Invitation").objects.count() == 0
    back = migrator.apply_tested_migration(("applications", "0002_event_actor_role_status_checks"))
    assert back.apps.get_model("applications", "Application").objects.count() == 1


@pytest.mark.postgres
def test_applications_0004_counts_the_tallies_of_what_is_there_and_goes_back(migrator):
    # Given a published vacancy requiring a skill, a seeker holding it, and her application
    old = migrator.apply_initial_migration(("applications", "0003_invitation"))
    skill = old.apps.get_model("jobs", "Skill").objects.create(
        slug="menjahit", name_id="Menjahit", name_en="Sewing", category="garment"
    )
    vacancy = _vacancy(old.apps, positions=3)
    old.apps.get_model("jobs", "VacancySkill").objects.create(
        vacancy=vacancy, skill=skill, is_required=True
    )
    seeker = _seeker(old.apps)
    old.apps.get_model("seekers", "SeekerSkill").objects.create(
        seeker=seeker, skill=skill, source="self"
    )
    application = old.apps.get_model("applications", "Application").objects.create(
        vacancy=vacancy, seeker=seeker, status="reviewed"
    )

    # When the migration runs
    new = migrator.apply_tested_migration(("applications", "0004_dashboard_tallies"))

    # Then the tallies count them
    day = timezone.localtime(application.submitted_at).date()
    tally = new.apps.get_model("applications", "Tally")
    assert sorted(tally.objects.values_list("metric", "day", "ref", "label", "value")) == sorted(
        [
            ("applications", day, 0, "reviewed", 1),
            ("open_positions", datetime.date(2026, 12, 31), skill.pk, "", 3),
            ("open_vacancies", datetime.date(2026, 12, 31), skill.pk, "", 1),
            ("seekers", datetime.date(1, 1, 1), skill.pk, "self", 1),
            ("skill_applications", day, skill.pk, "", 1),
        ]
    )
    # And going back drops the table and keeps the rows it counted
    back = migrator.apply_tested_migration(("applications", "0003_invitation"))
    assert back.apps.get_model("applications", "Application").objects.count() == 1
    assert "applications_tally" not in connection.introspection.table_names()


@pytest.mark.postgres
def test_applications_0005_keeps_the_applications_none_anonymised_and_goes_back(migrator):
    old = migrator.apply_initial_migration(("applications", "0004_dashboard_tallies"))
    old.apps.get_model("applications", "Application").objects.create(
        vacancy=_vacancy(old.apps), seeker=_seeker(old.apps), status="accepted", cover_note="Saya"
    )

    new = migrator.apply_tested_migration(("applications", "0005_application_anonymised_at"))

    assert list(
        new.apps.get_model("applications", "Application").objects.values_list(
            "status", "cover_note", "anonymised_at"
        )
    ) == [("accepted", "Saya", None)]
    back = migrator.apply_tested_migration(("applications", "0004_dashboard_tallies"))
    assert back.apps.get_model("applications", "Application").objects.count() == 1


@pytest.mark.postgres
def test_seekers_0003_keeps_the_seekers_none_erased_no_card_issued_and_goes_back(migrator):
    old = migrator.apply_initial_migration(("seekers", "0002_seeker_district_upper_index"))
    _seeker(old.apps, district="Cicendo", ak1_number="AK1/3273/2024/0001")

    new = migrator.apply_tested_migration(("seekers", "0003_ak1_card_erasure_access_log"))

    seekers = new.apps.get_model("seekers", "SeekerProfile")
    assert list(
        seekers.objects.values_list("full_name", "ak1_number", "ak1_issued_on", "erased_at")
    ) == [("Wati", "AK1/3273/2024/0001", None, None)]
    assert new.apps.get_model("seekers", "PersonalDataAccess").objects.count() == 0
    assert new.apps.get_model("seekers", "Ak1Sequence").objects.count() == 0
    back = migrator.apply_tested_migration(("seekers", "0002_seeker_district_upper_index"))
    assert back.apps.get_model("seekers", "SeekerProfile").objects.count() == 1


def _notify_every_kind(apps, kinds: list[str]) -> None:
    user = apps.get_model("accounts", "User").objects.create(
        email="wati@example.id", full_name="Wati", role="seeker", password="x"
    )
    for kind in kinds:
        apps.get_model("notifications", "Notification").objects.create(
            recipient=user, kind=kind, context={"n": 1}, dedup_key=f"d-{kind}"
        )
        apps.get_model("notifications", "FanOut").objects.create(key=f"f-{kind}", kind=kind)
        apps.get_model("notifications", "Preference").objects.create(user=user, kind=kind, sms=True)


def _kinds(apps) -> dict[str, list[tuple]]:
    def model(name):
        return apps.get_model("notifications", name).objects.order_by("pk")

    return {
        "notifications": list(model("Notification").values_list("kind", "dedup_key", "context")),
        "fan_outs": list(model("FanOut").values_list("kind", "key")),
        "preferences": list(model("Preference").values_list("kind", "email", "sms")),
    }


BEFORE_0003 = [
    "application_submitted", "application_status_changed", "application_withdrawn",
    "alert_match", "vacancy_expiring", "vacancy_expired", "daily_digest", "ak1_report_due",
]  # fmt: skip


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("previous", "tested", "kinds"),
    [
        (
            "0002_delivery_cancelled",
            "0003_kind_vacancy_invitation",
            BEFORE_0003,
        ),
        (
            "0003_kind_vacancy_invitation",
            "0004_employer_verification_kinds",
            [*BEFORE_0003, "vacancy_invitation"],
        ),
        (
            "0004_employer_verification_kinds",
            "0005_kind_vacancy_closed_by_office",
            [*BEFORE_0003, "vacancy_invitation", "employer_verified", "employer_refused"],
        ),
        (
            "0005_kind_vacancy_closed_by_office",
            "0006_kind_account_claim",
            [
                *BEFORE_0003,
                "vacancy_invitation",
                "employer_verified",
                "employer_refused",
                "vacancy_closed_by_office",
            ],
        ),
        (
            "0006_kind_account_claim",
            "0007_kind_account_inactive_warning",
            [
                *BEFORE_0003,
                "vacancy_invitation",
                "employer_verified",
                "employer_refused",
                "vacancy_closed_by_office",
                "account_claim",
            ],
        ),
    ],
)
def test_notifications_kind_choices_keep_every_kind_and_go_back(migrator, previous, tested, kinds):
    # Given a notification, a fan-out and a preference of every kind known before the migration
    old = migrator.apply_initial_migration(("notifications", previous))
    _notify_every_kind(old.apps, kinds)
    before = _kinds(old.apps)
    assert len(before["notifications"]) == len(kinds)

    # When the migration adds its kinds, then every row is there as it was, and back again
    assert _kinds(migrator.apply_tested_migration(("notifications", tested)).apps) == before
    assert _kinds(migrator.apply_tested_migration(("notifications", previous)).apps) == before


@pytest.mark.postgres
def test_search_0002_keeps_the_alerts_and_adds_no_tombstones(migrator):
    old = migrator.apply_initial_migration(("search", "0001_initial"))
    user = old.apps.get_model("accounts", "User").objects.create(
        email="wati@example.id", full_name="Wati", role="seeker", password="x"
    )
    old.apps.get_model("search", "JobAlert").objects.create(
        user=user, name="Jahit", text="penjahit", skill_slugs=["menjahit"], city="Bandung"
    )

    new = migrator.apply_tested_migration(("search", "0002_search_tombstones"))

    alerts = new.apps.get_model("search", "JobAlert")
    assert list(alerts.objects.values_list("name", "text", "skill_slugs", "city")) == [
        ("Jahit", "penjahit", ["menjahit"], "Bandung")
    ]
    assert new.apps.get_model("search", "SearchTombstone").objects.count() == 0
    back = migrator.apply_tested_migration(("search", "0001_initial"))
    assert back.apps.get_model("search", "JobAlert").objects.count() == 1


@pytest.mark.postgres
def test_search_0004_carries_the_stored_text_and_skills_into_the_entry(migrator):
    # Given two entries, one with its analysed text and one without, written before 0004
    old = migrator.apply_initial_migration(("search", "0003_vacancy_entry_index"))
    first = _vacancy(old.apps)
    second = old.apps.get_model("jobs", "Vacancy").objects.create(
        employer=first.employer, title="Tukang las", work_type="daily",
        valid_through="2026-11-30", status="published", min_education="",
    )  # fmt: skip
    entries = old.apps.get_model("search", "VacancyEntry")
    with_text = entries.objects.create(
        vacancy=first, version=3, title="Penjahit borongan", work_type="piece_rate",
        skill_slugs=["menjahit", "obras"], city="Bandung", district="Cicendo", pay_max=90000,
        positions_open=2, valid_through="2026-12-31",
    )  # fmt: skip
    entries.objects.create(
        vacancy=second, version=1, title="Tukang las", work_type="daily", skill_slugs=[],
        valid_through="2026-11-30",
    )  # fmt: skip
    old.apps.get_model("search", "VacancyText").objects.create(
        entry=with_text, text="penjahit borongan jahit skill_menjahit"
    )

    # When the migration runs
    new = migrator.apply_tested_migration(("search", "0004_vacancy_entry_tokens"))

    # Then both entries are there with their fields, the text and skills moved into them
    # (the tsvector reads back in its sorted order), and the token index exists
    assert list(
        new.apps.get_model("search", "VacancyEntry")
        .objects.order_by("title")
        .values_list(
            "title", "version", "work_type", "city", "district", "pay_max", "positions_open",
            "skill_slugs", "tokens",
        )
    ) == [
        (
            "Penjahit borongan", 3, "piece_rate", "Bandung", "Cicendo", 90000, 2,
            ["menjahit", "obras"], "borongan jahit penjahit skill_menjahit",
        ),
        ("Tukang las", 1, "daily", "", "", None, 0, [], ""),
    ]  # fmt: skip
    assert _indexes_named("search_entry_tokens") == 1
    assert _indexes_named("search_text_tokens") == 0
    # And going back gives the entries their skills and text table again (the tokens once each,
    # in the tsvector's order) with 0003's full-text index
    back = migrator.apply_tested_migration(("search", "0003_vacancy_entry_index"))
    assert list(
        back.apps.get_model("search", "VacancyEntry")
        .objects.order_by("title")
        .values_list("title", "version", "skill_slugs")
    ) == [("Penjahit borongan", 3, ["menjahit", "obras"]), ("Tukang las", 1, [])]
    assert list(
        back.apps.get_model("search", "VacancyText").objects.values_list("entry_id", "text")
    ) == [(first.pk, "borongan jahit penjahit skill_menjahit")]
    assert _indexes_named("search_text_tokens") == 1
    assert _indexes_named("search_entry_tokens") == 0


@pytest.mark.postgres
def test_search_0005_adds_the_title_trigram_index_beside_the_entries_and_goes_back(migrator):
    old = migrator.apply_initial_migration(("search", "0004_vacancy_entry_tokens"))
    old.apps.get_model("search", "VacancyEntry").objects.create(
        vacancy=_vacancy(old.apps), version=1, title="Penjahit borongan", work_type="piece_rate",
        skill_slugs=["menjahit"], tokens="penjahit borongan", valid_through="2026-12-31",
    )  # fmt: skip

    new = migrator.apply_tested_migration(("search", "0005_vacancy_entry_title_trigrams"))

    entries = new.apps.get_model("search", "VacancyEntry")
    assert list(entries.objects.values_list("title", "skill_slugs", "tokens")) == [
        ("Penjahit borongan", ["menjahit"], "borongan penjahit")
    ]
    assert _indexes_named("search_entry_title_trgm") == 1
    back = migrator.apply_tested_migration(("search", "0004_vacancy_entry_tokens"))
    assert _indexes_named("search_entry_title_trgm") == 0
    assert back.apps.get_model("search", "VacancyEntry").objects.count() == 1


@pytest.mark.postgres
def test_search_0006_marks_every_entry_for_analysis_again_and_goes_back(migrator):
    # Given an indexed vacancy (its entry analysed before spelling variants and surface words)
    # and one not indexed
    old = migrator.apply_initial_migration(("search", "0005_vacancy_entry_title_trigrams"))
    indexed = _vacancy(old.apps, search_version=3, indexed_version=3)
    vacancies = old.apps.get_model("jobs", "Vacancy")
    draft = vacancies.objects.create(
        employer=indexed.employer, title="Penjahit (draf)", work_type="piece_rate",
        valid_through="2026-12-31", status="draft", min_education="", search_version=2,
        indexed_version=2,
    )  # fmt: skip
    old.apps.get_model("search", "VacancyEntry").objects.create(
        vacancy=indexed, version=3, title="Penjahit borongan", work_type="piece_rate",
        skill_slugs=["menjahit"], tokens="jahit borong", valid_through="2026-12-31",
    )  # fmt: skip

    # When the migration runs
    new = migrator.apply_tested_migration(("search", "0006_vacancy_entry_words"))

    # Then the entry is kept as it was (searches still answer from it), with no pay unit yet,
    # and its vacancy is dirty again: the sweep re-analyses it; the draft is left alone
    entries = new.apps.get_model("search", "VacancyEntry")
    assert list(entries.objects.values_list("title", "tokens", "pay_unit")) == [
        ("Penjahit borongan", "borong jahit", "")
    ]
    versions = new.apps.get_model("jobs", "Vacancy").objects.order_by("pk")
    assert list(versions.values_list("pk", "search_version", "indexed_version")) == [
        (indexed.pk, 4, 3),
        (draft.pk, 2, 2),
    ]
    assert new.apps.get_model("search", "VacancyWord").objects.count() == 0
    assert _indexes_named("search_word_trgm") == 1
    assert _indexes_named("search_entry_district") == 1

    # And going back keeps the entry and drops the vocabulary and its index
    back = migrator.apply_tested_migration(("search", "0005_vacancy_entry_title_trigrams"))
    assert back.apps.get_model("search", "VacancyEntry").objects.count() == 1
    assert _indexes_named("search_word_trgm") == 0
    assert _indexes_named("search_entry_district") == 0


@pytest.mark.postgres
def test_consents_0002_publishes_notice_1_and_records_what_existing_accounts_had(migrator):
    # Given a seeker, a seeker who switched SMS on for one kind, an employer who switched
    # WhatsApp on, and an employer with email only, all made before consents were recorded
    old = migrator.apply_initial_migration(("consents", "0001_initial"))
    user = old.apps.get_model("accounts", "User")
    preference = old.apps.get_model("notifications", "Preference")

    def person(email, role):
        return user.objects.create(email=email, full_name=email, role=role, password="x")

    person("wati@example.id", "seeker")
    sri = person("sri@example.id", "seeker")
    preference.objects.create(user=sri, kind="application_status_changed", sms=True)
    ayu = person("ayu@example.id", "employer")
    preference.objects.create(user=ayu, kind="application_submitted", whatsapp=True)
    person("budi@example.id", "employer")

    # When the migration runs
    new = migrator.apply_tested_migration(("consents", "0002_privacy_notice_v1_existing_consents"))

    # Then notice 1 is published in both languages, seekers have given (a) and (b), and (c) is
    # given exactly by those who had SMS or WhatsApp on
    notice = new.apps.get_model("consents", "PrivacyNotice").objects.get()
    assert notice.version == 1
    assert notice.text_id.startswith("Pemberitahuan Privasi Si-Caker (versi 1)")
    assert notice.text_en.startswith("Si-Caker Privacy Notice (version 1)")
    consents = new.apps.get_model("consents", "Consent").objects
    assert sorted(
        consents.values_list("user__email", "purpose", "notice__version", "recorded_via")
    ) == [
        ("ayu@example.id", "contact_by_phone", 1, "migration"),
        ("sri@example.id", "contact_by_phone", 1, "migration"),
        ("sri@example.id", "matching", 1, "migration"),
        ("sri@example.id", "shown_to_employers", 1, "migration"),
        ("wati@example.id", "matching", 1, "migration"),
        ("wati@example.id", "shown_to_employers", 1, "migration"),
    ]
    assert not consents.filter(withdrawn_at__isnull=False).exists()

    # And going back removes them, every account staying
    back = migrator.apply_tested_migration(("consents", "0001_initial"))
    assert back.apps.get_model("consents", "Consent").objects.count() == 0
    assert back.apps.get_model("consents", "PrivacyNotice").objects.count() == 0
    assert back.apps.get_model("accounts", "User").objects.count() == 4


@pytest.mark.postgres
def test_jobs_0007_gives_every_vacancy_no_reference_and_no_flags_and_goes_back(migrator):
    # Given two vacancies of one employer, written before imports existed
    old = migrator.apply_initial_migration(("jobs", "0006_vacancy_change_log"))
    first = _vacancy(old.apps)
    vacancies = old.apps.get_model("jobs", "Vacancy")
    vacancies.objects.create(
        employer_id=first.employer_id, title="Operator obras", work_type="part_time",
        valid_through="2026-12-31", city="Kota Malang", district="Klojen", status="published",
    )  # fmt: skip

    new = migrator.apply_tested_migration(("jobs", "0007_vacancy_reference_and_duplicate_flags"))

    # Then both keep an empty reference (the empty one is not unique per employer)
    vacancies = new.apps.get_model("jobs", "Vacancy")
    assert list(vacancies.objects.values_list("external_reference", flat=True)) == ["", ""]
    assert new.apps.get_model("jobs", "VacancyDuplicateFlag").objects.count() == 0
    back = migrator.apply_tested_migration(("jobs", "0006_vacancy_change_log"))
    assert back.apps.get_model("jobs", "Vacancy").objects.count() == 2


@pytest.mark.postgres
def test_search_0007_keeps_the_entries_and_starts_without_fingerprints(migrator):
    old = migrator.apply_initial_migration(("search", "0006_vacancy_entry_words"))
    old.apps.get_model("search", "VacancyEntry").objects.create(
        vacancy=_vacancy(old.apps), version=1, title="Penjahit borongan", work_type="piece_rate",
        skill_slugs=["menjahit"], tokens="penjahit borongan", valid_through="2026-12-31",
    )  # fmt: skip

    new = migrator.apply_tested_migration(("search", "0007_vacancy_fingerprints"))

    # search_rebuild (or the next indexing of each vacancy) writes the fingerprints
    assert new.apps.get_model("search", "VacancyEntry").objects.count() == 1
    assert new.apps.get_model("search", "VacancyFingerprint").objects.count() == 0
    assert new.apps.get_model("search", "VacancySignatureValue").objects.count() == 0
    back = migrator.apply_tested_migration(("search", "0006_vacancy_entry_words"))
    assert back.apps.get_model("search", "VacancyEntry").objects.count() == 1


@pytest.mark.postgres
def test_search_0008_starts_without_stored_analyses_and_goes_back(migrator):
    # Given an indexed vacancy, its entry written before analyses were stored
    old = migrator.apply_initial_migration(("search", "0007_vacancy_fingerprints"))
    old.apps.get_model("search", "VacancyEntry").objects.create(
        vacancy=_vacancy(old.apps), version=1, title="Penjahit borongan", work_type="piece_rate",
        skill_slugs=["menjahit"], tokens="penjahit borongan", valid_through="2026-12-31",
    )  # fmt: skip

    # When the migration runs
    new = migrator.apply_tested_migration(("search", "0008_vacancy_analyses"))

    # Then nothing is stored yet (the next indexing of each vacancy, or a rebuild, stores its
    # analysis) and the entry is kept
    assert new.apps.get_model("search", "VacancyAnalysis").objects.count() == 0
    assert new.apps.get_model("search", "VacancyEntry").objects.count() == 1

    # And going back drops the store and keeps the entry
    back = migrator.apply_tested_migration(("search", "0007_vacancy_fingerprints"))
    assert back.apps.get_model("search", "VacancyEntry").objects.count() == 1
    assert "search_vacancy_analysis" not in connection.introspection.table_names()
