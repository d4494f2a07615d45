"""Who hears what about job seekers: the AK/1 card's report reminder, written in the outbox.

Called by a beat task (``seekers/tasks.py``); idempotent through its dedup keys: running it twice
notifies once.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from consents.services import claim_secret
from notifications.models import Kind
from notifications.rendering import register_context_label
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


def claim_link_path(claim_ref: str) -> str:
    """The path of the claim page for a claim reference (``consents.services.claim_secret``)."""
    return f"/klaim/{claim_secret(claim_ref)}/"


def register_claim_link() -> None:
    """Messages carry a claim's reference, never its secret: the link is made when the message
    is rendered (``claim_ref_label`` in the templates), registered at start-up."""
    register_context_label("claim_ref", claim_link_path)


def notify_account_claim(*, user: User, claim_ref: str) -> None:
    """Send her the link to claim the account an officer opened for her (by SMS, whatever her
    preferences: ``notifications.services.ESSENTIAL_CHANNELS``), in the caller's transaction.
    Each new link is its own message."""
    notification_create(
        recipient=user,
        kind=Kind.ACCOUNT_CLAIM,
        context={"claim_ref": claim_ref},
        dedup_key=f"account-claim:{user.pk}:{claim_ref}",
    )
