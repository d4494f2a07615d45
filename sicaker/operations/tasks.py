"""The heartbeat beat sends every minute: its arrival proves that beat and a worker run."""

from celery import shared_task

from sicaker.operations import figures


@shared_task(name="operations.heartbeat", ignore_result=True)
def heartbeat() -> None:
    figures.record_heartbeat()
