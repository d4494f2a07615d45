"""`manage.py doctor` against the real services: all clear on a sound installation, and each
problem found with what to do about it (index lag, a stuck or failing outbox, an unfinished key
rotation, a migration not applied, beat not running)."""

from __future__ import annotations

import io
import secrets
import time
from datetime import timedelta

import pytest
import redis
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from jobs.models import Vacancy
from notifications.models import Channel, Delivery, DeliveryStatus, Kind, Notification
from search.backend import get_search_backend
from seekers.services import seeker_profile_update
from sicaker.operations import figures
from sicaker.operations.tasks import heartbeat
from tests.conftest import wait_for
from tests.factories import SeekerProfileFactory, UserFactory, VacancyFactory

pytestmark = pytest.mark.django_db

NIK = "3573015708900001"
OLD_NIK_KEY = Fernet.generate_key().decode()


@pytest.fixture
def sound(settings):
    """A sound installation: generated keys, beat's heartbeat just recorded, nothing waiting."""
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.SECRET_KEY_FALLBACKS = []
    settings.NIK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    figures.record_heartbeat()
    Vacancy.objects.update(indexed_version=999_999)  # whatever earlier tests left unindexed
    return settings


def _doctor(*, beat_alive: bool = True) -> tuple[list[str], str | None]:
    if beat_alive:
        figures.record_heartbeat()  # as beat does every minute (this test is about the rest)
    out = io.StringIO()
    try:
        call_command("doctor", stdout=out)
    except CommandError as error:
        return out.getvalue().splitlines(), str(error)
    return out.getvalue().splitlines(), None


def _line(lines: list[str], start: str) -> str:
    found = [line for line in lines if line.startswith(start)]
    assert len(found) == 1, (start, lines)
    return found[0]


def _advice(lines: list[str], start: str) -> str:
    return lines[lines.index(_line(lines, start)) + 1].strip()


def _delivery(*, status: str, age: timedelta, not_before=None) -> Delivery:
    notification = Notification.objects.create(
        recipient=UserFactory(),
        kind=Kind.APPLICATION_SUBMITTED,
        context={},
        dedup_key=f"doctor:{secrets.token_hex(4)}",
    )
    delivery = Delivery.objects.create(
        notification=notification, channel=Channel.EMAIL, address="sri@example.id", status=status
    )
    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - age, not_before=not_before
    )
    return delivery


def test_a_sound_installation_has_no_problem(sound):
    lines, problems = _doctor()

    assert problems is None, lines
    assert lines[-1] == "no problems found"
    names = [line.split(":")[0] for line in lines[:-1] if line.startswith("[")]
    assert names == [
        "[ok  ] database", "[ok  ] broker", "[ok  ] search", "[ok  ] cache",
        "[ok  ] migrations",
        "[ok  ] search lag", "[ok  ] search lag", "[ok  ] search lag", "[ok  ] search lag",
        "[ok  ] search lag",
        *(["[ok  ] search mapping"] if django_settings.SEARCH_BACKEND == "elasticsearch" else []),
        "[ok  ] outbox", "[ok  ] outbox",
        "[ok  ] keys", "[ok  ] keys", "[ok  ] keys",
        "[ok  ] beat schedule", "[ok  ] beat heartbeat",
        *(["[ok  ] worker queues"] if figures.uses_redis_broker() else []),
    ]  # fmt: skip
    assert _line(lines, "[ok  ] migrations") == "[ok  ] migrations: all applied"
    assert (
        _line(lines, "[ok  ] keys: stored NIKs")
        == "[ok  ] keys: stored NIKs: 0 under the newest key"
    )


def test_a_row_left_unindexed_for_two_hours_is_a_problem_with_what_to_do(sound):
    # Given a vacancy changed two hours ago that the index never confirmed
    vacancy = VacancyFactory()
    Vacancy.objects.filter(pk=vacancy.pk).update(
        search_version=5, indexed_version=4, updated_at=timezone.now() - timedelta(hours=2)
    )

    lines, problems = _doctor()

    assert problems == "1 problem(s): search lag: vacancies"
    assert _line(lines, "[FAIL] search lag: vacancies") == (
        "[FAIL] search lag: vacancies: 1 waiting, oldest 2.0 h"
    )
    assert _advice(lines, "[FAIL] search lag: vacancies").startswith(
        "what to do: Rows wait longer than 10 min (INDEX_LAG_LIMIT_SECONDS). Check that beat and "
        "a worker on the 'search' queue run"
    )


