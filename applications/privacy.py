"""What the applications app holds about a person, for her export and erasure (UU PDP), and
the anonymising of applications closed long ago (retention).

An anonymised application keeps its vacancy, seeker row, status and dates: the office's reports
count them per district, training and status. Its texts go (her cover note, the notes of its
events, which employers often write to her by name), and so does her name in the employer's
notifications about it: they then read "a removed applicant".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.models import User
from applications.models import Application, ApplicationEvent, ApplicationStatus, Invitation
from notifications.models import Notification
from sicaker.personal_data import Section, register

CLOSED_STATUSES = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WITHDRAWN,
)
# Context keys of the employers' notices that carry her name (applications/notifications.py).
NAME_KEYS = ("seeker_name",)
REMOVED_APPLICANT = gettext_noop("a removed applicant")
RETENTION_BATCH = 500


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_applications(user: User) -> list[dict[str, Any]]:
    applications = (
        Application.objects.filter(seeker__user=user)
        .select_related("vacancy__employer")
        .prefetch_related("events")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "id": application.pk,
            "vacancy": application.vacancy.title,
            "employer": application.vacancy.employer.name,
            "cover_note": application.cover_note,
            "status": application.status,
            "submitted_at": _date(application.submitted_at),
            "status_changed_at": _date(application.status_changed_at),
            "events": [
                {
                    "from_status": event.from_status,
                    "to_status": event.to_status,
                    "by": event.actor_role,
                    "note": event.note,
                    "at": _date(event.created_at),
                }
                for event in application.events.all()
            ],
        }
        for application in applications
    ]


def export_invitations(user: User) -> list[dict[str, Any]]:
    invitations = Invitation.objects.filter(seeker__user=user).select_related("vacancy__employer")
    return [
        {
            "vacancy": invitation.vacancy.title,
            "employer": invitation.vacancy.employer.name,
            "at": _date(invitation.created_at),
        }
        for invitation in invitations.order_by("created_at", "pk")
    ]


def applications_anonymise(*, application_ids: Iterable[int]) -> int:
    """Erase the texts of these applications and her name in the notices about them.

    Idempotent (an anonymised application is skipped); call inside a transaction or alone.
    Returns how many were anonymised now."""
    with transaction.atomic():
        pks = list(
            Application.objects.select_for_update()
            .filter(pk__in=list(application_ids), anonymised_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not pks:
            return 0
        Application.objects.filter(pk__in=pks).update(cover_note="", anonymised_at=timezone.now())
        ApplicationEvent.objects.filter(application_id__in=pks).exclude(note="").update(note="")
        notices = Notification.objects.filter(
            Q(context__application_id__in=pks), *[Q(context__has_key=key) for key in NAME_KEYS]
        )
        for notice in notices:
            context = dict(notice.context)
            for key in NAME_KEYS:
                context[key] = ""
            context.pop("note", None)
            Notification.objects.filter(pk=notice.pk).update(context=context)
    return len(pks)


def applications_closed_before(*, moment: datetime.datetime) -> list[int]:
    """Applications closed (accepted, rejected, withdrawn) before this moment, not yet
    anonymised: what retention anonymises."""
    return list(
        Application.objects.filter(
            status__in=CLOSED_STATUSES,
            status_changed_at__lt=moment,
            anonymised_at__isnull=True,
        ).values_list("pk", flat=True)
    )


def erase_applications(user: User) -> None:
    applications_anonymise(
        application_ids=Application.objects.filter(seeker__user=user).values_list("pk", flat=True)
    )


def register_sections() -> None:
    register(
        Section(
            name="applications",
            models=("applications.Application", "applications.ApplicationEvent"),
            export=export_applications,
            erase=erase_applications,
            order=40,
        )
    )
    register(
        Section(name="invitations", models=("applications.Invitation",), export=export_invitations)
    )


def applications_anonymise_closed(*, now: datetime.datetime | None = None) -> int:
    """Retention: anonymise every application closed for longer than
    ``RETENTION_CLOSED_APPLICATION_DAYS``, in batches. Returns how many."""
    moment = (now or timezone.now()) - datetime.timedelta(
        days=settings.RETENTION_CLOSED_APPLICATION_DAYS
    )
    pks = applications_closed_before(moment=moment)
    done = 0
    for start in range(0, len(pks), RETENTION_BATCH):
        done += applications_anonymise(application_ids=pks[start : start + RETENTION_BATCH])
    return done
