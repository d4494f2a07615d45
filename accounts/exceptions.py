"""Errors of signing in, as domain errors (the API's one error envelope renders them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sicaker.errors import RateLimited, Unauthenticated


class InvalidCredentials(Unauthenticated):
    """An unknown email or number, a wrong password or an inactive account: one answer (401)."""

    code = "invalid_credentials"
    default_message = _(
        "The mobile number, email or password is not correct; check them and try again."
    )


class SignInLocked(RateLimited):
    """Too many failed sign-ins with one email or number from one client: refused until the
    lock ends.

    The same for a name with an account and one without, so it reveals nothing; ``wait``
    becomes the ``Retry-After`` header.
    """

    code = "sign_in_locked"
    default_message = _(
        "Too many failed sign-in attempts with this number or email; try again later."
    )
