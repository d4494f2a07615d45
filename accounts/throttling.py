"""Rate limit of the sign-in and registration endpoints (DRF scope "auth"), also for the admin.

The client is identified as DRF's throttles identify it (``NUM_PROXIES`` decides whether
``X-Forwarded-For`` is believed), so the API, the admin sign-in and the sign-in lock agree on who
the client is.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle, SimpleRateThrottle

AUTH_SCOPE = "auth"


def client_ident(request: HttpRequest | Request) -> str:
    """The requesting client's address, as the rate limits count it."""
    # DRF reads only request.META, which a plain Django request (the admin's) has too.
    return BaseThrottle().get_ident(request)  # type: ignore[arg-type]


class _LiveRatesMixin:
    """DRF copies the rates into the class when it is imported, so a rate changed later (a
    deployment override, a test) would be ignored; reading ``api_settings`` each time follows it.
    """

    @property
    def THROTTLE_RATES(self) -> dict[str, Any]:
        return api_settings.DEFAULT_THROTTLE_RATES


# The stubs see DRF's writeable class attribute; a read-only property is what we mean here.
class AuthRateThrottle(_LiveRatesMixin, ScopedRateThrottle):  # type: ignore[override]
    """ScopedRateThrottle that reads ``DEFAULT_THROTTLE_RATES`` when asked."""


class AdminSignInThrottle(_LiveRatesMixin, SimpleRateThrottle):  # type: ignore[override]
    """The "auth" rate for the admin's sign-in form, sharing the API's count per client.

    Its cache key is the one ``AuthRateThrottle`` uses for a client that is not signed in, so
    attempts on the API and on the admin draw from one allowance.
    """

    scope = AUTH_SCOPE

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
