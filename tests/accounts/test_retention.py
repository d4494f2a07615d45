"""Retention: closed applications past RETENTION_CLOSED_APPLICATION_DAYS lose their texts;
seeker accounts unused past RETENTION_INACTIVE_ACCOUNT_DAYS are warned, then anonymised. Both
are periodic, idempotent tasks."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from applications.models import Application, ApplicationEvent
from applications.privacy import applications_anonymise_closed
from applications.tasks import anonymise_closed_applications
from notifications.models import Kind, Notification
from notifications.web.links import notification_link
from seekers.models import SeekerProfile
from seekers.retention import inactive_accounts_retain
from seekers.tasks import retain_inactive_accounts
from sicaker.celery import app
from tests.accounts.privacy_world import COVER_NOTE, build_world

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_closed_applications_are_anonymised_after_the_period_and_only_once(settings):
    settings.RETENTION_CLOSED_APPLICATION_DAYS = 730
    world = build_world()
    closed_on = world.accepted.status_changed_at

    # One day before the period ends: nothing
    assert applications_anonymise_closed(now=closed_on + 729 * DAY) == 0
    # After it: the closed one, not the open one; a second run finds nothing left
    assert applications_anonymise_closed(now=closed_on + 731 * DAY) == 1
    assert applications_anonymise_closed(now=closed_on + 731 * DAY) == 0

    accepted = Application.objects.get(pk=world.accepted.pk)
    assert (accepted.cover_note, accepted.status) == ("", "accepted")
    assert accepted.anonymised_at is not None
    notes = ApplicationEvent.objects.filter(application=accepted).values_list("note", flat=True)
    assert set(notes) == {""}
    assert Application.objects.get(pk=world.open.pk).cover_note == COVER_NOTE
    assert SeekerProfile.objects.get(pk=world.siti.pk).full_name == world.siti.full_name


def test_an_unused_account_is_warned_first_then_anonymised(settings):
    settings.RETENTION_INACTIVE_ACCOUNT_DAYS = 1095
    settings.RETENTION_WARNING_DAYS = 30
    world = build_world()
    last_seen = timezone.now() - 10 * DAY
    User.objects.filter(pk=world.user.pk).update(last_login=last_seen)
    User.objects.exclude(pk=world.user.pk).update(last_login=timezone.now())

    early = inactive_accounts_retain(now=last_seen + 1064 * DAY)
    warned = inactive_accounts_retain(now=last_seen + 1066 * DAY)
    again = inactive_accounts_retain(now=last_seen + 1070 * DAY)

    assert (early.warned, warned.warned, again.warned) == (0, 1, 0)
    assert (early.anonymised, warned.anonymised, again.anonymised) == (0, 0, 0)
    notice = Notification.objects.get(recipient=world.user, kind=Kind.ACCOUNT_INACTIVE_WARNING)
    erase_on = timezone.localdate(last_seen + 1096 * DAY)  # 30 days after the warning
    assert notice.context == {"erase_on": erase_on.isoformat()}
    link = notification_link(kind=notice.kind, context=notice.context)
    assert link is not None and link.url == "/saya/data/"

    # Warned 30 days earlier and still unused past the period: anonymised
    Notification.objects.filter(pk=notice.pk).update(created_at=last_seen + 1066 * DAY)
    done = inactive_accounts_retain(now=last_seen + 1096 * DAY)

    assert done.anonymised == 1  # (the others, seen today, are only warned by then)
    assert SeekerProfile.objects.get(pk=world.siti.pk).is_erased
    assert not User.objects.get(pk=world.user.pk).is_active
    assert SeekerProfile.objects.get(pk=world.other.pk).full_name == "Dewi Lestari"


def test_signing_in_again_after_the_warning_keeps_the_account(settings):
    settings.RETENTION_INACTIVE_ACCOUNT_DAYS = 1095
    settings.RETENTION_WARNING_DAYS = 30
    world = build_world()
    last_seen = timezone.now() - 1070 * DAY
    User.objects.filter(pk=world.user.pk).update(last_login=last_seen)
    User.objects.exclude(pk=world.user.pk).update(last_login=timezone.now())
    assert inactive_accounts_retain().warned == 1

    User.objects.filter(pk=world.user.pk).update(last_login=timezone.now())
    result = inactive_accounts_retain(now=timezone.now() + 40 * DAY)

    assert (result.warned, result.anonymised) == (0, 0)
    assert not SeekerProfile.objects.get(pk=world.siti.pk).is_erased


def test_the_tasks_are_thin_and_on_the_beat_schedule():
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}

    assert {"privacy.anonymise_closed_applications", "privacy.retain_inactive_accounts"} <= schedule
    assert anonymise_closed_applications() == 0
    assert retain_inactive_accounts() == {"warned": 0, "anonymised": 0}
