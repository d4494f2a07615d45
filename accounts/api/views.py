"""Registration, JWT sign-in with a lock per email and client, refresh, sign-out, current user."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import RefreshToken, Token
from rest_framework_simplejwt.views import TokenRefreshView as _TokenRefreshView

from accounts.api.serializers import (
    LogoutInputSerializer,
    PasswordChangeInputSerializer,
    RegisterInputSerializer,
    RegisterOutputSerializer,
    TokenObtainInputSerializer,
    TokenPairOutputSerializer,
    TokenRefreshInputSerializer,
    UserOutputSerializer,
)
from accounts.authentication import JWTAuthentication, access_token_revoke
from accounts.permissions import signed_in_user
from accounts.services import (
    normalize_email,
    user_authenticate,
    user_change_password,
)
from accounts.throttling import AuthRateThrottle, client_ident
from consents.services import user_register_with_consents


class RegisterView(APIView):
    """Self-registration of a job seeker or an employer.

    The answer is the same whether or not the email already has an account (nothing is changed
    then, and its owner gets a mail), so registering cannot be used to learn who has one.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=RegisterInputSerializer, responses={201: RegisterOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = RegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user_register_with_consents(**serializer.validated_data)
        data = serializer.validated_data
        body = {
            "email": normalize_email(data["email"]),
            "full_name": data["full_name"].strip(),
            "role": data["role"],
            "preferred_language": data["preferred_language"],
            "detail": _(
                "Registered. Sign in with this email and your password; we also sent a message "
                "to this email."
            ),
        }
        return Response(RegisterOutputSerializer(body).data, status=status.HTTP_201_CREATED)


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
        user = user_authenticate(
            request=request._request, client=client_ident(request), **serializer.validated_data
        )
        refresh = RefreshToken.for_user(user)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class TokenRefreshView(_TokenRefreshView):
    """A refresh token in, a new access token and a new refresh token out.

    A refresh token works once (the used one is blacklisted), and not at all after the
    account's password changed. Under the same rate limit as sign-in.
    """

    serializer_class = TokenRefreshInputSerializer
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"


class LogoutView(APIView):
    """Sign out: the given refresh token stops working, and so does the access token sent with
    the request (``Authorization: Bearer``), if any. The refresh token is the proof: an
    expired or missing access token does not stop anyone signing out."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    def get_authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'

    @staticmethod
    def _access_token(request: Request) -> Token | None:
        try:
            authenticated = JWTAuthentication().authenticate(request)
        except AuthenticationFailed:
            return None
        return authenticated[1] if authenticated else None

    @extend_schema(
        request=LogoutInputSerializer,
        responses={204: OpenApiResponse(description="Signed out.")},
    )
    def post(self, request: Request) -> Response:
        serializer = LogoutInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            refresh = RefreshToken(serializer.validated_data["refresh"])
        except TokenError as error:
            raise InvalidToken(str(error)) from error
        refresh.blacklist()
        access = self._access_token(request)
        if access is not None and str(access.get("user_id")) == str(refresh.get("user_id")):
            access_token_revoke(access)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(APIView):
    """Change the signed-in user's password: every older token stops working, and the answer
    carries a new pair for this device."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=PasswordChangeInputSerializer, responses={200: TokenPairOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_change_password(
            user=signed_in_user(request), client=client_ident(request), **serializer.validated_data
        )
        refresh = RefreshToken.for_user(user)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: UserOutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(UserOutputSerializer(request.user).data)
