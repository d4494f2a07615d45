"""What the consents app holds about a person, for her export and erasure (UU PDP): what she
agreed to (each purpose, the notice's version, when, recorded by whom, the paper form) and the
claim of an account an officer opened for her.

At erasure the consent records stay as proof of what she had agreed to while her data was
processed, every one still given is withdrawn, and the paper form's number (which leads to a
sheet with her name) is erased; a pending claim goes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from consents.models import AccountClaim, Consent
from sicaker.personal_data import Section, register


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_consents(user: Any) -> list[dict[str, Any]]:
    consents = Consent.objects.filter(user=user).select_related("notice")
    return [
        {
            "purpose": consent.purpose,
            "notice_version": consent.notice.version,
            "granted_at": _date(consent.granted_at),
            "recorded_via": consent.recorded_via,
            "recorded_by_staff": consent.recorded_by_id not in (None, user.pk),
            "paper_form_number": consent.paper_form_number,
            "withdrawn_at": _date(consent.withdrawn_at),
        }
        for consent in consents.order_by("granted_at", "pk")
    ]


def export_claim(user: Any) -> dict[str, Any] | None:
    claim = AccountClaim.objects.filter(user=user).first()
    if claim is None:
        return None
    return {
        "opened_by_staff_at": _date(claim.created_at),
        "claimed_at": _date(claim.claimed_at),
        "expires_at": _date(claim.expires_at),
    }


def erase_consents(user: Any) -> None:
    now = timezone.now()
    Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(
        withdrawn_at=Greatest(F("granted_at"), now), withdrawn_by=user
    )
    Consent.objects.filter(user=user).exclude(paper_form_number="").update(paper_form_number="")
    AccountClaim.objects.filter(user=user).delete()


def register_sections() -> None:
    register(
        Section(
            name="consents",
            models=("consents.Consent",),
            export=export_consents,
            erase=erase_consents,
            order=20,
        )
    )
    register(Section(name="account_claim", models=("consents.AccountClaim",), export=export_claim))
