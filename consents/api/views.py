"""The privacy notice, her consents, and claiming an account an officer opened (UU PDP)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import signed_in_user
from accounts.throttling import AuthRateThrottle
from consents import selectors, services
from consents.api.serializers import (
    ClaimInputSerializer,
    ClaimOutputSerializer,
    ConsentsUpdateSerializer,
    MyConsentsSerializer,
    PrivacyNoticeSerializer,
)
from consents.models import PrivacyNotice, Purpose
from sicaker.errors import Invalid


def _notice(notice: PrivacyNotice) -> dict[str, Any]:
    return {
        "version": notice.version,
        "published_at": notice.published_at,
        "text": notice.text,
        "text_id": notice.text_id,
        "text_en": notice.text_en,
    }


class PrivacyNoticeView(APIView):
    """The privacy notice people agree to: the current version, or ``?version=N``."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    schema_error_codes = ("404",)  # no notice of that version

    @extend_schema(
        parameters=[OpenApiParameter("version", int, description="An earlier version.")],
        responses=PrivacyNoticeSerializer,
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("version", "")
        if raw:
            if not raw.isdigit() or len(raw) > 6:  # noqa: PLR2004 - a version number, not a limit
                raise Invalid({"version": [_("A version is a whole number, e.g. 1.")]})
            notice = selectors.privacy_notice_by_version(version=int(raw))
        else:
            notice = selectors.privacy_notice_current()
        return Response(PrivacyNoticeSerializer(_notice(notice)).data)


def my_consents(user: User) -> dict[str, Any]:
    given = selectors.consents_given(user=user)
    return {
        **{purpose: purpose in given for purpose in Purpose.values},
        "current_notice_version": selectors.privacy_notice_current().version,
        "history": selectors.consent_history(user=user),
    }


class MyConsentsView(APIView):
    """Her consents, per purpose: (a) matching, (b) shown to employers as an anonymous
    candidate, (c) contacted by SMS/WhatsApp. Withdrawing (a) or (b) takes her off employers'
    candidate lists at once and out of the search index; withdrawing (c) stops SMS and WhatsApp
    (email and the inbox stay)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MyConsentsSerializer)
    def get(self, request: Request) -> Response:
        return Response(MyConsentsSerializer(my_consents(signed_in_user(request))).data)

    @extend_schema(request=ConsentsUpdateSerializer, responses=MyConsentsSerializer)
    def patch(self, request: Request) -> Response:
        serializer = ConsentsUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = signed_in_user(request)
        services.consents_set(user=user, wanted=serializer.validated_data, actor=user)
        return Response(MyConsentsSerializer(my_consents(user)).data)


class ClaimView(APIView):
    """Claim the account a labor-office officer opened for her: the code from the SMS link and
    the password she chooses. The link works once, for 30 days. Then she signs in with her
    mobile number and this password."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"
    schema_error_codes = ("404",)  # a link unknown, used or expired

    @extend_schema(request=ClaimInputSerializer, responses={200: ClaimOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = ClaimInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.account_claim_complete(**serializer.validated_data)
        body = {
            "phone": user.phone or None,
            "email": user.email or None,
            "detail": _("Your account is yours now. Sign in with your mobile number and password."),
        }
        return Response(ClaimOutputSerializer(body).data)
