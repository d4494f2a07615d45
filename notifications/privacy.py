"""What the outbox holds about a person, for her export and erasure (UU PDP): her inbox (with
the deliveries to her email and phone) and her notification settings."""

from __future__ import annotations

from typing import Any

from notifications.models import Notification, Preference, QuietHours
from notifications.rendering import render_message
from sicaker.personal_data import Section, register


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_notifications(user: Any) -> list[dict[str, Any]]:
    notices = Notification.objects.filter(recipient=user).prefetch_related("deliveries")
    exported = []
    for notice in notices.order_by("created_at", "pk"):
        message = render_message(
            kind=notice.kind, context=notice.context, language=user.preferred_language
        )
        exported.append(
            {
                "kind": notice.kind,
                "title": message.title,
                "body": message.body,
                "created_at": _date(notice.created_at),
                "read_at": _date(notice.read_at),
                "deliveries": [
                    {
                        "channel": delivery.channel,
                        "address": delivery.address,
                        "status": delivery.status,
                        "sent_at": _date(delivery.sent_at),
                    }
                    for delivery in notice.deliveries.all()
                ],
            }
        )
    return exported


def export_settings(user: Any) -> dict[str, Any]:
    quiet = QuietHours.objects.filter(user=user).first()
    return {
        "channels": [
            {"kind": pref.kind, "email": pref.email, "sms": pref.sms, "whatsapp": pref.whatsapp}
            for pref in Preference.objects.filter(user=user).order_by("kind")
        ],
        "quiet_hours": None
        if quiet is None
        else {
            "starts_at": quiet.starts_at.isoformat(),
            "ends_at": quiet.ends_at.isoformat(),
            "is_enabled": quiet.is_enabled,
        },
    }


def erase_notifications(user: Any) -> None:
    # Her deliveries (her email and phone as addresses) go with them (CASCADE).
    Notification.objects.filter(recipient=user).delete()


def erase_settings(user: Any) -> None:
    Preference.objects.filter(user=user).delete()
    QuietHours.objects.filter(user=user).delete()


def register_sections() -> None:
    register(
        Section(
            name="notifications",
            models=("notifications.Notification",),
            export=export_notifications,
            erase=erase_notifications,
            order=60,
        )
    )
    register(
        Section(
            name="notification_settings",
            models=("notifications.Preference", "notifications.QuietHours"),
            export=export_settings,
            erase=erase_settings,
            order=60,
        )
    )
