"""Who looked: an officer sees a NIK masked; the full NIK is an explicit, logged action.

Every look at a NIK in full by staff writes a ``PersonalDataAccess`` row (who, which office,
when, why) in the same transaction as the decryption; she reads them on her data page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from seekers import nik as nik_codec
from seekers.models import AccessPurpose, PersonalDataAccess, SeekerProfile
from sicaker.errors import Forbidden, Invalid

REASON_MIN_LENGTH = 10
REASON_MAX_LENGTH = 500


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN_LENGTH:
        raise Invalid(
            {
                "reason": [
                    _(
                        "Say why you need the full NIK, in at least %(count)d characters (for "
                        "example: checking her identity for the AK/1 card at the counter); she "
                        "will read it."
                    )
                    % {"count": REASON_MIN_LENGTH}
                ]
            }
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise Invalid(
            {"reason": [_("Keep the reason under %(count)d characters.") % {"count": 500}]}
        )
    return reason


def personal_data_access_record(
    *, seeker: SeekerProfile, actor: User, purpose: str, reason: str
) -> PersonalDataAccess:
    """Write one line of her access log. Only labor-office staff look at her data in full
    (Forbidden otherwise); the reason is required (Invalid on ``reason``)."""
    if not actor.is_officer:
        raise Forbidden(_("Only labor-office staff can see a NIK in full."))
    return PersonalDataAccess.objects.create(
        seeker=seeker,
        actor=actor,
        actor_office=settings.OFFICE_NAME,
        purpose=purpose,
        reason=_clean_reason(reason),
    )


def seeker_nik_reveal(*, seeker: SeekerProfile, actor: User, reason: str) -> str:
    """The seeker's full NIK for a staff member who says why; logged before it is returned.

    Rules: staff only (Forbidden); a reason of 10 to 500 characters (Invalid on ``reason``); a
    seeker without a NIK has nothing to show (Invalid on ``nik``). Side effect: one access-log
    row, committed with the answer (a refused request writes nothing)."""
    if not actor.is_officer:
        raise Forbidden(_("Only labor-office staff can see a NIK in full."))
    reason = _clean_reason(reason)
    if not seeker.nik_encrypted:
        raise Invalid(
            {"nik": [_("This job seeker has not given a NIK; there is nothing to show.")]}
        )
    with transaction.atomic():
        nik = nik_codec.decrypt_nik(seeker.nik_encrypted)
        personal_data_access_record(
            seeker=seeker, actor=actor, purpose=AccessPurpose.NIK_REVEALED, reason=reason
        )
    return nik
