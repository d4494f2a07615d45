"""A deleted vacancy leaves the open data too: ``post_delete`` rather than a named call, because
deletions also come from cascades and the admin, which no service sees (as search does)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete

from jobs.models import Vacancy
from jobs.open_data.log import record_vacancy_changes


def record_deleted_vacancy(sender: type[Vacancy], instance: Vacancy, **_: Any) -> None:
    """In the deleting transaction: a vacancy that was public gets its ``deleted`` entry."""
    record_vacancy_changes(pks=[instance.pk])


def connect() -> None:
    post_delete.connect(
        record_deleted_vacancy, sender=Vacancy, dispatch_uid="jobs.open_data.deleted"
    )
