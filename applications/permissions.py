"""Who may use which application endpoint (visibility of rows lives in selectors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from accounts.models import User
from seekers.models import SeekerProfile


class IsLaborOfficeStaff(BasePermission):
    """Labor-office officers and administrators."""

    message = _("Only labor-office staff can see reports; sign in with a staff account.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_officer)


def require_seeker_profile(*, user: User) -> SeekerProfile:
    """The seeker profile of ``user``, who must be a job seeker with a profile (else 403)."""
    if not user.is_seeker:
        raise PermissionDenied(
            _("Only job seekers can apply to vacancies; sign in with a job-seeker account.")
        )
    profile = SeekerProfile.objects.filter(user=user).select_related("user").first()
    if profile is None:
        raise PermissionDenied(
            _("Create your job-seeker profile first, then apply to the vacancy.")
        )
    return profile
