"""Registering users, signing in with lockout, and creating labor-office officers."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.exceptions import ValidationError

from accounts.exceptions import AccountLocked, InvalidCredentials
from accounts.models import Role, User
from sicaker.api.errors import ConflictError

SELF_REGISTER_ROLES = (Role.SEEKER, Role.EMPLOYER)


def normalize_email(email: str) -> str:
    """Emails are stored and looked up lower-cased, so 'Siti@Mail.id' and 'siti@mail.id' are one."""
    return (email or "").strip().lower()


def _validate_new_password(*, password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as error:
        raise ValidationError({"password": list(error.messages)}) from error


def user_register(
    *,
    email: str,
    password: str,
    full_name: str,
    role: str,
    phone: str = "",
    preferred_language: str = "id",
) -> User:
    """Create a job-seeker or employer account.

    Rules: only seekers and employers register themselves (officers are created by an
    administrator with ``create_officer``); the password passes Django's validators; one account
    per email (409). Side effect: a seeker also gets her (nearly empty) SeekerProfile; an
    employer's organisation is created later through ``employers/me/``.
    """
    from seekers.services import seeker_profile_create  # seekers depends on accounts, not back

    if role not in SELF_REGISTER_ROLES:
        raise ValidationError(
            {
                "role": [
                    _(
                        "Labor-office accounts cannot be registered here; an administrator creates "
                        "them. Register as 'seeker' or 'employer'."
                    )
                ]
            }
        )
    user = User(
        email=normalize_email(email),
        full_name=full_name.strip(),
        role=role,
        phone=phone.strip(),
        preferred_language=preferred_language,
    )
    _validate_new_password(password=password, user=user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            if role == Role.SEEKER:
                seeker_profile_create(user=user)
    except IntegrityError as error:
        raise ConflictError(
            _("An account with this email already exists; sign in instead or use another email.")
        ) from error
    return user


def _lock_message(locked_until) -> str:
    minutes = max(1, math.ceil((locked_until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "This account is locked after too many failed sign-in attempts; try again in %(minutes)d "
        "minute.",
        "This account is locked after too many failed sign-in attempts; try again in %(minutes)d "
        "minutes.",
        minutes,
    ) % {"minutes": minutes}


def user_login_failed(*, user: User) -> User:
    """Count one failed sign-in; the LOGIN_MAX_FAILED_ATTEMPTS-th locks the account.

    One UPDATE with F() expressions, so concurrent failures are all counted. Locking sets
    ``locked_until`` to now + LOGIN_LOCKOUT_MINUTES and restarts the count, so after the lock
    expires the user has the full number of attempts again. Returns the refreshed user.
    """
    threshold = settings.LOGIN_MAX_FAILED_ATTEMPTS
    # Both SET expressions see the row as it was, so they agree on whether this attempt locks.
    reaches_limit = Q(failed_login_count__gte=threshold - 1)
    lock_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    User.objects.filter(pk=user.pk).update(
        failed_login_count=Case(
            When(reaches_limit, then=Value(0)), default=F("failed_login_count") + 1
        ),
        locked_until=Case(
            When(reaches_limit, then=Value(lock_until)),
            default=F("locked_until"),
            output_field=DateTimeField(),
        ),
    )
    user.refresh_from_db(fields=["failed_login_count", "locked_until"])
    return user


def user_login_succeeded(*, user: User) -> None:
    """A successful sign-in clears the failure count and any expired lock; records last_login."""
    User.objects.filter(pk=user.pk).update(
        failed_login_count=0, locked_until=None, last_login=timezone.now()
    )


def user_authenticate(*, email: str, password: str, request: HttpRequest | None = None) -> User:
    """The active user with these credentials, or an error.

    Rules: a locked account is refused (403 ``account_locked``) without checking the password,
    so the right password does not help until the lock expires; a wrong password counts towards
    the lock (``user_login_failed``) and the attempt that reaches the limit already answers
    "locked"; success resets the count. Unknown emails get the same answer as wrong passwords.
    """
    email = normalize_email(email)
    user = User.objects.filter(email=email).first()
    if user is not None and user.locked_until and user.locked_until > timezone.now():
        raise AccountLocked(_lock_message(user.locked_until))
    authenticated = authenticate(request, username=email, password=password)
    if authenticated is None:
        if user is not None:
            user = user_login_failed(user=user)
            if user.locked_until and user.locked_until > timezone.now():
                raise AccountLocked(_lock_message(user.locked_until))
        raise InvalidCredentials()
    user_login_succeeded(user=authenticated)
    return authenticated


def officer_create_or_update(
    *, email: str, password: str, full_name: str | None = None
) -> tuple[User, bool]:
    """Create a labor-office officer, or set the password of the officer with this email.

    Idempotent: running it again updates the password (and the name when given) and lifts any
    sign-in lock. Refuses (ValidationError on ``email``) when the email belongs to an account
    that is not an officer. Returns (user, created).
    """
    email = normalize_email(email)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        created = user is None
        if user is None:
            user = User(email=email, role=Role.OFFICER, full_name=full_name or email.split("@")[0])
        elif user.role != Role.OFFICER:
            raise ValidationError(
                {
                    "email": [
                        _(
                            "%(email)s belongs to a %(role)s account, not an officer; use another "
                            "email for the officer."
                        )
                        % {"email": email, "role": user.get_role_display()}
                    ]
                }
            )
        elif full_name:
            user.full_name = full_name
        _validate_new_password(password=password, user=user)
        user.set_password(password)
        user.failed_login_count = 0
        user.locked_until = None
        user.save()
    return user, created
