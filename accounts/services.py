"""Registering users, signing in with a lock per email and client, and creating officers."""

from __future__ import annotations

import hashlib
import logging
import math
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.exceptions import InvalidCredentials, SignInLocked
from accounts.models import Role, User
from accounts.phones import normalize_phone
from sicaker.errors import Invalid

logger = logging.getLogger(__name__)

SELF_REGISTER_ROLES = (Role.SEEKER, Role.EMPLOYER)

# role -> what a new account of that role gets besides its user row, in the same transaction.
_ACCOUNT_SETUP: dict[str, Callable[[User], object]] = {}


def register_account_setup(role: str, setup: Callable[[User], object]) -> None:
    """Let the app above accounts that owns a role's data create it for a new account.

    Accounts knows no domain model: the seekers app registers, for job seekers, "create her
    (nearly empty) profile", run by ``user_register`` inside its transaction."""
    _ACCOUNT_SETUP[role] = setup


def normalize_email(email: str) -> str:
    """Emails are stored and looked up lower-cased, so 'Siti@Mail.id' and 'siti@mail.id' are one."""
    return (email or "").strip().lower()


def validate_new_password(*, password: str, user: User, field: str = "password") -> None:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as error:
        raise Invalid({field: list(error.messages)}) from error


def _send_account_mail(*, to: str, subject: str, body: str) -> None:
    """Send one account mail after commit; a mail server failure never fails the request."""

    def send() -> None:
        try:
            send_mail(subject, body, None, [to])
        except Exception:  # SMTP refusals, timeouts, DNS: the account exists either way
            logger.exception("could not send an account mail (%s)", subject)

    transaction.on_commit(send)


def _welcome_mail(user: User) -> None:
    if not user.email:  # a phone-only account: no mail to send
        return
    with translation.override(user.preferred_language):
        _send_account_mail(
            to=user.email,
            subject=_("Your Si-Caker account"),
            body=_(
                "Hello %(name)s,\n\nyour Si-Caker account for %(email)s is ready. Sign in at "
                "%(site)s with this email and the password you chose.\n\nIf you did not register, "
                "tell the labor office.\n"
            )
            % {"name": user.full_name, "email": user.email, "site": settings.SITE_URL},
        )


def _already_registered_mail(user: User) -> None:
    """Tell the owner of an email that someone tried to register it again (once an hour)."""
    if not user.email:
        return
    if not cache.add(f"register-again-mail:{_digest(user.email)}", 1, timeout=3600):
        return
    with translation.override(user.preferred_language):
        _send_account_mail(
            to=user.email,
            subject=_("You already have a Si-Caker account"),
            body=_(
                "Hello %(name)s,\n\nsomeone tried to register a new Si-Caker account with "
                "%(email)s, but this email already has one, so nothing was changed. Sign in at "
                "%(site)s with your password; if you have forgotten it, the labor office can set "
                "a new one.\n\nIf it was not you, you need not do anything.\n"
            )
            % {"name": user.full_name, "email": user.email, "site": settings.SITE_URL},
        )


