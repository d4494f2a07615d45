"""Bearer-token authentication of the API: simplejwt's, plus access tokens ended at sign-out.

simplejwt already refuses a token whose password digest no longer matches the account's
(``CHECK_REVOKE_TOKEN``: a new password ends every older token) and a blacklisted refresh
token. An access token cannot be blacklisted in the database (it is never stored), so signing
out records its ``jti`` in the cache until the token would have expired anyway.
"""

from __future__ import annotations

import math

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework import exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication as _JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.tokens import Token
from rest_framework_simplejwt.utils import datetime_from_epoch


def _revoked_key(jti: str) -> str:
    return f"revoked-access:{jti}"


def access_token_revoke(token: Token) -> None:
    """Refuse this access token from now until it expires."""
    remaining = datetime_from_epoch(token["exp"]) - timezone.now()
    seconds = math.ceil(remaining.total_seconds())
    if seconds > 0:
        cache.set(_revoked_key(token["jti"]), 1, timeout=seconds)


class JWTAuthentication(_JWTAuthentication):
    def get_validated_token(self, raw_token: bytes) -> Token:
        token = super().get_validated_token(raw_token)
        if cache.get(_revoked_key(token.get("jti", ""))):
            raise InvalidToken(str(_("This token was signed out; sign in again.")))
        return token

    def get_user(self, validated_token: Token) -> AbstractBaseUser:  # type: ignore[override]
        try:
            return super().get_user(validated_token)
        except AuthenticationFailed as error:
            if isinstance(error.detail, dict) and error.detail.get("code") == "password_changed":
                raise exceptions.AuthenticationFailed(
                    _("The password of this account has changed since; sign in again."),
                    code="password_changed",
                ) from error
            raise


class JWTScheme(SimpleJWTScheme):
    """The OpenAPI security scheme of this subclass: simplejwt's bearer scheme."""

    target_class = "accounts.authentication.JWTAuthentication"
