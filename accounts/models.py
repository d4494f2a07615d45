"""Users of Si-Caker: job seekers, employers, labor-office officers and admins."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.phones import normalize_phone


class Role(models.TextChoices):
    SEEKER = "seeker", _("Job seeker")
    EMPLOYER = "employer", _("Employer")
    OFFICER = "officer", _("Labor-office officer")
    ADMIN = "admin", _("Administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self,
        email: str | None = None,
        password: str | None = None,
        *,
        phone: str | None = None,
        **fields: Any,
    ) -> User:
        """A user with an email, a mobile number (any spelling, stored as E.164) or both."""
        email = (email or "").strip().lower() or None
        phone = normalize_phone(phone) if phone else None
        if email is None and phone is None:
            raise ValueError("an email or a phone number is required")
        user = self.model(email=email, phone=phone, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str | None = None, password: str | None = None, **fields: Any
    ) -> User:
        fields.setdefault("role", Role.ADMIN)
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person who signs in with an email address or a mobile number (at least one of them);
    the role decides what they may see.

    ``phone`` is the sign-in mobile number in E.164 (+628...), unique when set; it receives SMS
    and WhatsApp messages once proven (``phone_verified_at``). ``legacy_phone`` keeps a contact
    number recorded before sign-in by phone existed that could not become a sign-in number (not
    an Indonesian mobile number, or already another account's), for staff to read; nothing is
    sent to it and nobody signs in with it.
    """

    username = None  # type: ignore[assignment]  # Django's way to drop the field: no usernames
    # NULL, never "", when absent: unique columns accept any number of NULLs (PostgreSQL, SQLite).
    email = models.EmailField(_("email"), unique=True, null=True, blank=True)  # type: ignore[assignment]
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    phone = models.CharField(
        _("mobile number"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Sign-in mobile number in international form, e.g. +6281234567890."),
    )
    phone_verified_at = models.DateTimeField(_("mobile number proven at"), null=True, blank=True)
    legacy_phone = models.CharField(
        _("old contact number"),
        max_length=20,
        blank=True,
        help_text=_(
            "A number recorded before sign-in by mobile number that is not a usable sign-in "
            "number (not an Indonesian mobile, or another account's)."
        ),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    # Our manager creates users by email; the stubs expect Django's username-based one.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="user_email_or_phone",
                violation_error_message=_("Give an email or a mobile number."),
            ),
            models.CheckConstraint(
                condition=models.Q(email__isnull=True) | ~models.Q(email=""),
                name="user_email_null_not_blank",
                violation_error_message=_("An absent email is stored as NULL, not as blank."),
            ),
            models.CheckConstraint(
                condition=models.Q(phone__isnull=True) | models.Q(phone__startswith="+628"),
                name="user_phone_e164_mobile",
                violation_error_message=_("The mobile number must be stored as +628..."),
            ),
        ]

    def __str__(self) -> str:
        return self.email or self.phone or f"#{self.pk}"

    @property
    def is_phone_verified(self) -> bool:
        """Whether her sign-in number is proven (a code sent to it came back)."""
        return bool(self.phone) and self.phone_verified_at is not None

    @property
    def is_seeker(self) -> bool:
        return self.role == Role.SEEKER

    @property
    def is_employer(self) -> bool:
        return self.role == Role.EMPLOYER

    @property
    def is_officer(self) -> bool:
        """Labor-office staff and admins see everything, read-mostly."""
        return self.role in (Role.OFFICER, Role.ADMIN) or self.is_superuser
