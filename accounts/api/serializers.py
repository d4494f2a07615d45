"""Input and output shapes of the auth endpoints."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password

from accounts.models import Role, User

LANGUAGE_CHOICES = [("id", "Bahasa Indonesia"), ("en", "English")]


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)
    full_name = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(
        choices=Role.values,
        error_messages={
            "invalid_choice": _('"{input}" is not a role; register as "seeker" or "employer".')
        },
    )
    phone = serializers.RegexField(
        r"^\+?[0-9][0-9 \-]{6,18}[0-9]$",
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid": _("Enter a phone number of digits, e.g. 081234567890.")},
    )
    preferred_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, default="id")
    # Her consents (UU PDP), under the privacy notice at /api/v1/privacy-notice/.
    consent_matching = serializers.BooleanField(
        default=False,
        help_text="(a) processing her profile for job matching: required (true) for a seeker.",
    )
    consent_shown_to_employers = serializers.BooleanField(
        default=False, help_text="(b) appearing to employers as an anonymous candidate."
    )
    consent_contact_by_phone = serializers.BooleanField(
        default=False, help_text="(c) being contacted by SMS/WhatsApp."
    )


class RegisterOutputSerializer(serializers.Serializer):
    """What registering answers, built from the request only: the same whether or not the email
    already had an account (its owner gets a mail instead)."""

    email = serializers.EmailField()
    full_name = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    preferred_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    detail = serializers.CharField()


class PasswordChangeInputSerializer(serializers.Serializer):
    current_password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)


class LogoutInputSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenRefreshInputSerializer(TokenRefreshSerializer):
    """simplejwt's refresh (rotating, blacklisting the used token), refusing a refresh token
    issued before the account's password last changed, like access tokens are refused."""

    def validate(self, attrs: dict) -> dict:
        refresh = RefreshToken(attrs["refresh"])
        user_id = refresh.payload.get(api_settings.USER_ID_CLAIM)
        user = User.objects.filter(pk=user_id).first() if user_id is not None else None
        if user is None or not user.is_active:
            raise AuthenticationFailed(
                _("The account of this token no longer exists or is disabled."),
                "no_active_account",
            )
        if refresh.payload.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(
            user.password
        ):
            raise AuthenticationFailed(
                _("The password of this account has changed since; sign in again."),
                "password_changed",
            )
        return super().validate(attrs)


class TokenObtainInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)


class TokenPairOutputSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class UserOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "preferred_language"]
        read_only_fields = fields
