"""Who hears what about job seekers: the AK/1 card's report reminder, written in the outbox.

Called by a beat task (``seekers/tasks.py``); idempotent through its dedup keys: running it twice
notifies once.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from notifications.models import Kind
from notifications.services import notification_create
from seekers.models import SeekerProfile

AK1_PERIOD_DAYS = 182
AK1_WARNING_DAYS = 7


def notify_ak1_due(*, today: datetime.date | None = None) -> int:
    """Remind seekers holding an AK/1 card that its six-monthly report is due within a week."""
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