def test_a_row_changed_a_minute_ago_is_only_counted(sound):
    vacancy = VacancyFactory()
    Vacancy.objects.filter(pk=vacancy.pk).update(
        search_version=5, indexed_version=4, updated_at=timezone.now() - timedelta(minutes=1)
    )

    lines, problems = _doctor()

    assert problems is None
    assert _line(lines, "[ok  ] search lag: vacancies") == (
        "[ok  ] search lag: vacancies: 1 waiting, oldest 60 s"
    )


def test_a_delivery_stuck_for_an_hour_is_a_problem_but_one_waiting_for_quiet_hours_is_not(sound):
    # Given one email due an hour ago and still pending, and one SMS held until tomorrow morning
    _delivery(status=DeliveryStatus.PENDING, age=timedelta(hours=1))
    _delivery(
        status=DeliveryStatus.PENDING,
        age=timedelta(hours=3),
        not_before=timezone.now() + timedelta(hours=8),
    )

    lines, problems = _doctor()

    assert problems == "1 problem(s): outbox: pending deliveries"
    assert _line(lines, "[FAIL] outbox: pending deliveries") == (
        "[FAIL] outbox: pending deliveries: 2 pending, 1 due, oldest due 60 min"
    )
    assert "worker on the 'notifications' queue" in _advice(lines, "[FAIL] outbox: pending")


def test_a_delivery_failed_today_is_a_problem_one_failed_last_week_is_history(sound):
    _delivery(status=DeliveryStatus.FAILED, age=timedelta(days=8))
    lines, problems = _doctor()
    assert problems is None
    assert _line(lines, "[ok  ] outbox: failed") == (
        "[ok  ] outbox: failed deliveries: 0 failed in the last 24 h (1 in all)"
    )

    _delivery(status=DeliveryStatus.FAILED, age=timedelta(hours=2))
    lines, problems = _doctor()

    assert problems == "1 problem(s): outbox: failed deliveries"
    assert _advice(lines, "[FAIL] outbox: failed").startswith(
        "what to do: Read their last_error in the admin"
    )


def test_an_unfinished_key_rotation_is_a_problem_until_nik_reencrypt_ran(sound):
    # Given a NIK stored under the old key, and a new key put in front
    sound.NIK_ENCRYPTION_KEYS = [OLD_NIK_KEY]
    profile = SeekerProfileFactory()
    seeker_profile_update(profile=profile, actor=profile.user, changes={}, nik=NIK)
    sound.NIK_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), OLD_NIK_KEY]

    lines, problems = _doctor()

    assert problems == "1 problem(s): keys: stored NIKs"
    assert _line(lines, "[FAIL] keys: stored NIKs") == (
        "[FAIL] keys: stored NIKs: 1 of 1 NIKs still under an older key"
    )
    assert _advice(lines, "[FAIL] keys: stored NIKs") == (
        "what to do: Finish the rotation: `manage.py nik_reencrypt`; then remove the older keys "
        "from NIK_ENCRYPTION_KEYS."
    )

    # When the NIKs are re-encrypted, the doctor says the old key can go
    call_command("nik_reencrypt", stdout=io.StringIO())
    lines, problems = _doctor()

    assert problems is None
    assert _line(lines, "[ok  ] keys: stored NIKs") == (
        "[ok  ] keys: stored NIKs: 1 under the newest key (the older keys can now be removed)"
    )


def test_a_published_key_is_a_problem(sound):
    sound.NIK_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), "short"]

    lines, problems = _doctor()

    assert problems == "1 problem(s): keys: NIK encryption"
    assert _line(lines, "[FAIL] keys: NIK encryption") == (
        "[FAIL] keys: NIK encryption: NIK_ENCRYPTION_KEYS[1] is not a Fernet key (32 bytes in "
        "urlsafe base64); generate one with: python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'"
    )


