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
    """An email, an Indonesian mobile number (any spelling; stored as E.164) or both."""

    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)
    full_name = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(
        choices=Role.values,
        error_messages={
            "invalid_choice": _('"{input}" is not a role; register as "seeker" or "employer".')
        },
    )
    phone = serializers.CharField(
        max_length=24,
        required=False,
        allow_blank=True,
        default="",
        help_text="Indonesian mobile number to sign in with: 08..., 628... or +628...",
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

    email = serializers.EmailField(allow_null=True)
    phone = serializers.CharField(allow_null=True, help_text="E.164, e.g. +6281234567890")
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
    """``identifier``: her email or her mobile number (``email``, its older name, still works)."""

    identifier = serializers.CharField(
        max_length=254, required=False, help_text="Email or Indonesian mobile number (08...)."
    )
    email = serializers.CharField(
        max_length=254, required=False, help_text="Older name of identifier."
    )
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)

    def validate(self, attrs: dict) -> dict:
        identifier = attrs.pop("identifier", None) or attrs.pop("email", None)
        attrs.pop("email", None)
        if not identifier:
            raise serializers.ValidationError(
                {"identifier": [_("Enter your mobile number or your email.")]}
            )
        return {**attrs, "identifier": identifier}


class TokenPairOutputSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class UserOutputSerializer(serializers.ModelSerializer):
    phone_verified = serializers.BooleanField(source="is_phone_verified", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "phone",
            "phone_verified",
            "full_name",
            "role",
            "preferred_language",
        ]
        read_only_fields = fields


CHANNEL_CHOICES = [("sms", "SMS"), ("whatsapp", "WhatsApp")]


class PhoneCodeInputSerializer(serializers.Serializer):
    """Send a code proving her sign-in number, or ``phone``: a new number to sign in with."""

    phone = serializers.CharField(max_length=24, required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=CHANNEL_CHOICES, default="sms")


class CodeSentOutputSerializer(serializers.Serializer):
    phone = serializers.CharField(help_text="Where the code went, partly hidden.")
    expires_in = serializers.IntegerField(help_text="Seconds the code stays valid.")
    resend_in = serializers.IntegerField(help_text="Seconds before another code can be asked.")
    detail = serializers.CharField()


class PhoneVerifyInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12)


class PasswordResetCodeInputSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=24)
    channel = serializers.ChoiceField(choices=CHANNEL_CHOICES, default="sms")


class PasswordResetCodeSentOutputSerializer(serializers.Serializer):
    detail = serializers.CharField()


class PasswordResetInputSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=24)
    code = serializers.CharField(max_length=12)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)
