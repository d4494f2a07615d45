"""Search app."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self) -> None:
        # Imported here, not at the top: models cannot be imported before the registry is ready.
        from notifications.models import Kind
        from notifications.services import register_recipient_check
        from search.indexing import track_deletions
        from search.services import alert_recipients_still_subscribed

        # Deleting an indexed row (by a service, a cascade or the admin) leaves a tombstone.
        track_deletions()
        # An alert-match notification is written and sent only while its alert still fits.
        register_recipient_check(Kind.ALERT_MATCH, alert_recipients_still_subscribed)
