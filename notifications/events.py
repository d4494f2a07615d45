"""The events Si-Caker tells people about, each turned into notifications.

The application events are called by the applications services inside their transaction, so the
notification commits (or rolls back) with the change that caused it. The periodic ones are called
by beat tasks and are idempotent through their dedup keys: running them twice notifies once.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Role, User
from notifications.models import Kind
from notifications.services import fan_out_create, notification_create

EXPIRY_WARNING_DAYS = 3
AK1_PERIOD_DAYS = 182
AK1_WARNING_DAYS = 7


def notify_application_submitted(*, application) -> None:
    vacancy = application.vacancy
    notification_create(
        recipient=vacancy.employer.owner,
        kind=Kind.APPLICATION_SUBMITTED,
        context={
            "application_id": application.pk,
            "vacancy_id": vacancy.pk,
            "vacancy_title": vacancy.title,
            "seeker_name": application.seeker.full_name,
        },
        dedup_key=f"application-submitted:{application.pk}",
    )


def notify_application_status_changed(*, application, note: str = "") -> None:
    vacancy = application.vacancy
    notification_create(
        recipient=application.seeker.user,
        kind=Kind.APPLICATION_STATUS_CHANGED,
        context={
            "application_id": application.pk,
            "vacancy_id": vacancy.pk,
            "vacancy_title": vacancy.title,
            "employer_name": vacancy.employer.name,
            "status": application.status,
            "note": note,
        },
        dedup_key=f"application-status:{application.pk}:{application.status}",
    )


def notify_application_withdrawn(*, application, note: str = "") -> None:
    vacancy = application.vacancy
    notification_create(
        recipient=vacancy.employer.owner,
        kind=Kind.APPLICATION_WITHDRAWN,
        context={
            "application_id": application.pk,
            "vacancy_id": vacancy.pk,
            "vacancy_title": vacancy.title,
            "seeker_name": application.seeker.full_name,
            "note": note,
        },
        dedup_key=f"application-withdrawn:{application.pk}",
    )


def notify_alert_matches(*, vacancy, user_ids: list[int]) -> None:
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


def notify_vacancy_expiry(*, today: datetime.date | None = None) -> dict:
    """Warn employers three days before a vacancy expires, and tell them when it has expired."""
    from jobs.models import Vacancy

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


def daily_digest_context(*, day: datetime.date) -> dict:
    from applications.models import Application
    from jobs.models import Vacancy

    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    received = Application.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    by_district = list(
        received.values_list("seeker__district")
        .annotate(count=Count("pk"))
        .order_by("-count", "seeker__district")
    )
    by_vacancy = list(
        received.values_list("vacancy__title")
        .annotate(count=Count("pk"))
        .order_by("-count", "vacancy__title")[:20]
    )
    without = list(
        Vacancy.objects.filter(status="published", valid_through__gte=day)
        .annotate(applications_count=Count("applications"))
        .filter(applications_count=0)
        .order_by("valid_through")
        .values_list("title", flat=True)[:20]
    )
    return {
        "day": day.isoformat(),
        "total": received.count(),
        "by_district": [[district or "-", count] for district, count in by_district],
        "by_vacancy": [[title, count] for title, count in by_vacancy],
        "without_applicants": without,
    }


def notify_daily_digest(*, today: datetime.date | None = None) -> int:
    """Every morning, each labor-office officer gets yesterday's applications and idle vacancies."""
    today = today or timezone.localdate()
    day = today - datetime.timedelta(days=1)
    context = daily_digest_context(day=day)
    sent = 0
    for officer in User.objects.filter(role__in=[Role.OFFICER, Role.ADMIN], is_active=True):
        created = notification_create(
            recipient=officer,
            kind=Kind.DAILY_DIGEST,
            context=context,
            dedup_key=f"daily-digest:{day.isoformat()}:{officer.pk}",
        )
        sent += created is not None
    return sent


def notify_ak1_due(*, today: datetime.date | None = None) -> int:
    """Remind seekers holding an AK/1 card that its six-monthly report is due within a week."""
    from seekers.models import SeekerProfile

    today = today or timezone.localdate()
    sent = 0
    seekers = SeekerProfile.objects.exclude(ak1_number="").select_related("user")
    for seeker in seekers.iterator(chunk_size=500):
        reported = seeker.ak1_reported_on or timezone.localdate(seeker.created_at)
        due_on = reported + datetime.timedelta(days=AK1_PERIOD_DAYS)
        if today < due_on - datetime.timedelta(days=AK1_WARNING_DAYS):
            continue
        created = notification_create(
            recipient=seeker.user,
            kind=Kind.AK1_REPORT_DUE,
            context={"ak1_number": seeker.ak1_number, "due_on": due_on.isoformat()},
            dedup_key=f"ak1-due:{seeker.pk}:{due_on.isoformat()}",
        )
        sent += created is not None
    return sent
