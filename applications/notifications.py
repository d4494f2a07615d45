"""Who hears what about applications: the notices the applications services write in the outbox.

The application notices are called by the services inside their transaction, so a notification
commits (or rolls back) with the change that caused it. The daily digest is called by a beat task
(``applications/tasks.py``) and is idempotent through its dedup keys: running it twice notifies
once. Rendering turns the ``status`` code into a label through ``application_status_label``,
registered in ``ApplicationsConfig.ready()``.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone

from accounts.permissions import staff_users
from applications.models import Application, ApplicationStatus, Invitation
from jobs.models import Vacancy
from notifications.models import Kind
from notifications.services import notification_create


def application_status_label(code: str) -> str:
    """The label of an application status in the active language (the code if none fits)."""
    try:
        return str(ApplicationStatus(code).label)
    except ValueError:
        return code


def notify_application_submitted(*, application: Application) -> None:
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


def notify_application_status_changed(*, application: Application, note: str = "") -> None:
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


def notify_application_withdrawn(*, application: Application, note: str = "") -> None:
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


def notify_vacancy_invitation(*, invitation: Invitation) -> None:
    """The invited job seeker hears which employer invites her to which vacancy."""
    vacancy = invitation.vacancy
    notification_create(
        recipient=invitation.seeker.user,
        kind=Kind.VACANCY_INVITATION,
        context={
            "vacancy_id": vacancy.pk,
            "vacancy_title": vacancy.title,
            "employer_name": vacancy.employer.name,
        },
        dedup_key=f"vacancy-invitation:{vacancy.pk}:{invitation.seeker_id}",
    )


def daily_digest_context(*, day: datetime.date) -> dict:
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
    for officer in staff_users().filter(is_active=True):
        created = notification_create(
            recipient=officer,
            kind=Kind.DAILY_DIGEST,
            context=context,
            dedup_key=f"daily-digest:{day.isoformat()}:{officer.pk}",
        )
        sent += created is not None
    return sent