def user_register(
    *,
    password: str,
    full_name: str,
    role: str,
    email: str | None = None,
    phone: str | None = None,
    preferred_language: str = "id",
    send_welcome: bool = True,
) -> User | None:
    """Create a job-seeker or employer account; None when its email or number already has one.

    Rules: an email, an Indonesian mobile number (any spelling; stored as E.164) or both
    (Invalid otherwise); only seekers and employers register themselves (officers are created
    by an administrator with ``create_officer``); the password passes Django's validators. An
    email or number that already has an account is not revealed to the caller: the caller
    answers as for a new account, nothing is created or changed, and the owner of an email gets
    a mail saying an account exists (at most one an hour). Side effects: a seeker also gets her
    (nearly empty) SeekerProfile; an employer's organisation is created later through
    ``employers/me/``; a new account with an email gets a welcome mail (``send_welcome``), so both
    answers cost one mail. The number is not proven yet (``phone_verified_at`` stays empty).
    """
    if role not in SELF_REGISTER_ROLES:
        raise Invalid(
            {
                "role": [
                    _(
                        "Labor-office accounts cannot be registered here; an administrator creates "
                        "them. Register as 'seeker' or 'employer'."
                    )
                ]
            }
        )
    email = normalize_email(email or "") or None
    phone = normalize_phone(phone or "") if (phone or "").strip() else None
    if email is None and phone is None:
        raise Invalid({"non_field_errors": [_("Give your mobile number or your email (or both).")]})
    user = User(
        email=email,
        phone=phone,
        full_name=full_name.strip(),
        role=role,
        preferred_language=preferred_language,
    )
    validate_new_password(password=password, user=user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            setup = _ACCOUNT_SETUP.get(role)
            if setup is not None:
                setup(user)
    except IntegrityError:
        taken = Q(email=email) if email else Q()
        if phone:
            taken |= Q(phone=phone)
        existing = User.objects.filter(taken).order_by("pk")
        if not existing:  # not a unique constraint of the email or number: let it surface
            raise
        for owner in existing:
            if owner.email:
                _already_registered_mail(owner)
        return None
    if send_welcome and user.email:
        _welcome_mail(user)
    return user


# -- signing in ---------------------------------------------------------------------------------
#
# Failed sign-ins are counted per (email, client) in the cache, whether or not the email has an
# account: the answers depend only on what the client sent, so they reveal nothing about which
# emails exist, and an attacker's failures lock only the attacker's own client out of that
# email, never the owner elsewhere. The per-client rate limit ("auth") bounds guessing across
# many emails. The cache must be shared by every web process in production (CACHE_URL=redis).


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _email_epoch(email: str) -> str:
    """Changes when an administrator lifts every lock on an email (``sign_in_locks_lift``)."""
    return str(cache.get(f"signin-epoch:{_digest(email)}", 0))


def _pair_keys(*, email: str, client: str) -> tuple[str, str]:
    pair = _digest(f"{email}\n{_email_epoch(email)}\n{client}")
    return f"signin-failures:{pair}", f"signin-lock:{pair}"


def sign_in_locked_until(*, email: str, client: str) -> datetime | None:
    """When the lock of this email for this client ends, or None when it is not locked."""
    _, lock_key = _pair_keys(email=sign_in_name(email), client=client)
    until = cache.get(lock_key)
    if until is None:
        return None
    locked_until = datetime.fromtimestamp(until, tz=UTC)
    return locked_until if locked_until > timezone.now() else None


def sign_in_failed(*, email: str, client: str) -> datetime | None:
    """Count one failed sign-in; the LOGIN_MAX_FAILED_ATTEMPTS-th within the lockout window locks
    the pair for LOGIN_LOCKOUT_MINUTES and restarts the count. Returns the lock's end, if locked.
    """
    failures_key, lock_key = _pair_keys(email=sign_in_name(email), client=client)
    window = settings.LOGIN_LOCKOUT_MINUTES * 60
    cache.add(failures_key, 0, timeout=window)
    try:
        count = cache.incr(failures_key)
    except ValueError:  # expired between add() and incr()
        cache.set(failures_key, 1, timeout=window)
        count = 1
    if count < settings.LOGIN_MAX_FAILED_ATTEMPTS:
        return None
    locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    cache.set(lock_key, locked_until.timestamp(), timeout=window)
    cache.delete(failures_key)
    return locked_until


def sign_in_succeeded(*, user: User, client: str) -> None:
    """A successful sign-in clears this client's failures for the email; records last_login."""
    for name in _sign_in_names(user):
        cache.delete_many(list(_pair_keys(email=name, client=client)))
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())


def _sign_in_names(user: User) -> list[str]:
    """What she may sign in with: her email and her number, those she has."""
    return [name for name in (user.email, user.phone) if name]


def sign_in_locks_lift(*, email: str) -> None:
    """Lift every client's lock and count on this email (an administrator set a new password)."""
    cache.set(f"signin-epoch:{_digest(sign_in_name(email))}", uuid.uuid4().hex, timeout=None)


def _locked(locked_until: datetime) -> SignInLocked:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    minutes = max(1, math.ceil(seconds / 60))
    message = ngettext(
        "Too many failed sign-in attempts with this number or email; try again in %(minutes)d "
        "minute.",
        "Too many failed sign-in attempts with this number or email; try again in %(minutes)d "
        "minutes.",
        minutes,
    ) % {"minutes": minutes}
    return SignInLocked(message, wait=seconds)


