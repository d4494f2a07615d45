"""Who may use which application endpoint (visibility of rows lives in selectors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts import permissions as roles
from accounts.models import User
from seekers.models import SeekerProfile
from sicaker.errors import Forbidden


class IsLaborOfficeStaff(roles.IsStaff):
    """Labor-office officers and administrators."""

    message = _("Only labor-office staff can see reports; sign in with a staff account.")


def require_seeker_profile(*, user: User) -> SeekerProfile:
    """The seeker profile of ``user``, who must be a job seeker with a profile (else Forbidden)."""
    if not roles.is_seeker(user):
        raise Forbidden(
            _("Only job seekers can apply to vacancies; sign in with a job-seeker account.")
        )
    profile = SeekerProfile.objects.filter(user=user).select_related("user").first()
    if profile is None:
        raise Forbidden(_("Create your job-seeker profile first, then apply to the vacancy."))
    return profile
