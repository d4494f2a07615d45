"""Jobs app."""

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"

    def ready(self) -> None:
        from jobs.open_data.receivers import connect  # noqa: PLC0415 (app registry not ready at import)

        connect()
