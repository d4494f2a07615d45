"""The operations app: its Celery heartbeat task and the metrics' signal handlers."""

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "sicaker.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        # Connects Celery's signals once the apps are ready (metrics reads models).
        from sicaker.operations import logs, metrics  # noqa: PLC0415

        metrics.connect_task_signals()
        logs.connect_task_signals()
