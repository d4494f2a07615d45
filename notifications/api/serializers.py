"""Input and output of the notification endpoints."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from notifications.models import Kind, Notification
from notifications.rendering import Message, render_message


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
    # A field named like Serializer.context: DRF's metaclass takes it out of the class first.
    context = serializers.JSONField()  # type: ignore[assignment]
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
    is_read = serializers.SerializerMethodField()
    deliveries = DeliverySerializer(many=True)

    def _message(self, notification: Notification) -> Message:
        cache: dict[int, Message] = self.context.setdefault("_rendered", {})  # type: ignore[attr-defined]
        if notification.pk not in cache:
            request = self.context.get("request")  # type: ignore[attr-defined]
            language = getattr(request, "LANGUAGE_CODE", None)
            cache[notification.pk] = render_message(
                kind=notification.kind, context=notification.context, language=language
            )
        return cache[notification.pk]

    def get_title(self, notification: Notification) -> str:
        return self._message(notification).title

    def get_body(self, notification: Notification) -> str:
        return self._message(notification).body

    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # see context above
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
