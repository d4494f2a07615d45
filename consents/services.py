"""Writes of consents and of account claims (UU PDP 27/2022: consent per purpose).

Every change that can change whether she appears to employers (consent (a) or (b), claiming an
account an officer opened) calls the visibility listeners inside its transaction: the seekers
app registers one that marks her profile dirty for the search index, so a withdrawal reaches
the index through the usual dirty/sweep machinery and the candidate lists at once (they filter
by consent in SQL). Consents know no domain model, hence the registry, as for
``accounts.services.register_account_setup``.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable, Mapping

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.services import user_register
from consents.models import AccountClaim, Consent, PrivacyNotice, Purpose, RecordedVia
from consents.selectors import SHOWN_TO_EMPLOYERS_PURPOSES, privacy_notice_current
from sicaker.errors import Conflict, Invalid, NotFound

CLAIM_VALID_DAYS = 30  # the link in her SMS works this long; an officer can send a new one
MAX_CLAIM_SENDS = 5

# user pk -> (called in the writing transaction) whatever must follow a change of her visibility.
_VISIBILITY_LISTENERS: list[Callable[[int], None]] = []


def register_visibility_listener(listener: Callable[[int], None]) -> None:
    """Called with a user's pk, inside the transaction, whenever whether she may appear to
    employers can have changed (the seekers app marks her profile dirty for search)."""
    if listener not in _VISIBILITY_LISTENERS:
        _VISIBILITY_LISTENERS.append(listener)


def _visibility_changed(user_id: int) -> None:
    for listener in _VISIBILITY_LISTENERS:
        listener(user_id)


def consent_grant(
    *,
    user: User,
    purpose: str,
    actor: User | None,
    via: str = RecordedVia.SELF,
    paper_form_number: str = "",
    notice: PrivacyNotice | None = None,
    now: datetime.datetime | None = None,
) -> Consent:
    """Record that she gives ``purpose`` under ``notice`` (default: the current one).

    A purpose already given is left as it is (the consent in force is returned): giving twice
    is a no-op, and the database allows one consent in force per purpose. An officer's record
    (``via=officer``) needs the number of the paper form she signed."""
    if purpose not in Purpose.values:
        raise Invalid(
            {"purpose": [_("Unknown purpose; use one of: %s.") % ", ".join(Purpose.values)]}
        )
    paper_form_number = paper_form_number.strip()
    if via == RecordedVia.OFFICER and not paper_form_number:
        raise Invalid(
            {"paper_form_number": [_("Enter the number of the consent form she signed.")]}
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # orders concurrent changes
        given = Consent.objects.filter(
            user=user, purpose=purpose, withdrawn_at__isnull=True
        ).first()
        if given is not None:
            return given
        consent = Consent.objects.create(
            user=user,
            purpose=purpose,
            notice=notice or privacy_notice_current(),
            granted_at=now or timezone.now(),
            recorded_via=via,
            recorded_by=actor,
            paper_form_number=paper_form_number,
        )
        if purpose in SHOWN_TO_EMPLOYERS_PURPOSES:
            _visibility_changed(user.pk)
    return consent


def consent_withdraw(
    *, user: User, purpose: str, actor: User | None, now: datetime.datetime | None = None
) -> Consent | None:
    """She takes back ``purpose``; None when it was not given (a no-op).

    Effects: withdrawing (a) or (b) takes her off every candidate list at once and out of the
    search index (through the visibility listeners); withdrawing (c) stops SMS and WhatsApp
    (the outbox reads consent before writing and before sending each message; email and the
    inbox stay)."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        given = (
            Consent.objects.select_for_update()
            .filter(user=user, purpose=purpose, withdrawn_at__isnull=True)
            .first()
        )
        if given is None:
            return None
        given.withdrawn_at = max(now or timezone.now(), given.granted_at)
        given.withdrawn_by = actor
        given.save(update_fields=["withdrawn_at", "withdrawn_by"])
        if purpose in SHOWN_TO_EMPLOYERS_PURPOSES:
            _visibility_changed(user.pk)
    return given


def consents_set(
    *,
    user: User,
    wanted: Mapping[str, bool],
    actor: User | None,
    via: str = RecordedVia.SELF,
    paper_form_number: str = "",
) -> dict[str, bool]:
    """Give or withdraw several purposes in one transaction; returns what changed
    (purpose -> now given). Purposes not in ``wanted`` are left as they are."""
    unknown = sorted(set(wanted) - set(Purpose.values))
    if unknown:
        raise Invalid(
            {
                purpose: [_("Unknown purpose; use one of: %s.") % ", ".join(Purpose.values)]
                for purpose in unknown
            }
        )
    changed: dict[str, bool] = {}
    with transaction.atomic():
        for purpose, is_given in wanted.items():
            if is_given:
                before = Consent.objects.filter(
                    user=user, purpose=purpose, withdrawn_at__isnull=True
                ).exists()
                consent_grant(
                    user=user,
                    purpose=purpose,
                    actor=actor,
                    via=via,
                    paper_form_number=paper_form_number,
                )
                if not before:
                    changed[purpose] = True
            elif consent_withdraw(user=user, purpose=purpose, actor=actor) is not None:
                changed[purpose] = False
    return changed


