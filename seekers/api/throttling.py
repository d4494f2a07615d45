"""Rate limits on setting a new NIK: per account ("nik_user") and per client ("nik_client").

Whether a NIK can be saved tells whether someone else registered it, so each attempt to set a
NIK other than her current one is counted; sending her current NIK again, a profile edit without
a NIK, or a NIK that is not even plausible (refused for its form, which reveals nothing) is not.
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts.throttling import client_ident
from seekers import nik as nik_codec
from seekers.models import SeekerProfile


def _is_nik_change(request: Request) -> bool:
    if request.method != "PATCH" or not hasattr(request.data, "get"):
        return False
    value = request.data.get("nik")
    if not isinstance(value, str):
        return False
    try:
        facts = nik_codec.validate_nik(value)
    except nik_codec.InvalidNik:
        return False
    current = (
        SeekerProfile.objects.filter(user_id=request.user.pk or 0)
        .values_list("nik_digest", flat=True)
        .first()
    )
    return current not in nik_codec.nik_digests(facts.nik)


class _NikChangeThrottle(SimpleRateThrottle):
    @property
    def THROTTLE_RATES(self) -> dict[str, Any]:  # type: ignore[override]  # read per request
        return api_settings.DEFAULT_THROTTLE_RATES

    def allow_request(self, request: Request, view: APIView) -> bool:
        if not _is_nik_change(request):
            return True
        return super().allow_request(request, view)


class NikChangePerAccountThrottle(_NikChangeThrottle):
    scope = "nik_user"

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class NikChangePerClientThrottle(_NikChangeThrottle):
    scope = "nik_client"

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ident(request)}
