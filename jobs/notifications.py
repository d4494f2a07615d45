"""Who hears what about vacancies: expiry notices to employers, written in the outbox.

Called by a beat task (``jobs/tasks.py``); idempotent through its dedup keys: running it twice
notifies once.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from jobs.models import Employer, Vacancy
from notifications.models import Kind
from notifications.services import notification_create

EXPIRY_WARNING_DAYS = 3


def notify_vacancy_expiry(*, today: datetime.date | None = None) -> dict:
    """Warn employers three days before a vacancy expires, and tell them when it has expired."""
    today = today or timezone.localdate()
    expiring = Vacancy.objects.filter(
        status="published", valid_through=today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    ).select_related("employer__owner")
    expired = Vacancy.objects.filter(
        Q(status="published") | Q(status="closed", closed_reason="expired"),
        valid_through__lt=today,
        valid_through__gte=today - datetime.timedelta(days=7),
    ).select_related("employer__owner")
    counts = {"expiring": 0, "expired": 0}
    for vacancy in expiring:
        created = notification_create(
            recipient=vacancy.employer.owner,
            kind=Kind.VACANCY_EXPIRING,
            context={
                "vacancy_id": vacancy.pk,
                "vacancy_title": vacancy.title,
                "valid_through": vacancy.valid_through.isoformat(),
                "days_left": EXPIRY_WARNING_DAYS,
            },
            dedup_key=f"vacancy-expiring:{vacancy.pk}:{vacancy.valid_through.isoformat()}",
        )
        counts["expiring"] += created is not None
    for vacancy in expired:
        created = notification_create(
            recipient=vacancy.employer.owner,
            kind=Kind.VACANCY_EXPIRED,
            context={
                "vacancy_id": vacancy.pk,
                "vacancy_title": vacancy.title,
                "valid_through": vacancy.valid_through.isoformat(),
            },
            dedup_key=f"vacancy-expired:{vacancy.pk}:{vacancy.valid_through.isoformat()}",
        )
        counts["expired"] += created is not None
    return counts


def notify_employer_verified(*, employer: Employer) -> None:
    """Tell the employer the labor office verified the organisation (she can publish now)."""
    notification_create(
        recipient=employer.owner,
        kind=Kind.EMPLOYER_VERIFIED,
        context={"employer_id": employer.pk, "employer_name": employer.name},
        dedup_key=f"employer-verified:{employer.pk}:{employer.verified_at.isoformat()}"
        if employer.verified_at
        else f"employer-verified:{employer.pk}",
    )


def notify_employer_refused(*, employer: Employer, reason: str) -> None:
    """Tell the employer the labor office refused to verify the organisation, and why."""
    refused_at = employer.refused_at.isoformat() if employer.refused_at else ""
    notification_create(
        recipient=employer.owner,
        kind=Kind.EMPLOYER_REFUSED,
        context={"employer_id": employer.pk, "employer_name": employer.name, "reason": reason},
        dedup_key=f"employer-refused:{employer.pk}:{refused_at}",
    )


def notify_vacancy_closed_by_office(*, vacancy: Vacancy, note: str) -> None:
    """Tell the employer the labor office closed her vacancy, and why (once per closing)."""
    closed_at = vacancy.closed_at.isoformat() if vacancy.closed_at else ""
    notification_create(
        recipient=vacancy.employer.owner,
        kind=Kind.VACANCY_CLOSED_BY_OFFICE,
        context={"vacancy_id": vacancy.pk, "vacancy_title": vacancy.title, "reason": note},
        dedup_key=f"vacancy-closed-by-office:{vacancy.pk}:{closed_at}",
    )
