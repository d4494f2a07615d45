"""What the consents API reads and answers; fields listed one by one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from consents.models import Purpose, RecordedVia


class PrivacyNoticeSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    text = serializers.CharField(help_text="In the request's language (Indonesian by default).")
    text_id = serializers.CharField()
    text_en = serializers.CharField()


class ConsentSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    is_given = serializers.BooleanField()
    notice_version = serializers.IntegerField(source="notice.version")
    granted_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    recorded_via = serializers.ChoiceField(choices=RecordedVia.choices)
    paper_form_number = serializers.CharField()


class MyConsentsSerializer(serializers.Serializer):
    """Per purpose whether it is given now, and every period of consent she has had."""

    matching = serializers.BooleanField(help_text="(a) processing her profile for job matching")
    shown_to_employers = serializers.BooleanField(
        help_text="(b) appearing to employers as an anonymous candidate"
    )
    contact_by_phone = serializers.BooleanField(help_text="(c) being contacted by SMS/WhatsApp")
    current_notice_version = serializers.IntegerField()
    history = ConsentSerializer(many=True)


class ConsentsUpdateSerializer(serializers.Serializer):
    """The purposes to give (true) or withdraw (false); those left out stay as they are."""

    matching = serializers.BooleanField(required=False)
    shown_to_employers = serializers.BooleanField(required=False)
    contact_by_phone = serializers.BooleanField(required=False)

    def validate(self, attrs: dict) -> dict:
        if not attrs:
            raise serializers.ValidationError(
                _("Send at least one of matching, shown_to_employers, contact_by_phone.")
            )
        return attrs


class ClaimInputSerializer(serializers.Serializer):
    secret = serializers.CharField(
        max_length=64, help_text="The code at the end of the link in her SMS (/klaim/<code>/)."
    )
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)


class ClaimOutputSerializer(serializers.Serializer):
    phone = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    detail = serializers.CharField()
