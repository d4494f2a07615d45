"""Role checks shared by the accounts, seekers and skills endpoints (rows: see selectors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission


def _is_signed_in(request) -> bool:
    return bool(request.user and request.user.is_authenticated)


class IsStaff(BasePermission):
    """Labor-office officers and administrators."""

    message = _("Only labor-office staff can do this; sign in with a staff account.")

    def has_permission(self, request, view) -> bool:
        return _is_signed_in(request) and request.user.is_officer


class IsStaffOrReadOnly(BasePermission):
    """Anyone may read; only labor-office staff may write."""

    message = IsStaff.message

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return _is_signed_in(request) and request.user.is_officer


class IsSeeker(BasePermission):
    """Job-seeker accounts only."""

    message = _("Only job-seeker accounts have a job-seeker profile; sign in as a job seeker.")

    def has_permission(self, request, view) -> bool:
        return _is_signed_in(request) and request.user.is_seeker
