"""Job seekers, the training programmes they complete and the skills they hold."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from consents.selectors import shown_to_employers_condition
from jobs.models import EducationLevel, Location, Skill
from sicaker.indexing import SearchIndexed


class TrainingProgramme(models.Model):
    """A skills training held by a city office (Dinsos, DP3A, PKK, Disnaker...)."""

    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)
    skills = models.ManyToManyField(
        Skill, related_name="trainings", verbose_name=_("skills taught")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="training_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class SeekerProfileQuerySet(models.QuerySet["SeekerProfile"]):
    def candidates(self) -> SeekerProfileQuerySet:
        """Those employers may see as candidates (lists, invitations, the search index): open to
        work, consents (a) matching and (b) shown given, and her account claimed if an officer
        opened it (``consents.selectors.shown_to_employers_condition``)."""
        return self.filter(shown_to_employers_condition("user"), is_open_to_work=True)


class SeekerProfile(Location, SearchIndexed):
    """A job seeker's profile. The NIK is personal data: encrypted, masked, never shown to
    employers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="seeker_profile"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    nik_encrypted = models.TextField(blank=True, editable=False)
    # A keyed hash lets the database refuse a NIK registered twice without storing it in clear.
    nik_digest = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    nik_last4 = models.CharField(max_length=4, blank=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    education_level = models.CharField(
        _("education level"), max_length=10, choices=EducationLevel.choices, blank=True
    )
    wanted_work_types = models.JSONField(_("wanted work types"), default=list, blank=True)
    max_distance_km = models.PositiveIntegerField(
        _("maximum travel distance (km)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    available_days = models.JSONField(_("available days"), default=list, blank=True)
    available_from = models.TimeField(_("available from"), null=True, blank=True)
    available_until = models.TimeField(_("available until"), null=True, blank=True)
    about = models.TextField(_("about me"), blank=True)
    is_open_to_work = models.BooleanField(_("open to work"), default=True)
    ak1_number = models.CharField(_("job-seeker card (AK/1) number"), max_length=40, blank=True)
    ak1_reported_on = models.DateField(_("AK/1 last reported on"), null=True, blank=True)
    ak1_issued_on = models.DateField(_("AK/1 issued on"), null=True, blank=True)
    # Set once when she deletes her account (or retention anonymises it): the row stays, without
    # her name, NIK, contact and precise location, so the office's counts stay right.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    skills = models.ManyToManyField(Skill, through="SeekerSkill", related_name="seekers")

    objects = SeekerProfileQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        indexes = [
            models.Index(fields=["city", "district"]),
            # The office filters applications and seekers by district, case-insensitively
            # (``district__iexact`` is ``UPPER(district) = UPPER(%s)``).
            models.Index(Upper("district"), name="seeker_district_upper_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def nik_masked(self) -> str:
        return f"************{self.nik_last4}" if self.nik_last4 else ""

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def display_name(self) -> str:
        """Her name, or "a removed applicant" (in the reader's language) once erased."""
        if self.erased_at is not None:
            return str(_("a removed applicant"))
        return self.full_name


class TrainingCompletion(models.Model):
    """A labor-office record that a seeker completed a programme; its skills become verified."""

    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.PROTECT, related_name="completions"
    )
    seeker = models.ForeignKey(
        SeekerProfile, on_delete=models.CASCADE, related_name="training_completions"
    )
    certificate_number = models.CharField(_("certificate number"), max_length=80)
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "seeker"], name="completion_once_per_seeker"
            ),
            models.UniqueConstraint(
                fields=["programme", "certificate_number"], name="certificate_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seeker_id} completed {self.programme_id} ({self.certificate_number})"


class SkillLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class SkillSource(models.TextChoices):
    TRAINING = "training", _("Training (verified)")
    EXPERIENCE = "experience", _("Work experience")
    SELF = "self", _("Self-declared")


class SeekerSkill(models.Model):
    seeker = models.ForeignKey(SeekerProfile, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="seeker_links")
    level = models.CharField(
        _("level"), max_length=12, choices=SkillLevel.choices, default=SkillLevel.BASIC
    )
    source = models.CharField(
        _("source"), max_length=12, choices=SkillSource.choices, default=SkillSource.SELF
    )
    training_completion = models.ForeignKey(
        TrainingCompletion, on_delete=models.SET_NULL, null=True, blank=True, related_name="skills"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seeker", "skill"], name="seeker_skill_once"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker_id}: {self.skill_id} ({self.source}, {self.level})"

    @property
    def is_verified(self) -> bool:
        return self.source == SkillSource.TRAINING


class Ak1Sequence(models.Model):
    """The last AK/1 number issued in a year by this office: numbers count up per city and year."""

    city_code = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["city_code", "year"], name="ak1_sequence_once"),
        ]

    def __str__(self) -> str:
        return f"{self.city_code}/{self.year}: {self.last_number}"


class AccessPurpose(models.TextChoices):
    NIK_REVEALED = "nik_revealed", _("viewed your NIK")
    CARD_WITH_NIK = "card_with_nik", _("printed your AK/1 card with your full NIK")


class PersonalDataAccess(models.Model):
    """The access log: an officer looked at her personal data in full, when, and why.

    Written in the same transaction as the look itself (``seekers.services.access``); she reads
    it on her data page and in her export, and ``manage.py breach_report`` reads it."""

    seeker = models.ForeignKey(
        SeekerProfile, on_delete=models.CASCADE, related_name="data_accesses"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who she is told looked: the office, as it was named when it looked.
    actor_office = models.CharField(max_length=200)
    purpose = models.CharField(max_length=20, choices=AccessPurpose.choices)
    reason = models.TextField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor_office} {self.purpose} {self.seeker_id}"