def user_register_with_consents(
    *,
    consent_matching: bool,
    consent_shown_to_employers: bool = False,
    consent_contact_by_phone: bool = False,
    **registration: object,
) -> User | None:
    """Self-registration (``accounts.services.user_register``) with her consents, in one
    transaction.

    Rule: a job seeker must agree to (a), processing her profile for job matching: that is what
    the service is (400 on ``consent_matching``, nothing created). (b) and (c) are her choice.
    An employer's registration records no consent. None, as ``user_register``, when the account
    already exists: nothing is changed then."""
    is_seeker = registration.get("role") == Role.SEEKER
    if is_seeker and not consent_matching:
        raise Invalid(
            {
                "consent_matching": [
                    _(
                        "Tick the box to agree that Si-Caker processes your profile to match you "
                        "with jobs; without it we cannot find work for you. Read the privacy "
                        "notice at /privasi/."
                    )
                ]
            }
        )
    with transaction.atomic():
        user = user_register(**registration)  # type: ignore[arg-type]
        if user is not None and is_seeker:
            wanted = {
                Purpose.MATCHING: True,
                Purpose.SHOWN_TO_EMPLOYERS: consent_shown_to_employers,
                Purpose.CONTACT_BY_PHONE: consent_contact_by_phone,
            }
            consents_set(user=user, wanted={k: v for k, v in wanted.items() if v}, actor=user)
    return user


# -- accounts opened by an officer, claimed by her ------------------------------------------------


def _secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def account_claim_issue(
    *, user: User, actor: User | None, now: datetime.datetime | None = None
) -> str:
    """A new one-time secret for her claim link (the old one stops working); returns the secret,
    which is stored only as a digest. Conflict once the account is claimed, or after
    ``MAX_CLAIM_SENDS`` links (ask her to come to the office)."""
    now = now or timezone.now()
    secret = secrets.token_urlsafe(24)
    with transaction.atomic():
        claim = AccountClaim.objects.select_for_update().filter(user=user).first()
        expires = now + datetime.timedelta(days=CLAIM_VALID_DAYS)
        if claim is None:
            AccountClaim.objects.create(
                user=user,
                registered_by=actor,
                secret_digest=_secret_digest(secret),
                expires_at=expires,
            )
            _visibility_changed(user.pk)
            return secret
        if claim.claimed_at is not None:
            raise Conflict(
                _("She has already claimed this account; she signs in with her password.")
            )
        if claim.sent_count >= MAX_CLAIM_SENDS:
            raise Conflict(
                _("Five links were already sent; check her number with her at the office.")
            )
        claim.secret_digest = _secret_digest(secret)
        claim.expires_at = expires
        claim.sent_count += 1
        claim.save(update_fields=["secret_digest", "expires_at", "sent_count"])
    return secret


def _claim_not_found() -> NotFound:
    return NotFound(
        _(
            "This link is not valid: it was used already, it expired, or a newer one was sent. "
            "Ask the labor office for a new link."
        )
    )


def account_claim_for_secret(*, secret: str, now: datetime.datetime | None = None) -> AccountClaim:
    """The waiting claim of this secret, or NotFound (unknown, used, or expired)."""
    now = now or timezone.now()
    claim = (
        AccountClaim.objects.select_related("user")
        .filter(
            secret_digest=_secret_digest(secret or ""), claimed_at__isnull=True, expires_at__gt=now
        )
        .first()
    )
    if claim is None:
        raise _claim_not_found()
    return claim


def account_claim_complete(
    *, secret: str, password: str, now: datetime.datetime | None = None
) -> User:
    """She claims the account an officer opened: sets her password; the link is used up.

    Rules: the secret must be current (NotFound otherwise, nothing changed); the password passes
    Django's validators (400 on ``password``). Effects: she can sign in with her phone number (or
    email) and password; from now on she may appear to employers, if she gave (a) and (b)."""
    now = now or timezone.now()
    with transaction.atomic():
        claim = account_claim_for_secret(secret=secret, now=now)
        claim = AccountClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.claimed_at is not None:
            raise _claim_not_found()
        user = claim.user
        try:
            validate_password(password, user=user)
        except DjangoValidationError as error:
            raise Invalid({"password": list(error.messages)}) from error
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        claim.claimed_at = now
        claim.save(update_fields=["claimed_at"])
        _visibility_changed(user.pk)
    return user
