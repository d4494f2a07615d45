"""Skills taxonomy, employers and their vacancies."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sicaker.indexing import SearchIndexed


class SkillCategory(models.TextChoices):
    GARMENT = "garment", _("Garment and sewing")
    CRAFT = "craft", _("Crafts")
    CULINARY = "culinary", _("Culinary and food")
    HERBAL = "herbal", _("Herbal medicine")
    BEAUTY = "beauty", _("Beauty")
    RETAIL = "retail", _("Retail and sales")
    HOSPITALITY = "hospitality", _("Hospitality")
    CARE = "care", _("Care work")
    OFFICE = "office", _("Office and administration")
    DIGITAL = "digital", _("Digital")
    CLEANING = "cleaning", _("Cleaning")
    AGRICULTURE = "agriculture", _("Agriculture and fisheries")
    LOGISTICS = "logistics", _("Logistics and driving")
    TRADE = "trade", _("Trade and reselling")


class Skill(models.Model):
    """A skill in the taxonomy; any synonym or common spelling finds it."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    category = models.CharField(_("category"), max_length=20, choices=SkillCategory.choices)
    synonyms = models.JSONField(_("synonyms"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_id"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Indonesian unless English was asked for)."""
        return skill_name(self.name_id, self.name_en)


def skill_name(name_id: str, name_en: str, *, english: bool | None = None) -> str:
    """A skill's name in the active language, from its two names read flat (``Skill.name``).

    ``english``: the language already looked up (``names_in_english``), for a caller naming
    many skills at once (looking it up is most of the cost of one name)."""
    if english is None:
        english = names_in_english()
    return name_en if english else name_id


def names_in_english() -> bool:
    """Whether skill names are shown in English (only when English was asked for)."""
    return (get_language() or "id").startswith("en")


class EmployerKind(models.TextChoices):
    UMKM = "umkm", _("Micro, small or medium enterprise (UMKM)")
    HOME_INDUSTRY = "home_industry", _("Home industry")
    COMPANY = "company", _("Company")
    SHOP = "shop", _("Shop")
    HOTEL = "hotel", _("Hotel")
    RESTAURANT = "restaurant", _("Restaurant or catering")
    COOPERATIVE = "cooperative", _("Cooperative")
    HOUSEHOLD = "household", _("Household")
    OTHER = "other", _("Other")


class Location(models.Model):
    """Address levels that matter in Indonesia, plus a point for distance."""

    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100)
    district = models.CharField(_("district (kecamatan)"), max_length=100)
    subdistrict = models.CharField(_("sub-district (kelurahan)"), max_length=100, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True


class Employer(Location):
    """An organisation that posts vacancies; staff verify it before it can publish."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employer"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EmployerKind.choices)
    nib = models.CharField(
        _("business id (NIB)"),
        max_length=13,
        blank=True,
        validators=[RegexValidator(r"^\d{13}$", _("A NIB has exactly 13 digits."))],
    )
    description = models.TextField(_("description"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Changes of identity (name, kind, NIB, city and the address that goes with it) asked for
    # after a verification: they wait here for the labor office, and the columns above keep the
    # verified values meanwhile (``jobs.services.employers``).
    pending_changes = models.JSONField(_("changes awaiting verification"), default=dict, blank=True)
    # The labor office's refusal, shown to the employer; cleared by a verification. Editing the
    # organisation after a refusal puts it back in the office's queue (updated_at > refused_at).
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    refused_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name


class WorkType(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    HOME_BASED = "home_based", _("Home-based")
    PIECE_RATE = "piece_rate", _("Piece-rate (borongan)")
    FREELANCE = "freelance", _("Freelance")


class PayUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")
    PIECE = "piece", _("per piece")


class EducationLevel(models.TextChoices):
    NONE = "none", _("No formal education")
    SD = "sd", _("Primary school (SD)")
    SMP = "smp", _("Junior high school (SMP)")
    SMA = "sma", _("Senior high school (SMA)")
    SMK = "smk", _("Vocational high school (SMK)")
    D3 = "d3", _("Diploma (D3)")
    S1 = "s1", _("Bachelor (S1)")
    S2 = "s2", _("Master (S2)")


EDUCATION_RANK = {
    EducationLevel.NONE: 0,
    EducationLevel.SD: 1,
    EducationLevel.SMP: 2,
    EducationLevel.SMA: 3,
    EducationLevel.SMK: 3,
    EducationLevel.D3: 4,
    EducationLevel.S1: 5,
    EducationLevel.S2: 6,
}


class Weekday(models.TextChoices):
    MON = "mon", _("Monday")
    TUE = "tue", _("Tuesday")
    WED = "wed", _("Wednesday")
    THU = "thu", _("Thursday")
    FRI = "fri", _("Friday")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class ClosedReason(models.TextChoices):
    MANUAL = "manual", _("Closed by the employer")
    EXPIRED = "expired", _("Expired")
    FILLED = "filled", _("All positions filled")
    OFFICE = "office", _("Closed by the labor office")


class VacancyQuerySet(models.QuerySet["Vacancy"]):
    def open(self, *, today: datetime.date | None = None) -> VacancyQuerySet:
        """Open vacancies, the ones the public sees: published and not expired.

        The one definition of "open" (search documents, selectors, both search backends and the
        notices use it). A position is always left on an open vacancy: filling the last one
        closes it (``ClosedReason.FILLED``)."""
        return self.filter(
            status=VacancyStatus.PUBLISHED, valid_through__gte=today or timezone.localdate()
        )


class Vacancy(Location, SearchIndexed):
    """A job opening; only published, unexpired vacancies are public."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    work_type = models.CharField(_("work type"), max_length=20, choices=WorkType.choices)
    work_days = models.JSONField(_("working days"), default=list, blank=True)
    hours_start = models.TimeField(_("working hours from"), null=True, blank=True)
    hours_end = models.TimeField(_("working hours until"), null=True, blank=True)
    positions = models.PositiveIntegerField(_("number of positions"), default=1)
    positions_filled = models.PositiveIntegerField(_("positions filled"), default=0)
    pay_min = models.PositiveIntegerField(_("minimum pay (Rp)"), null=True, blank=True)
    pay_max = models.PositiveIntegerField(_("maximum pay (Rp)"), null=True, blank=True)
    pay_unit = models.CharField(_("pay unit"), max_length=10, choices=PayUnit.choices, blank=True)
    min_education = models.CharField(
        _("minimum education"),
        max_length=10,
        choices=EducationLevel.choices,
        default=EducationLevel.NONE,
    )
    valid_through = models.DateField(_("valid through"))
    status = models.CharField(
        _("status"), max_length=12, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    closed_reason = models.CharField(max_length=10, choices=ClosedReason.choices, blank=True)
    # The labor office's own words when it closes a vacancy that breaks the rules (the employer
    # reads them on her vacancy's page and in the notice); empty for every other closing.
    closed_note = models.TextField(_("reason for closing"), blank=True, default="")
    # The employer's own reference of a vacancy imported from a spreadsheet (or one made from
    # the row's content): the same row imported again is recognised, not created twice.
    external_reference = models.CharField(
        _("your reference"), max_length=100, blank=True, default=""
    )
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    skills = models.ManyToManyField(Skill, through="VacancySkill", related_name="vacancies")

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        indexes = [
            models.Index(fields=["status", "valid_through"]),
            models.Index(fields=["city", "district"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(positions__gte=1), name="vacancy_positions_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(positions_filled__lte=F("positions")),
                name="vacancy_filled_not_above_positions",
            ),
            models.CheckConstraint(
                condition=Q(pay_min__isnull=True)
                | Q(pay_max__isnull=True)
                | Q(pay_min__lte=F("pay_max")),
                name="vacancy_pay_min_not_above_max",
            ),
            models.CheckConstraint(
                condition=Q(hours_start__isnull=True)
                | Q(hours_end__isnull=True)
                | Q(hours_start__lt=F("hours_end")),
                name="vacancy_hours_start_before_end",
            ),
            models.UniqueConstraint(
                fields=["employer", "external_reference"],
                condition=~Q(external_reference=""),
                name="vacancy_external_reference_once_per_employer",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: datetime.date | None = None) -> bool:
        """The row-level twin of ``Vacancy.objects.open()``."""
        return self.status == VacancyStatus.PUBLISHED and self.valid_through >= (
            today or timezone.localdate()
        )

    @property
    def positions_open(self) -> int:
        return max(self.positions - self.positions_filled, 0)


class VacancySkill(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="vacancy_links")
    is_required = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "skill"], name="vacancy_skill_once"),
        ]

    def __str__(self) -> str:
        kind = "required" if self.is_required else "preferred"
        return f"{self.vacancy_id}: {self.skill_id} ({kind})"


class VacancyEvent(models.Model):
    """An audit record of one status change of a vacancy: who, when, from, to and why."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(max_length=12, choices=VacancyStatus.choices)
    to_status = models.CharField(max_length=12, choices=VacancyStatus.choices)
    reason = models.CharField(max_length=10, choices=ClosedReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("vacancy event")
        verbose_name_plural = _("vacancy events")

    def __str__(self) -> str:
        return f"{self.vacancy_id}: {self.from_status} → {self.to_status}"


class VacancyChangeKind(models.TextChoices):
    """What a change did to the public set of vacancies (the open-data stream's ``change``)."""

    PUBLISHED = "published", _("Published")
    CHANGED = "changed", _("Changed")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")
    DELETED = "deleted", _("Deleted")


# After these the vacancy is public and the entry carries all of it; after the others it is gone.
PUBLIC_CHANGE_KINDS = (VacancyChangeKind.PUBLISHED, VacancyChangeKind.CHANGED)


class VacancyChange(models.Model):
    """One change to the public vacancies, in the order the changes committed (``seq``).

    Written in the transaction of the vacancy write (``jobs.open_data.log``); ``seq`` comes from
    the one ``VacancyChangeCounter`` row, whose row lock is held until that transaction commits,
    so a larger ``seq`` always commits later and a reader never skips one still in flight.
    ``vacancy_id`` is a plain number, not a foreign key: the entry outlives a deleted row.
    ``payload`` is the public vacancy as the stream serves it (``jobs.open_data.payload``), for
    published and changed entries; empty for the others.
    """

    seq = models.BigIntegerField(unique=True)
    vacancy_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=VacancyChangeKind.choices)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("vacancy change")
        verbose_name_plural = _("vacancy changes")
        indexes = [models.Index(fields=["vacancy_id", "seq"], name="vacancy_change_vacancy_seq")]

    def __str__(self) -> str:
        return f"{self.seq}: {self.vacancy_id} {self.kind}"


class VacancyChangeCounter(models.Model):
    """The one row that hands out ``VacancyChange.seq`` (its lock orders the writers) and
    remembers how far the log has been pruned (a cursor before ``pruned_through`` is too old)."""

    last_seq = models.BigIntegerField(default=0)
    pruned_through = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("vacancy change counter")
        verbose_name_plural = _("vacancy change counters")

    def __str__(self) -> str:
        return f"last {self.last_seq}, pruned through {self.pruned_through}"


class DuplicateFlagStatus(models.TextChoices):
    OPEN = "open", _("Awaiting review")
    DISMISSED = "dismissed", _("Not a duplicate")


class VacancyDuplicateFlag(models.Model):
    """Two open vacancies of *different* employers that are near-identical (a copied ad, maybe
    a scam): shown to the labor office with their similarity until an officer reviews them.

    ``vacancy`` is the one published later; ``duplicate_of`` the one it resembles."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="duplicate_flags")
    duplicate_of = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(_("similarity"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DuplicateFlagStatus.choices,
        default=DuplicateFlagStatus.OPEN,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-similarity", "-created_at", "pk"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        indexes = [models.Index(fields=["status", "-similarity"], name="jobs_dupflag_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "duplicate_of"], name="vacancy_duplicate_flag_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id} ~ {self.duplicate_of_id} ({self.similarity:.2f})"
