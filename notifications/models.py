"""Notifications: written in the same transaction as their cause, delivered by Celery.

A ``Notification`` is both the in-app inbox item and the outbox record: it exists as soon as the
change that caused it commits. Each external channel gets a ``Delivery`` row whose unique key
makes a second send a no-op; a delivery that keeps failing ends ``failed``, never loops.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    APPLICATION_SUBMITTED = "application_submitted", _("New application")
    APPLICATION_STATUS_CHANGED = "application_status_changed", _("Application status changed")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("Application withdrawn")
    ALERT_MATCH = "alert_match", _("New vacancy for your job alert")
    VACANCY_EXPIRING = "vacancy_expiring", _("Vacancy expires soon")
    VACANCY_EXPIRED = "vacancy_expired", _("Vacancy expired")
    DAILY_DIGEST = "daily_digest", _("Daily applications report")
    AK1_REPORT_DUE = "ak1_report_due", _("Job-seeker card (AK/1) report due")
    VACANCY_INVITATION = "vacancy_invitation", _("Invitation to apply")
    EMPLOYER_VERIFIED = "employer_verified", _("Organisation verified")
    EMPLOYER_REFUSED = "employer_refused", _("Organisation not verified")
    VACANCY_CLOSED_BY_OFFICE = "vacancy_closed_by_office", _("Vacancy closed by the labor office")
    ACCOUNT_CLAIM = "account_claim", _("Your account is ready to claim")
    ACCOUNT_INACTIVE_WARNING = "account_inactive_warning", _("Unused account will be anonymised")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    # Everything the templates need, as plain JSON (ids and short texts), captured at the event.
    context = models.JSONField(default=dict)
    # One notification per cause and recipient: a repeated event or task creates nothing new.
    dedup_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # Not sent because its cause is gone (e.g. the job alert was deleted or paused meanwhile).
    CANCELLED = "cancelled", _("Cancelled")


class Delivery(models.Model):
    """One notification on one external channel; sent at most once."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=12, choices=Channel.choices)
    address = models.CharField(max_length=254)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Quiet hours and retries: not before this moment.
    not_before = models.DateTimeField(null=True, blank=True)
    # Claimed by a sender until this moment, so two workers never send the same delivery at once.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_delivery_per_channel"
            ),
        ]
        indexes = [models.Index(fields=["status", "not_before"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.status} ({self.notification_id})"


class Preference(models.Model):
    """Per user and event kind: which external channels are on. The inbox is always on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    email = models.BooleanField(default=True)
    sms = models.BooleanField(default=False)
    whatsapp = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class QuietHours(models.Model):
    """When SMS and WhatsApp must wait (local time); email and the inbox are not held back."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiet_hours"
    )
    starts_at = models.TimeField(default=datetime.time(21, 0))
    ends_at = models.TimeField(default=datetime.time(6, 0))
    is_enabled = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class FanOut(models.Model):
    """One event for many recipients (a vacancy matching many alerts), written in chunks."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    context = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class FanOutChunk(models.Model):
    """A slice of a fan-out's recipients; done once all their notifications exist."""

    fan_out = models.ForeignKey(FanOut, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    recipient_ids = models.JSONField(default=list)
    is_done = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fan_out", "index"], name="fan_out_chunk_once")
        ]
        indexes = [models.Index(fields=["is_done", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.fan_out_id}#{self.index}"
