"""Registration, JWT sign-in with lockout, token refresh and the current user."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenRefreshView as _TokenRefreshView

from accounts.api.serializers import (
    RegisterInputSerializer,
    TokenObtainInputSerializer,
    TokenPairOutputSerializer,
    UserOutputSerializer,
)
from accounts.services import user_authenticate, user_register
from accounts.throttling import AuthRateThrottle


class RegisterView(APIView):
    """Self-registration of a job seeker or an employer."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=RegisterInputSerializer, responses={201: UserOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = RegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_register(**serializer.validated_data)
        return Response(UserOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenObtainView(APIView):
    """Email + password in, an access and a refresh JWT out (``Authorization: Bearer``)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    def get_authenticate_header(self, request: Request) -> str:
        # Wrong credentials are a 401 (with this header), not DRF's 403 for header-less views.
        return 'Bearer realm="api"'

    @extend_schema(request=TokenObtainInputSerializer, responses={200: TokenPairOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = TokenObtainInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_authenticate(request=request._request, **serializer.validated_data)
        refresh = RefreshToken.for_user(user)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class TokenRefreshView(_TokenRefreshView):
    """simplejwt's refresh, under the same rate limit as sign-in."""

    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: UserOutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(UserOutputSerializer(request.user).data)
