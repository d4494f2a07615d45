"""Search app."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self) -> None:
        from search.indexing import track_deletions

        track_deletions()
        from notifications.models import Kind
        from notifications.services import register_recipient_check
        from search.services import alert_recipients_still_subscribed

        register_recipient_check(Kind.ALERT_MATCH, alert_recipients_still_subscribed)
