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
    CodeSentOutputSerializer,
    LogoutInputSerializer,
    PasswordChangeInputSerializer,
    PasswordResetCodeInputSerializer,
    PasswordResetCodeSentOutputSerializer,
    PasswordResetInputSerializer,
    PhoneCodeInputSerializer,
    PhoneVerifyInputSerializer,
    RegisterInputSerializer,
    RegisterOutputSerializer,
    TokenObtainInputSerializer,
    TokenPairOutputSerializer,
    TokenRefreshInputSerializer,
    UserOutputSerializer,
)
from accounts.authentication import JWTAuthentication, access_token_revoke
from accounts.codes import (
    password_reset_code_send,
    password_reset_with_code,
    phone_verification_send,
    phone_verify,
)
from accounts.models import User
from accounts.permissions import signed_in_user
from accounts.phones import mask_phone, normalize_phone
from accounts.services import (
    normalize_email,
    user_authenticate,
    user_change_password,
)
from accounts.throttling import AuthRateThrottle, client_ident
from consents.services import user_register_with_consents


class RegisterView(APIView):
    """Self-registration of a job seeker or an employer, with an email, a mobile number or both.

    The answer is the same whether or not the email or number already has an account (nothing
    is changed then, and the owner of an email gets a mail), so registering cannot be used to
    learn who has one. A number is not proven yet: ``auth/phone/code/`` sends the code.
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
        email = normalize_email(data["email"]) or None
        body = {
            "email": email,
            "phone": normalize_phone(data["phone"]) if data["phone"].strip() else None,
            "full_name": data["full_name"].strip(),
            "role": data["role"],
            "preferred_language": data["preferred_language"],
            "detail": _(
                "Registered. Sign in with this email and your password; we also sent a message "
                "to this email."
            )
            if email
            else _(
                "Registered. Sign in with this mobile number and your password, then prove the "
                "number with the code we send to it (auth/phone/code/)."
            ),
        }
        return Response(RegisterOutputSerializer(body).data, status=status.HTTP_201_CREATED)


class TokenObtainView(APIView):
    """Mobile number or email (``identifier``) + password in, an access and a refresh JWT out
    (``Authorization: Bearer``). A number not proven yet signs in too."""

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


def _tokens(user: User) -> dict[str, str]:
    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


class PhoneCodeView(APIView):
    """Send a one-time code by SMS or WhatsApp proving her sign-in number, or ``phone``, a new
    number she wants to sign in with (it replaces the old one once proven).

    6 digits, valid 10 minutes, 5 wrong guesses; one send a minute and a few an hour per
    number and per client (429 with ``Retry-After``); 409 when the number is proven already or
    another account signs in with it; 503 when the SMS/WhatsApp service did not take it."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=PhoneCodeInputSerializer, responses={202: CodeSentOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = PhoneCodeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sent = phone_verification_send(
            user=signed_in_user(request),
            client=client_ident(request),
            channel=serializer.validated_data["channel"],
            phone=serializer.validated_data["phone"] or None,
        )
        body = {
            "phone": mask_phone(sent.phone),
            "expires_in": sent.expires_in,
            "resend_in": sent.resend_in,
            "detail": _("We sent a code to %(phone)s; enter it to prove the number.")
            % {"phone": mask_phone(sent.phone)},
        }
        return Response(CodeSentOutputSerializer(body).data, status=status.HTTP_202_ACCEPTED)


class PhoneVerifyView(APIView):
    """The code from the SMS/WhatsApp in: her number is proven (or the new number becomes her
    sign-in number). 400 for a wrong or expired code; the 5th wrong guess ends the code (429)."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=PhoneVerifyInputSerializer, responses={200: UserOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = PhoneVerifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = phone_verify(
            user=signed_in_user(request),
            code=serializer.validated_data["code"],
            client=client_ident(request),
        )
        return Response(UserOutputSerializer(user).data)


class PasswordResetCodeView(APIView):
    """A forgotten password: send a code to set a new one to this mobile number.

    The answer is the same whether or not an account has this number proven (codes go only to
    proven numbers); the sending limits (429) count either way. With an email instead, the web
    page ``/lupa-sandi/`` sends a link."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=PasswordResetCodeInputSerializer,
        responses={202: PasswordResetCodeSentOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordResetCodeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset_code_send(client=client_ident(request), **serializer.validated_data)
        body = {
            "detail": _(
                "If an account signs in with this proven number, we sent it a code; it is valid "
                "10 minutes."
            )
        }
        return Response(body, status=status.HTTP_202_ACCEPTED)


class PasswordResetView(APIView):
    """The number, the code from the SMS/WhatsApp and a new password in: the password is set,
    every older token stops working, the sign-in locks lift, and a new token pair comes back.
    400 on ``code`` for a wrong code (or a number without such an account), on
    ``new_password`` for a weak one; the 5th wrong guess ends the code (429)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=PasswordResetInputSerializer, responses={200: TokenPairOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = PasswordResetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = password_reset_with_code(client=client_ident(request), **serializer.validated_data)
        return Response(_tokens(user))
