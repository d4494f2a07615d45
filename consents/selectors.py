"""Reads of the privacy notice and of consents; the conditions other apps filter people by."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consents.models import AccountClaim, Consent, PrivacyNotice, Purpose
from consents.notices import NOTICE_V1
from sicaker.errors import NotFound

# Shown to employers as a candidate only with both: her profile may be matched (a) and shown (b).
SHOWN_TO_EMPLOYERS_PURPOSES = (Purpose.MATCHING, Purpose.SHOWN_TO_EMPLOYERS)


def privacy_notice_current() -> PrivacyNotice:
    """The newest published notice. Version 1 is published by the data migration; should the
    table ever be empty (a database emptied by hand), version 1 is published again."""
    notice = PrivacyNotice.objects.order_by("-version").first()
    if notice is None:
        notice, _created = PrivacyNotice.objects.get_or_create(
            version=NOTICE_V1["version"],
            defaults={**NOTICE_V1, "published_at": timezone.now()},
        )
    return notice


def privacy_notice_by_version(*, version: int) -> PrivacyNotice:
    notice = PrivacyNotice.objects.filter(version=version).first()
    if notice is None:
        raise NotFound(_no_notice())
    return notice


def _no_notice() -> str:
    return _("There is no privacy notice of this version; see /privasi/ for the current one.")


def consents_given(*, user: User) -> dict[str, Consent]:
    """purpose -> her consent in force, for the purposes she has given."""
    return {
        consent.purpose: consent
        for consent in Consent.objects.filter(user=user, withdrawn_at__isnull=True).select_related(
            "notice"
        )
    }


def consent_history(*, user: User) -> list[Consent]:
    """Every period of consent she has had, newest first: what she agreed to and took back."""
    return list(
        Consent.objects.filter(user=user)
        .select_related("notice", "recorded_by", "withdrawn_by")
        .order_by("-granted_at", "-pk")
    )


def consent_is_given(*, user_id: int, purpose: str) -> bool:
    return Consent.objects.filter(
        user_id=user_id, purpose=purpose, withdrawn_at__isnull=True
    ).exists()


def users_with_consent(*, purpose: str, user_ids: list[int]) -> set[int]:
    """Those of ``user_ids`` who have given ``purpose`` (one query)."""
    return set(
        Consent.objects.filter(
            user_id__in=user_ids, purpose=purpose, withdrawn_at__isnull=True
        ).values_list("user_id", flat=True)
    )


def consent_given_condition(purpose: str, user_ref: str = "user") -> Exists:
    """An SQL condition: the row's user (``user_ref``) has given ``purpose``."""
    return Exists(
        Consent.objects.filter(user=OuterRef(user_ref), purpose=purpose, withdrawn_at__isnull=True)
    )


def account_unclaimed_condition(user_ref: str = "user") -> Exists:
    """An SQL condition: the row's user has an account opened for her and not yet claimed."""
    return Exists(AccountClaim.objects.filter(user=OuterRef(user_ref), claimed_at__isnull=True))


def shown_to_employers_condition(user_ref: str = "user") -> Q:
    """An SQL condition on rows with a user: she may appear to employers as a candidate.

    She has given (a) matching and (b) being shown, and her account is hers (not an account an
    officer opened and she has not claimed yet)."""
    return (
        Q(consent_given_condition(Purpose.MATCHING, user_ref))
        & Q(consent_given_condition(Purpose.SHOWN_TO_EMPLOYERS, user_ref))
        & ~Q(account_unclaimed_condition(user_ref))
    )


def account_claim_pending(*, user: User) -> AccountClaim | None:
    return AccountClaim.objects.filter(user=user, claimed_at__isnull=True).first()
