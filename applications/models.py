"""Applications of seekers to vacancies and their audit trail."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from jobs.models import Vacancy
from seekers.models import SeekerProfile


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEW = "interview", _("Interview")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    """A seeker's application to one vacancy; its status moves only through services."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    seeker = models.ForeignKey(SeekerProfile, on_delete=models.PROTECT, related_name="applications")
    cover_note = models.TextField(_("cover note"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when its texts (cover note, notes of its events) were erased: she deleted her account
    # or it was closed longer than RETENTION_CLOSED_APPLICATION_DAYS. Its status and dates stay.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            # application_submit relies on this constraint (not on a check-then-create).
            models.UniqueConstraint(
                fields=["vacancy", "seeker"], name="one_application_per_vacancy"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="application_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            # Reports and staff lists filter on a date range of submitted_at alone.
            models.Index(fields=["submitted_at"], name="application_submitted_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker} → {self.vacancy}"


class ApplicationEvent(models.Model):
    """An audit record of one status change: who, when, from, to and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The actor's role when acting: the timeline says "the employer rejected" even after the
    # user is deleted, and without showing the seeker who at the employer did it.
    actor_role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    from_status = models.CharField(max_length=12, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_status__in=ApplicationStatus.values),
                name="application_event_to_status_known",
            ),
            models.CheckConstraint(
                condition=Q(from_status="") | Q(from_status__in=ApplicationStatus.values),
                name="application_event_from_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status or '-'} → {self.to_status}"


class Invitation(models.Model):
    """An employer's invitation to a matching job seeker to apply to one vacancy (once a pair)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="invitations")
    seeker = models.ForeignKey(SeekerProfile, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # invitation_send relies on this constraint: a second invitation is a no-op.
            models.UniqueConstraint(fields=["vacancy", "seeker"], name="one_invitation_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id} → {self.seeker_id}"


# The "none" of a tally's day columns (a NULL would make every row unique to the database).
NO_DAY = datetime.date(1, 1, 1)


class Tally(models.Model):
    """One running count behind the labor office's dashboard (``applications.tallies``).

    ``metric`` says what is counted and what the other columns mean; a column a metric does not
    use holds ``NO_DAY``, 0 or "". Rows are changed only by ``applications.tallies`` (inside the
    writing transactions, and by the rebuild); the dashboard sums them.
    """

    metric = models.CharField(max_length=32)
    day = models.DateField(default=NO_DAY)
    other_day = models.DateField(default=NO_DAY)
    ref = models.BigIntegerField(default=0)
    label = models.CharField(max_length=32, blank=True, default="")
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            # The upsert of applications.tallies names these columns as its conflict target.
            models.UniqueConstraint(
                fields=["metric", "day", "other_day", "ref", "label"], name="tally_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.day} {self.other_day} {self.ref} {self.label}: {self.value}"
