"""Breach readiness (UU PDP art. 46: notify within 72 hours): whose personal data an identified
leak in a time window could have touched.

Read from what records an access to a person's data, with its time: the access log (staff who
looked at a NIK in full), the audit events of applications (each shows her application to the
employer or the office), training records written, consents recorded (an officer's paper form),
notifications delivered to her email or phone, vacancy audit events (the employer's account)
and the admin site's log of changes to an account or a seeker. One row per account, with how it
was touched and how to reach her.
"""

from __future__ import annotations

import datetime
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from accounts.privacy import is_erased
from applications.models import ApplicationEvent
from consents.models import Consent
from jobs.models import VacancyEvent
from notifications.models import Delivery
from seekers.models import PersonalDataAccess, SeekerProfile, TrainingCompletion
from sicaker.spreadsheet import csv_writer

FIELDS = (
    "user_id",
    "role",
    "full_name",
    "email",
    "phone",
    "is_erased",
    "sources",
    "first_at",
    "last_at",
)


@dataclass
class Touched:
    user_id: int
    sources: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_at: datetime.datetime | None = None
    last_at: datetime.datetime | None = None

    def add(self, source: str, at: datetime.datetime) -> None:
        self.sources[source] += 1
        self.first_at = at if self.first_at is None else min(self.first_at, at)
        self.last_at = at if self.last_at is None else max(self.last_at, at)


def _hits(
    start: datetime.datetime, end: datetime.datetime
) -> Iterable[tuple[str, int | None, datetime.datetime]]:
    """(source, user id, when) for every record of an access in [start, end)."""
    window = {"created_at__gte": start, "created_at__lt": end}
    for user_id, at in PersonalDataAccess.objects.filter(**window).values_list(
        "seeker__user_id", "created_at"
    ):
        yield "access_log", user_id, at
    for user_id, at in ApplicationEvent.objects.filter(**window).values_list(
        "application__seeker__user_id", "created_at"
    ):
        yield "application_event", user_id, at
    for user_id, at in TrainingCompletion.objects.filter(**window).values_list(
        "seeker__user_id", "created_at"
    ):
        yield "training_record", user_id, at
    for user_id, at in VacancyEvent.objects.filter(**window).values_list(
        "vacancy__employer__owner_id", "created_at"
    ):
        yield "vacancy_event", user_id, at
    deliveries = Delivery.objects.filter(sent_at__gte=start, sent_at__lt=end)
    for user_id, sent_at in deliveries.values_list("notification__recipient_id", "sent_at"):
        if sent_at is not None:
            yield "notification_delivery", user_id, sent_at
    for user_id, at in Consent.objects.filter(
        granted_at__gte=start, granted_at__lt=end
    ).values_list("user_id", "granted_at"):
        yield "consent_record", user_id, at
    yield from _admin_hits(start, end)


def _admin_hits(
    start: datetime.datetime, end: datetime.datetime
) -> Iterable[tuple[str, int | None, datetime.datetime]]:
    """The admin site's changes to an account or a seeker profile in [start, end)."""
    user_type = ContentType.objects.get_for_model(User)
    seeker_type = ContentType.objects.get_for_model(SeekerProfile)
    entries = LogEntry.objects.filter(
        action_time__gte=start,
        action_time__lt=end,
        content_type__in=[user_type, seeker_type],
    ).values_list("content_type_id", "object_id", "action_time")
    seeker_users: dict[str, int | None] = {}
    for type_id, object_id, at in entries:
        if object_id is None or not object_id.isdigit():
            continue
        if type_id == user_type.pk:
            yield "admin_change", int(object_id), at
        else:
            if object_id not in seeker_users:
                seeker_users[object_id] = (
                    SeekerProfile.objects.filter(pk=int(object_id))
                    .values_list("user_id", flat=True)
                    .first()
                )
            yield "admin_change", seeker_users[object_id], at


def breach_report(*, start: datetime.datetime, end: datetime.datetime) -> list[dict[str, object]]:
    """One row per account whose personal data was accessed in [start, end), by user id."""
    touched: dict[int, Touched] = {}
    for source, user_id, at in _hits(start, end):
        if user_id is None:
            continue
        touched.setdefault(user_id, Touched(user_id=user_id)).add(source, at)
    users = User.objects.in_bulk(list(touched))
    rows = []
    for user_id in sorted(touched):
        user, hit = users.get(user_id), touched[user_id]
        if user is None:
            continue
        rows.append(
            {
                "user_id": user_id,
                "role": user.role,
                "full_name": user.full_name,
                "email": "" if is_erased(user) else (user.email or ""),
                "phone": user.phone or "",
                "is_erased": is_erased(user),
                "sources": dict(sorted(hit.sources.items())),
                "first_at": hit.first_at.isoformat() if hit.first_at else None,
                "last_at": hit.last_at.isoformat() if hit.last_at else None,
            }
        )
    return rows


def breach_report_csv(rows: list[dict[str, object]]) -> str:
    """Through the safe writer: a name like "=HYPERLINK(...)" stays text in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(FIELDS)
    for row in rows:
        sources = row["sources"]
        assert isinstance(sources, dict)
        cells = {**row, "sources": ";".join(f"{name}={count}" for name, count in sources.items())}
        writer.writerow([cells[name] for name in FIELDS])
    return buffer.getvalue()


def breach_report_json(
    rows: list[dict[str, object]], *, start: datetime.datetime, end: datetime.datetime
) -> str:
    document = {
        "window": {"from": start.isoformat(), "to": end.isoformat()},
        "accounts": len(rows),
        "rows": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
