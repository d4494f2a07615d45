"""Notifications app: an outbox of events, an in-app inbox, email, SMS and WhatsApp."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        # Registers the outbox's Celery tasks in every process (a web process too), so the
        # services enqueue them by name: notifications.tasks imports notifications.services,
        # which therefore cannot import the tasks (that was an import loop).
        # Accounts (below us) sends its one-time codes through our SMS/WhatsApp gateway.
        from accounts.codes import register_code_sender  # noqa: PLC0415
        from notifications import tasks  # noqa: F401, PLC0415
        from notifications.gateways import send_code_text  # noqa: PLC0415

        register_code_sender(send_code_text)
        from notifications.privacy import register_sections  # noqa: PLC0415 - models not ready

        register_sections()