def sign_in_name(identifier: str) -> str:
    """What she typed to sign in, as stored: an email lower-cased, a mobile number as E.164;
    anything else stripped and lower-cased (it matches no account, and still counts)."""
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return normalize_email(identifier)
    try:
        return normalize_phone(identifier)
    except Invalid:
        return identifier.lower()


def user_authenticate(
    *,
    password: str,
    client: str,
    identifier: str | None = None,
    email: str | None = None,
    request: HttpRequest | None = None,
) -> User:
    """The active user with these credentials, or an error.

    ``identifier`` is her email or her mobile number in any spelling (``email`` is its older
    name). Rules: while this name is locked for this client (429 ``sign_in_locked``) the password
    is not checked, so the right one does not help there until the lock expires (another client
    is not affected); a wrong password or an unknown name counts towards the lock, and the
    attempt that reaches the limit already answers "locked"; success clears the count. Unknown
    names, wrong passwords and inactive accounts get one answer (401 ``invalid_credentials``).
    A number not proven yet signs in too (SMS and codes go only to proven numbers).
    """
    name = sign_in_name(identifier if identifier is not None else email or "")
    locked_until = sign_in_locked_until(email=name, client=client)
    if locked_until is not None:
        raise _locked(locked_until)
    user = authenticate(request, username=name, password=password)
    if user is None:
        locked_until = sign_in_failed(email=name, client=client)
        if locked_until is not None:
            raise _locked(locked_until)
        raise InvalidCredentials()
    sign_in_succeeded(user=user, client=client)
    return user


def password_confirm(*, user: User, password: str, client: str, field: str, wrong: str) -> None:
    """A signed-in user re-types her password before a grave act (a new password, deleting her
    account).

    Rules: a wrong password is refused (400 on ``field``, saying ``wrong``) and counts towards
    the sign-in lock of her sign-in name from this client, like a failed sign-in, so a stolen
    session or access token cannot guess it without limit; while that lock holds, 429."""
    name = _sign_in_names(user)[0]  # her email, or her number when she has no email
    locked_until = sign_in_locked_until(email=name, client=client)
    if locked_until is not None:
        raise _locked(locked_until)
    if not user.check_password(password):
        locked_until = sign_in_failed(email=name, client=client)
        if locked_until is not None:
            raise _locked(locked_until)
        raise Invalid({field: [wrong]})


def user_change_password(
    *, user: User, current_password: str, new_password: str, client: str
) -> User:
    """The signed-in user sets a new password, proving she knows the current one.

    Rules: a wrong current password is refused (400 on ``current_password``) and counts towards
    the sign-in lock of her email from this client, like a failed sign-in (so a stolen access
    token cannot be used to guess the password without limit); while that lock holds, 429; the
    new password passes the validators. Side effect: every token issued before stops working
    (they carry a digest of the password hash); the caller hands out a new pair.
    """
    password_confirm(
        user=user,
        password=current_password,
        client=client,
        field="current_password",
        wrong=_("This is not your current password; check it and try again."),
    )
    validate_new_password(password=new_password, user=user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    sign_in_succeeded(user=user, client=client)
    return user


def tokens_flush_expired(*, now: datetime | None = None) -> int:
    """Delete the records of refresh tokens past their expiry (outstanding and blacklisted).

    An expired token is refused for its date alone, so its record is no longer needed; without
    this the tables grow by a row per sign-in and refresh. Returns how many were deleted.
    """
    deleted, _ = OutstandingToken.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def officer_create_or_update(
    *, email: str, password: str, full_name: str | None = None
) -> tuple[User, bool]:
    """Create a labor-office officer, or set the password of the officer with this email.

    Idempotent: running it again updates the password (and the name when given), lifts every
    sign-in lock on the email, and (the password having changed) ends every token issued
    before. Refuses (Invalid on ``email``) when the email belongs to an account that is
    not an officer. Returns (user, created).
    """
    email = normalize_email(email)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        created = user is None
        if user is None:
            user = User(email=email, role=Role.OFFICER, full_name=full_name or email.split("@")[0])
        elif user.role != Role.OFFICER:
            raise Invalid(
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
        validate_new_password(password=password, user=user)
        user.set_password(password)
        user.save()
    sign_in_locks_lift(email=email)
    return user, created
