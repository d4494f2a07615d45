"""Errors of signing in and registering, rendered by the API's one error envelope."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status

from sicaker.api.errors import DomainError


class InvalidCredentials(exceptions.AuthenticationFailed):
    default_detail = _("The email or password is not correct; check both and try again.")
    default_code = "invalid_credentials"


class SignInLocked(DomainError):
    """Too many failed sign-ins with one email from one client: refused until the lock ends.

    The same for an email with an account and one without, so it reveals nothing; ``wait``
    becomes the ``Retry-After`` header.
    """

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = _("Too many failed sign-in attempts with this email; try again later.")
    default_code = "sign_in_locked"

    def __init__(self, detail=None, *, wait: int | None = None) -> None:
        super().__init__(detail)
        self.wait = wait
