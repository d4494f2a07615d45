"""Input and output of the notification endpoints."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from notifications.models import Kind
from notifications.rendering import render_message


class DeliverySerializer(serializers.Serializer):
    """How the notification went out on each external channel (failed ones stay visible)."""

    channel = serializers.CharField()
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    sent_at = serializers.DateTimeField(allow_null=True)


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    context = serializers.JSONField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
    is_read = serializers.SerializerMethodField()
    deliveries = DeliverySerializer(many=True)

    def _message(self, notification):
        cache = self.context.setdefault("_rendered", {})
        if notification.pk not in cache:
            request = self.context.get("request")
            language = getattr(request, "LANGUAGE_CODE", None)
            cache[notification.pk] = render_message(
                kind=notification.kind, context=notification.context, language=language
            )
        return cache[notification.pk]

    def get_title(self, notification) -> str:
        return self._message(notification).title

    def get_body(self, notification) -> str:
        return self._message(notification).body

    def get_is_read(self, notification) -> bool:
        return notification.read_at is not None


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    label = serializers.CharField(read_only=True)
    email = serializers.BooleanField(required=False)
    sms = serializers.BooleanField(required=False)
    whatsapp = serializers.BooleanField(required=False)


class QuietHoursSerializer(serializers.Serializer):
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    is_enabled = serializers.BooleanField()

    def validate(self, attrs: dict) -> dict:
        if attrs["starts_at"] == attrs["ends_at"]:
            raise serializers.ValidationError(
                {"ends_at": [_("Quiet hours must end at another time than they start.")]}
            )
        return attrs


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()
