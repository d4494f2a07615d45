"""The operations app: its Celery heartbeat task and the metrics' signal handlers."""

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "sicaker.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from sicaker.operations import metrics  # noqa: PLC0415 - connects Celery's signals

        metrics.connect_task_signals()
