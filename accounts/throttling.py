"""Rate limit of the sign-in and registration endpoints (DRF scope "auth")."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class AuthRateThrottle(ScopedRateThrottle):
    """ScopedRateThrottle that reads ``DEFAULT_THROTTLE_RATES`` when asked.

    DRF copies the rates into the class when it is imported, so a rate changed later (a
    deployment override, a test) would be ignored; reading ``api_settings`` each time follows it.
    """

    @property
    def THROTTLE_RATES(self) -> dict:  # noqa: N802 (DRF's attribute name)
        return api_settings.DEFAULT_THROTTLE_RATES
