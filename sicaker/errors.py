"""Domain errors: what services and selectors raise when a request cannot be carried out.

They know nothing of HTTP. The API's exception handler (``sicaker.api.errors``) and the web
pages each turn them into a response in one place, using ``status_for``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Message = str | Promise


class DomainError(Exception):
    """Base of every domain error; ``code`` is stable and machine-readable."""

    code = "invalid"
    default_message: Message = _("The request could not be processed.")
    # More of the answer, for the client to act on (e.g. the vacancy a new one duplicates):
    # the API adds these keys to its error envelope beside "code" and "detail".
    extra: Mapping[str, Any] = {}

    def __init__(self, message: Message | None = None, *, code: str | None = None) -> None:
        self.message: Message = message if message is not None else self.default_message
        if code is not None:
            self.code = code
        super().__init__(str(self.message))


class Invalid(DomainError):
    """The input breaks a rule; ``fields`` says, per field, how to fix it (400)."""

    code = "invalid"
    default_message = _("Some fields are invalid; see 'fields' for how to fix each one.")

    def __init__(
        self,
        fields: Mapping[str, Any] | Sequence[Message] | Message | None = None,
        *,
        message: Message | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, code=code)
        if fields is None:
            fields = {}
        elif isinstance(fields, str | Promise):
            fields = {"non_field_errors": [fields]}
        elif not isinstance(fields, Mapping):
            fields = {"non_field_errors": list(fields)}
        self.fields: dict[str, Any] = dict(fields)


class Unauthenticated(DomainError):
    """The requester could not be identified: wrong credentials (401)."""

    code = "authentication_failed"
    default_message = _("Incorrect authentication credentials.")


class Forbidden(DomainError):
    """The requester's role may not do this (403)."""

    code = "permission_denied"
    default_message = _("You do not have permission to perform this action.")


class NotFound(DomainError):
    """The object does not exist or is not visible to the requester (404).

    One answer for both, so nobody learns that someone else's object exists.
    """

    code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    """The request is valid but conflicts with the current state (409)."""

    code = "conflict"
    default_message = _("The request conflicts with the current state of the resource.")


class RateLimited(DomainError):
    """Too many attempts; ``wait`` is how many seconds until the next may succeed (429)."""

    code = "throttled"
    default_message = _("Too many requests; try again later.")

    def __init__(
        self, message: Message | None = None, *, code: str | None = None, wait: int | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.wait = wait


class Unavailable(DomainError):
    """A backing service (the search engine, the database) is down (503)."""

    code = "service_unavailable"
    default_message = _("A service Si-Caker depends on is unavailable; please try again shortly.")


_STATUS = {
    Invalid: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    RateLimited: 429,
    Unavailable: 503,
}


def status_for(error: DomainError) -> int:
    """The HTTP status of a domain error, for the API handler and the web pages alike."""
    for kind in type(error).__mro__:
        if kind in _STATUS:
            return _STATUS[kind]
    return 400
