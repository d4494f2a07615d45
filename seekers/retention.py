"""Retention of job seekers' accounts (UU PDP): an account nobody signed in to for longer than
``RETENTION_INACTIVE_ACCOUNT_DAYS`` is anonymised, as if she had deleted it, after a warning sent
``RETENTION_WARNING_DAYS`` before. Signing in again resets the clock.

Run by a beat task (``seekers/tasks.py``) and idempotent: the warning's dedup key names the
inactivity it is about, and only an account warned long enough ago is anonymised.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import DateTimeField, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Role, User
from accounts.privacy import account_erase_now
from notifications.models import Kind, Notification
from notifications.services import notification_create


@dataclass(frozen=True)
class RetentionResult:
    warned: int
    anonymised: int


def _warning_key(user: User, last_seen: datetime.datetime) -> str:
    return f"inactive-warning:{user.pk}:{last_seen.date().isoformat()}"


def _inactive_since(moment: datetime.datetime) -> list[tuple[User, datetime.datetime]]:
    users = (
        User.objects.filter(role=Role.SEEKER, is_active=True)
        .filter(Q(seeker_profile__isnull=True) | Q(seeker_profile__erased_at__isnull=True))
        .annotate(last_seen=Coalesce("last_login", "date_joined", output_field=DateTimeField()))
        .filter(last_seen__lt=moment)
        .order_by("pk")
    )
    return [(user, user.last_seen) for user in users.iterator(chunk_size=500)]


def inactive_accounts_retain(*, now: datetime.datetime | None = None) -> RetentionResult:
    """Warn the seekers whose accounts will be anonymised within the warning period, and
    anonymise those inactive past the period that were warned at least that long ago."""
    now = now or timezone.now()
    period = datetime.timedelta(days=settings.RETENTION_INACTIVE_ACCOUNT_DAYS)
    warning = datetime.timedelta(days=settings.RETENTION_WARNING_DAYS)
    warned = anonymised = 0
    for user, last_seen in _inactive_since(now - period + warning):
        key = _warning_key(user, last_seen)
        notice = Notification.objects.filter(dedup_key=key).first()
        if notice is None:
            erase_on = max(last_seen + period, now + warning)
            created = notification_create(
                recipient=user,
                kind=Kind.ACCOUNT_INACTIVE_WARNING,
                context={"erase_on": timezone.localdate(erase_on).isoformat()},
                dedup_key=key,
            )
            warned += created is not None
        elif last_seen < now - period and notice.created_at <= now - warning:
            account_erase_now(user=user)
            anonymised += 1
    return RetentionResult(warned=warned, anonymised=anonymised)
