"""Role checks, written once: "is staff", "is seeker", "is employer", for any app and layer.

The functions answer for any user, anonymous included; the DRF permission classes use them, and
an endpoint that needs its own refusal message subclasses a class and sets ``message``. Which
rows someone may see is decided in each app's selectors, not here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.models import Role, User

STAFF_ROLES = (Role.OFFICER, Role.ADMIN)


def is_signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def is_staff(user: Any) -> bool:
    """Labor-office officers and administrators (and superusers)."""
    return is_signed_in(user) and user.is_officer


def is_seeker(user: Any) -> bool:
    """Job-seeker accounts."""
    return is_signed_in(user) and user.is_seeker


def is_employer(user: Any) -> bool:
    """Employer accounts."""
    return is_signed_in(user) and user.is_employer


def signed_in_user(request: HttpRequest | Request) -> User:
    """The account behind a request on an endpoint that only signed-in users reach.

    The endpoint's permissions have already refused anonymous requests; this says so to the
    type checker (and answers 401, as the permission would, should one ever slip through)."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated()
    return user


def staff_users() -> QuerySet[User]:
    """The accounts of labor-office officers and administrators."""
    return User.objects.filter(role__in=STAFF_ROLES)


class IsStaff(BasePermission):
    """Labor-office officers and administrators."""

    message = _("Only labor-office staff can do this; sign in with a staff account.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_staff(request.user)


class IsStaffOrReadOnly(BasePermission):
    """Anyone may read; only labor-office staff may write."""

    message = IsStaff.message

    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.method in SAFE_METHODS or is_staff(request.user)


class IsSeeker(BasePermission):
    """Job-seeker accounts only."""

    message = _("Only job-seeker accounts have a job-seeker profile; sign in as a job seeker.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_seeker(request.user)


class IsEmployer(BasePermission):
    """Employer accounts only."""

    message = _("Only employer accounts can do this; sign in with your employer account.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_employer(request.user)
