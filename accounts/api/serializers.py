"""Input and output shapes of the auth endpoints."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

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