def test_a_migration_not_applied_is_a_problem(sound):
    # Given the record of the last notifications migration removed (inside this test's
    # transaction, rolled back after it)
    last = MigrationRecorder.Migration.objects.filter(app="notifications").order_by("-name")[0]
    last.delete()

    lines, problems = _doctor()

    assert problems == "1 problem(s): migrations"
    assert _line(lines, "[FAIL] migrations") == (
        f"[FAIL] migrations: 1 not applied: notifications.{last.name}"
    )


@pytest.mark.worker
def test_beat_silent_for_ten_minutes_is_a_problem_and_the_heartbeat_task_clears_it(
    sound, celery_worker_process
):
    # Given beat's last heartbeat ten minutes ago
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    client.set(figures.HEARTBEAT_KEY, str(time.time() - 600))

    lines, problems = _doctor(beat_alive=False)

    assert problems == "1 problem(s): beat heartbeat"
    assert _line(lines, "[FAIL] beat heartbeat") == "[FAIL] beat heartbeat: last 10 min ago"

    # When beat's task reaches the real worker
    heartbeat.delay()

    wait_for(lambda: (figures.heartbeat_age() or 999) < 30, message="the heartbeat")
    assert _doctor(beat_alive=False)[1] is None


@pytest.fixture
def elastic(search_backend):
    from search.backends.elasticsearch import ElasticsearchBackend  # noqa: PLC0415 - ES pass only

    backend = ElasticsearchBackend()
    backend.drop_all()
    yield backend
    backend.drop_all()


def test_an_index_made_with_another_mapping_asks_for_search_rebuild(sound, elastic):
    # Given the vacancy index as an older release created it (another mapping version)
    spec = elastic.specs["jobs.vacancy"]
    elastic.ensure_index(spec)
    alias = elastic.aliases["jobs.vacancy"]
    assert _line(_doctor()[0], "[ok  ] search mapping") == "[ok  ] search mapping: as in the code"
    elastic.client.indices.put_mapping(index=alias, meta={"sicaker_mapping_version": "0ld"})

    lines, problems = _doctor()

    assert problems == "1 problem(s): search mapping"
    assert _line(lines, "[FAIL] search mapping") == (
        f"[FAIL] search mapping: differs from the code for: {alias}"
    )
    assert _advice(lines, "[FAIL] search mapping") == (
        "what to do: Run `manage.py search_rebuild` (searches keep working meanwhile)."
    )
    # When the index is rebuilt, the mapping is the code's again
    call_command("search_rebuild", stdout=io.StringIO())
    assert _doctor()[1] is None


def test_a_broker_that_does_not_answer_is_a_problem_with_what_to_do(sound):
    # Given a broker address where nothing listens
    sound.CELERY_TASK_ALWAYS_EAGER = False
    sound.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    lines, problems = _doctor(beat_alive=False)

    assert problems is not None and problems.startswith("2 problem(s): broker, beat")
    assert _line(lines, "[FAIL] broker").startswith("[FAIL] broker: ")
    assert _advice(lines, "[FAIL] broker").startswith(
        "what to do: Start Redis or fix CELERY_BROKER_URL"
    )


def test_a_search_engine_that_does_not_answer_is_a_problem(sound, elastic):
    sound.ELASTICSEARCH_URLS = ["http://127.0.0.1:1"]
    get_search_backend.cache_clear()
    try:
        lines, problems = _doctor()
    finally:
        get_search_backend.cache_clear()

    assert problems == "2 problem(s): search, search mapping"
    assert _line(lines, "[FAIL] search: ") == (
        "[FAIL] search: elasticsearch: cannot reach Elasticsearch at http://127.0.0.1:1 "
        "(ConnectionError)"
    )
    assert _advice(lines, "[FAIL] search:").startswith(
        "what to do: Start Elasticsearch or fix ELASTICSEARCH_URL"
    )
