"""Reads of a user's own notifications and preferences."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from notifications.models import Kind, Notification, Preference, QuietHours
from notifications.services import DEFAULT_CHANNELS
from sicaker.errors import NotFound


def notifications_for(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=user).prefetch_related("deliveries")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def access_notification(*, user: User, notification_id: int) -> Notification:
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is None:
        raise NotFound()
    return notification


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preferences_for(*, user: User) -> list[dict[str, Any]]:
    stored = {preference.kind: preference for preference in Preference.objects.filter(user=user)}
    rows: list[dict[str, Any]] = []
    for kind in Kind.values:
        preference = stored.get(kind)
        rows.append(
            {
                "kind": kind,
                "label": str(Kind(kind).label),
                **{
                    channel: getattr(preference, channel) if preference else default
                    for channel, default in DEFAULT_CHANNELS.items()
                },
            }
        )
    return rows


def quiet_hours_for(*, user: User) -> QuietHours:
    return QuietHours.objects.filter(user=user).first() or QuietHours(user=user)
