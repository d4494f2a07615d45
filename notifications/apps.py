"""Notifications app: an outbox of events, an in-app inbox, email, SMS and WhatsApp."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
