"""Errors of signing in and registering, rendered by the API's one error envelope."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status

from sicaker.api.errors import DomainError


class InvalidCredentials(exceptions.AuthenticationFailed):
    default_detail = _("The email or password is not correct; check both and try again.")
    default_code = "invalid_credentials"


class AccountLocked(DomainError):
    """Too many failed sign-ins: refused until the lock expires, even with the right password."""

    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("This account is locked after too many failed sign-in attempts.")
    default_code = "account_locked"
