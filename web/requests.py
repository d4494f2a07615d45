"""Request types of the web views, for the type checker."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class WebRequest(HttpRequest):
    """A request through the web middleware: ``htmx`` from django-htmx."""

    htmx: HtmxDetails
