"""The privacy notice (versioned), consents per purpose, and accounts waiting to be claimed.

UU PDP (No. 27/2022) asks for consent per purpose, recorded with what the person was told. A
``Consent`` row is one period of consent: granted (by her, or by an officer from the paper form
she signed) and, later perhaps, withdrawn. A purpose is "given" while a row of it has no
``withdrawn_at``; the database holds at most one such row per person and purpose. Withdrawn rows
stay: they are the proof of what she agreed to, when, and when she took it back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PrivacyNotice(models.Model):
    """What a person is told before agreeing: one version, in Indonesian and English."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text_id = models.TextField(_("text (Indonesian)"))
    text_en = models.TextField(_("text (English)"))
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering = ["-version"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self) -> str:
        return f"v{self.version}"

    @property
    def text(self) -> str:
        """The text in the active language (Indonesian unless English is chosen)."""
        return self.text_en if (get_language() or "id").startswith("en") else self.text_id


class Purpose(models.TextChoices):
    """What her data may be used for; each is agreed to and withdrawn on its own."""

    MATCHING = "matching", _("Processing my profile to match me with jobs")
    SHOWN_TO_EMPLOYERS = "shown_to_employers", _("Appearing to employers as an anonymous candidate")
    CONTACT_BY_PHONE = "contact_by_phone", _("Being contacted by SMS or WhatsApp")


class RecordedVia(models.TextChoices):
    SELF = "self", _("By herself (web or app)")
    OFFICER = "officer", _("By a labor-office officer (paper form)")
    MIGRATION = "migration", _("For an account that existed before consents were recorded")


class Consent(models.Model):
    """One period of consent to one purpose: granted, and perhaps withdrawn later."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices)
    notice = models.ForeignKey(
        PrivacyNotice, on_delete=models.PROTECT, related_name="consents", verbose_name=_("notice")
    )
    granted_at = models.DateTimeField(_("granted at"))
    recorded_via = models.CharField(_("recorded"), max_length=12, choices=RecordedVia.choices)
    # The officer who recorded it from the paper form, or she herself; empty for a migration.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    paper_form_number = models.CharField(_("paper form number"), max_length=40, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["user", "purpose", "-granted_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_given_consent_per_purpose",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_at__gte=models.F("granted_at")),
                name="consent_withdrawn_after_granted",
            ),
        ]
        indexes = [models.Index(fields=["purpose", "user", "withdrawn_at"])]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else "given"
        return f"{self.user_id} {self.purpose} {state} (notice v{self.notice_id})"

    @property
    def is_given(self) -> bool:
        return self.withdrawn_at is None


class AccountClaim(models.Model):
    """An account an officer opened for her, until she claims it with the one-time link.

    Only a digest of the link's secret is stored. While ``claimed_at`` is empty she is not shown
    to employers (she has not yet seen her account); her trainings count and she is in reports.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_claim"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    secret_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    sent_count = models.PositiveSmallIntegerField(default=1)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "claimed_at"])]

    def __str__(self) -> str:
        return f"claim of {self.user_id} ({'claimed' if self.claimed_at else 'waiting'})"
