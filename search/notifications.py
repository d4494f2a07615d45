"""Who hears what from job alerts: a fan-out to the seekers whose alerts fit a new vacancy."""

from __future__ import annotations

from jobs.models import Vacancy
from notifications.models import Kind
from notifications.services import fan_out_create


def notify_alert_matches(*, vacancy: Vacancy, user_ids: list[int]) -> None:
    """One notification per seeker whose alerts fit a newly published vacancy (a fan-out)."""
    if not user_ids:
        return
    fan_out_create(
        key=f"alert-match:{vacancy.pk}",
        kind=Kind.ALERT_MATCH,
        context={
            "vacancy_id": vacancy.pk,
            "vacancy_title": vacancy.title,
            "employer_name": vacancy.employer.name,
            "district": vacancy.district,
            "alert_name": vacancy.title,
        },
        recipient_ids=user_ids,
    )
