"""One-time codes by SMS or WhatsApp: proving a mobile number, resetting a forgotten password.

A code is 6 random digits, valid ``PHONE_CODE_TTL_SECONDS``, spent by its first right guess and
dead after ``PHONE_CODE_MAX_ATTEMPTS`` wrong ones; asking for a new one ends the earlier. Only a
keyed hash (HMAC-SHA256 with the secret key, bound to the account, number and purpose) is
stored, and the code is never logged: it exists in clear only in the message handed to the
gateway. Sending is limited per number (one a minute, a few an hour and a day) and per client;
wrong guesses per client too. The limits count in the cache whether or not the number has an
account, so their answers reveal nothing about who is registered.

Accounts sits below notifications: the gateway is reached through ``register_code_sender``,
which the notifications app calls at start-up with its SMS/WhatsApp adapter.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import CodePurpose, PhoneCode, User
from accounts.phones import normalize_phone
from accounts.services import sign_in_locks_lift, validate_new_password
from sicaker.errors import Conflict, Invalid, RateLimited, Unavailable

logger = logging.getLogger(__name__)

CHANNELS = ("sms", "whatsapp")
MINUTE = 60
HOUR = 3600
DAY = 24 * HOUR


class CodeNotSent(Exception):
    """The gateway did not take the message (down, refused); the code was not delivered."""


# (channel, to, text, idempotency key) -> None, or CodeNotSent.
CodeSender = Callable[[str, str, str, str], None]
_SENDERS: list[CodeSender] = []


def register_code_sender(sender: CodeSender) -> None:
    """Let the notifications app hand codes to its SMS/WhatsApp gateway (``ready()``)."""
    _SENDERS[:] = [sender]


@dataclass(frozen=True)
class CodeSent:
    """What the caller may tell her: where it went (masked by the caller) and when it ends."""

    phone: str
    expires_in: int
    resend_in: int


# -- limits --------------------------------------------------------------------------------------


def _digest(text: str | None) -> str:
    # A client may have no address (a WSGI call without REMOTE_ADDR): counted as one client.
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:32]


def _count(key: str, window: int) -> int:
    """Add one to a counter that lives ``window`` seconds from its first count."""
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def _wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / MINUTE))
    if seconds < MINUTE:
        return ngettext(
            "A code was sent moments ago; wait %(count)d second before asking again.",
            "A code was sent moments ago; wait %(count)d seconds before asking again.",
            seconds,
        ) % {"count": seconds}
    return ngettext(
        "Too many codes were asked for; try again in %(count)d minute.",
        "Too many codes were asked for; try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


def _send_allowed(*, phone: str, client: str) -> None:
    """Count one send for this number and this client, or RateLimited (nothing counted)."""
    number = _digest(phone)
    gap_key = f"phone-code-gap:{number}"
    gap_until = cache.get(gap_key)
    now = timezone.now().timestamp()
    if gap_until is not None and gap_until > now:
        wait = max(1, math.ceil(gap_until - now))
        raise RateLimited(_wait_message(wait), code="code_throttled", wait=wait)
    limits = [
        (f"phone-code-hour:{number}", HOUR, settings.PHONE_CODE_SENDS_PER_NUMBER_HOUR),
        (f"phone-code-day:{number}", DAY, settings.PHONE_CODE_SENDS_PER_NUMBER_DAY),
        (f"phone-code-client:{_digest(client)}", HOUR, settings.PHONE_CODE_SENDS_PER_CLIENT_HOUR),
    ]
    for key, window, limit in limits:
        if (cache.get(key) or 0) >= limit:
            raise RateLimited(_wait_message(window), code="code_throttled", wait=window)
    for key, window, _limit in limits:
        _count(key, window)
    cache.set(gap_key, now + settings.PHONE_CODE_RESEND_SECONDS, settings.PHONE_CODE_RESEND_SECONDS)


def _guesses_key(client: str) -> str:
    return f"phone-code-guesses:{_digest(client)}"


def _guess_allowed(client: str) -> None:
    if (cache.get(_guesses_key(client)) or 0) >= settings.PHONE_CODE_GUESSES_PER_CLIENT_HOUR:
        raise RateLimited(
            _("Too many wrong codes from this address; try again in an hour."),
            code="code_throttled",
            wait=HOUR,
        )


# -- codes ---------------------------------------------------------------------------------------


def _hash(*, user_id: int, purpose: str, phone: str, code: str) -> str:
    return salted_hmac(
        "accounts.PhoneCode", f"{user_id}:{purpose}:{phone}:{code}", algorithm="sha256"
    ).hexdigest()


def _text(purpose: str, code: str, minutes: int) -> str:
    if purpose == CodePurpose.RESET:
        return _(
            "Si-Caker: your code to set a new password is %(code)s. Valid %(minutes)d minutes. "
            "Never give it to anyone, not even staff."
        ) % {"code": code, "minutes": minutes}
    return _(
        "Si-Caker: your code to prove this number is %(code)s. Valid %(minutes)d minutes. "
        "Never give it to anyone, not even staff."
    ) % {"code": code, "minutes": minutes}


def _code_send(*, user: User, purpose: str, phone: str, channel: str) -> CodeSent:
    """Write a new code (ending her earlier ones of this purpose) and hand it to the gateway."""
    if channel not in CHANNELS:
        raise Invalid({"channel": [_("Choose 'sms' or 'whatsapp'.")]})
    code = f"{secrets.randbelow(10**settings.PHONE_CODE_LENGTH):0{settings.PHONE_CODE_LENGTH}d}"
    now = timezone.now()
    with transaction.atomic():
        PhoneCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(
            used_at=now
        )
        row = PhoneCode.objects.create(
            user=user,
            purpose=purpose,
            phone=phone,
            code_hash=_hash(user_id=user.pk, purpose=purpose, phone=phone, code=code),
            expires_at=now + timedelta(seconds=settings.PHONE_CODE_TTL_SECONDS),
        )
    with translation.override(user.preferred_language):
        text = _text(purpose, code, settings.PHONE_CODE_TTL_SECONDS // 60)
    try:
        if not _SENDERS:
            raise CodeNotSent("no code sender is registered")
        _SENDERS[0](channel, phone, text, f"phone-code-{row.pk}")
    except CodeNotSent as error:
        PhoneCode.objects.filter(pk=row.pk).update(used_at=timezone.now())
        logger.warning("phone code %s (%s) was not sent: %s", row.pk, purpose, error)
        raise Unavailable(
            _("The SMS/WhatsApp service did not take the message; try again in a few minutes.")
        ) from error
    logger.info("phone code %s (%s) sent by %s", row.pk, purpose, channel)
    return CodeSent(
        phone=phone,
        expires_in=settings.PHONE_CODE_TTL_SECONDS,
        resend_in=settings.PHONE_CODE_RESEND_SECONDS,
    )


def _wrong_code() -> Invalid:
    return Invalid(
        {"code": [_("This code is not right or no longer valid; check it or ask for a new one.")]}
    )


def _code_spent() -> RateLimited:
    return RateLimited(
        _("Too many wrong codes; this code no longer works. Ask for a new code."),
        code="code_attempts_exceeded",
    )


def _code_use(*, user: User, purpose: str, code: str, client: str) -> PhoneCode:
    """Spend her latest live code of ``purpose`` if ``code`` is it; otherwise count the guess.

    The wrong guess is counted in its own committed transaction, so the error raised after it
    cannot undo the count. A code with no attempts left answers 429 without being compared."""
    _guess_allowed(client)
    code = "".join(code.split())
    with transaction.atomic():
        row = (
            PhoneCode.objects.select_for_update()
            .filter(user=user, purpose=purpose, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if row is None or row.expires_at <= timezone.now():
            outcome = "wrong"
        elif row.attempts >= settings.PHONE_CODE_MAX_ATTEMPTS:
            outcome = "spent"
        elif constant_time_compare(
            row.code_hash, _hash(user_id=user.pk, purpose=purpose, phone=row.phone, code=code)
        ):
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            return row
        else:
            row.attempts += 1
            row.save(update_fields=["attempts"])
            outcome = "wrong" if row.attempts < settings.PHONE_CODE_MAX_ATTEMPTS else "spent now"
    if outcome != "spent":
        _count(_guesses_key(client), HOUR)
    if outcome == "wrong":
        raise _wrong_code()
    raise _code_spent()


# -- proving a number ----------------------------------------------------------------------------


def phone_verification_send(
    *, user: User, client: str, channel: str = "sms", phone: str | None = None
) -> CodeSent:
    """Send her a code proving her sign-in number, or ``phone``, a new number to sign in with.

    Rules: a new number must be an Indonesian mobile (400 on ``phone``) not signed in with by
    another account (409); her own number already proven is 409; the sending limits give 429
    (nothing sent); a gateway that does not take the message gives 503 (the code is dead).
    """
    target = normalize_phone(phone) if phone else user.phone
    if not target:
        raise Invalid({"phone": [_("Enter the mobile number you want to sign in with.")]})
    if target == user.phone and user.phone_verified_at is not None:
        raise Conflict(_("This number is already proven."), code="phone_already_proven")
    if User.objects.filter(phone=target).exclude(pk=user.pk).exists():
        raise Conflict(
            _("Another account signs in with this number; use another number."),
            code="phone_taken",
        )
    _send_allowed(phone=target, client=client)
    return _code_send(user=user, purpose=CodePurpose.VERIFY, phone=target, channel=channel)


def phone_verify(*, user: User, code: str, client: str) -> User:
    """She proves the number her latest code went to: it becomes her proven sign-in number.

    Rules: a wrong or expired code is 400 on ``code``; the ``PHONE_CODE_MAX_ATTEMPTS``-th wrong
    one ends the code (429, ask for a new one); wrong codes per client are limited (429); a number
    another account took meanwhile is 409 (nothing changed). Side effect: SMS and WhatsApp
    messages reach her at this number from now on.
    """
    row = _code_use(user=user, purpose=CodePurpose.VERIFY, code=code, client=client)
    try:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(
                phone=row.phone, phone_verified_at=timezone.now()
            )
    except IntegrityError as error:
        raise Conflict(
            _("Another account signs in with this number; use another number."),
            code="phone_taken",
        ) from error
    user.refresh_from_db()
    return user


# -- a forgotten password ------------------------------------------------------------------------


def _reset_account(phone: str) -> User | None:
    """The active account whose proven sign-in number this is (codes go only to proven ones)."""
    return User.objects.filter(phone=phone, phone_verified_at__isnull=False, is_active=True).first()


def password_reset_code_send(*, phone: str, client: str, channel: str = "sms") -> None:
    """Send a code to set a new password to this number, if an account has it proven.

    The answer is the same whether or not it has (the limits count either way), so nobody learns
    which numbers are registered; a gateway failure is logged, not shown, for the same reason.
    """
    if channel not in CHANNELS:
        raise Invalid({"channel": [_("Choose 'sms' or 'whatsapp'.")]})
    phone = normalize_phone(phone)
    _send_allowed(phone=phone, client=client)
    user = _reset_account(phone)
    if user is None:
        return
    with contextlib.suppress(Unavailable):  # logged by _code_send; the answer stays the same
        _code_send(user=user, purpose=CodePurpose.RESET, phone=phone, channel=channel)


def password_reset_with_code(*, phone: str, code: str, new_password: str, client: str) -> User:
    """Set a new password with the code sent to her proven number.

    Rules: the new password passes the validators (400 on ``new_password``, the code not spent
    or counted); a wrong code, or a number without such an account, is the same 400 on ``code``;
    the code's attempts and the client's wrong guesses are limited (429). Side effects: every
    token issued before stops working, and every sign-in lock on her lifts.
    """
    phone = normalize_phone(phone)
    user = _reset_account(phone)
    validate_new_password(
        password=new_password, user=user or User(phone=phone), field="new_password"
    )
    if user is None:
        _guess_allowed(client)
        _count(_guesses_key(client), HOUR)
        raise _wrong_code()
    _code_use(user=user, purpose=CodePurpose.RESET, code=code, client=client)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    for name in (user.email, user.phone):
        if name:
            sign_in_locks_lift(email=name)
    return user


def phone_codes_flush(*, now: datetime | None = None) -> int:
    """Delete codes a day past their expiry (spent or not): they are no use, and each names a
    number. Run daily by beat with the expired tokens. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    deleted, _ = PhoneCode.objects.filter(expires_at__lte=cutoff).delete()
    return deleted
