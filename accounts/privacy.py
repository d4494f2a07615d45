"""Her rights over her data (UU PDP): download everything held about her, delete her account.

Accounts knows no app above it: each app registers its sections with ``sicaker.personal_data``
(what it holds about a user, how it is exported and erased); this module runs them all, plus
the account's own row. See the README's "Her rights over her data".
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.models import PhoneCode, User
from accounts.services import password_confirm
from sicaker import personal_data
from sicaker.errors import Forbidden

EXPORT_FORMAT_VERSION = 1
ERASED_EMAIL_DOMAIN = "erased.invalid"  # RFC 2606: a domain that never receives mail


def export_account(user: User) -> dict[str, Any]:
    return {
        "email": "" if is_erased(user) else (user.email or ""),
        "full_name": user.full_name,
        "phone": user.phone or "",
        "phone_verified_at": user.phone_verified_at.isoformat() if user.phone_verified_at else None,
        "legacy_phone": user.legacy_phone,
        "role": user.role,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def is_erased(user: User) -> bool:
    return (user.email or "").endswith(f"@{ERASED_EMAIL_DOMAIN}")


def erase_account(user: User) -> None:
    """The account row stays (others' rows point at it), without anything that names her; it
    can no longer sign in and every refresh token it holds is blacklisted."""
    # An account has an email or a phone (a constraint): a placeholder that names nobody.
    user.email = f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"
    user.phone = None
    user.phone_verified_at = None
    user.legacy_phone = ""
    user.full_name = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    # A new password hash: sessions (their auth hash) and access tokens (their password digest,
    # CHECK_REVOKE_TOKEN) issued before stop working at once.
    user.set_unusable_password()
    user.save()
    tokens = OutstandingToken.objects.filter(user=user)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in tokens], ignore_conflicts=True
    )


def export_phone_codes(user: User) -> list[dict[str, Any]]:
    """The one-time codes sent to her number: when, for what, to which number (never the code:
    only its keyed hash is kept, and that proves nothing to her)."""
    return [
        {
            "purpose": code.purpose,
            "phone": code.phone,
            "sent_at": code.created_at.isoformat(),
            "expires_at": code.expires_at.isoformat(),
            "used_at": code.used_at.isoformat() if code.used_at else None,
            "wrong_guesses": code.attempts,
        }
        for code in PhoneCode.objects.filter(user=user).order_by("created_at", "pk")
    ]


def erase_phone_codes(user: User) -> None:
    PhoneCode.objects.filter(user=user).delete()


def register_sections() -> None:
    personal_data.register(
        personal_data.Section(
            name="phone_codes",
            models=("accounts.PhoneCode",),
            export=export_phone_codes,
            erase=erase_phone_codes,
        )
    )
    personal_data.register(
        personal_data.Section(
            name="account",
            models=("accounts.User",),
            export=export_account,
            erase=erase_account,
            order=1000,  # last: the other erasers still find her by her account
        )
    )
    personal_data.exclude(
        "token_blacklist.OutstandingToken",
        "sign-in token records (an id and expiry, no personal content); blacklisted at erasure",
    )
    personal_data.exclude("admin.LogEntry", "what staff did in the admin site, about records")
    personal_data.exclude("accounts.User_groups", "the permission groups of staff accounts")
    personal_data.exclude("accounts.User_user_permissions", "the permissions of staff accounts")


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything Si-Caker holds about her, as JSON-able values: one key per registered section
    (her account, profile and skills, trainings, applications with their events, invitations,
    notifications, notification settings, job alerts, the log of who looked at her data...)."""
    exported: dict[str, Any] = {
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
    }
    for section in personal_data.sections():
        exported[section.name] = section.export(user)
    return exported


def account_erase_now(*, user: User) -> None:
    """Run every section's eraser and anonymise the account, in one transaction (no password
    check: retention and the office's own processes call this; she goes through
    ``account_erase``). Idempotent."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        for section in personal_data.erasure_order():
            assert section.erase is not None
            section.erase(locked)


def account_erase(*, user: User, password: str, client: str) -> None:
    """She deletes her account, confirming with her password.

    Rules: only a job seeker deletes her own account this way (Forbidden for employers and
    staff: their accounts hold others' business and are closed through the labor office); a
    wrong password is refused (Invalid on ``password``) and counts towards the sign-in lock of
    her email from this client (429 while locked), so a stolen session cannot guess it.
    Side effects: her name, NIK, contact and precise location are erased everywhere and her
    rows anonymised (the office's counts stay right); she leaves the search index (marked dirty,
    indexed after commit or by the next sweep); she cannot sign in any more and her sessions and
    tokens stop working at once."""
    if not user.is_seeker:
        raise Forbidden(
            _(
                "Employer and labor-office accounts are closed by the labor office; ask them. "
                "Only a job seeker can delete her own account here."
            )
        )
    password_confirm(
        user=user,
        password=password,
        client=client,
        field="password",
        wrong=_("This is not your password; check it and try again."),
    )
    account_erase_now(user=user)
    user.refresh_from_db()
