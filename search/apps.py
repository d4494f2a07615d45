"""Search app."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self) -> None:
        # Imported in ready(), not at the top: this module is imported while the app registry
        # is being populated, before any model can be (Django's rule, not a cycle of ours).
        from search import receivers  # noqa: PLC0415 - see above

        receivers.connect()
        from search.privacy import register_sections  # noqa: PLC0415 - see above

        register_sections()
