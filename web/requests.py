"""Request types of the web views, for the type checker."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class WebRequest(HttpRequest):
    """A request through the web middleware: ``htmx`` from django-htmx."""

    htmx: HtmxDetails


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind ``login_required``."""
    return cast(User, request.user)
