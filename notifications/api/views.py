"""The in-app inbox and notification preferences of the signed-in user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import signed_in_user
from notifications import selectors, services
from notifications.api.serializers import (
    NotificationSerializer,
    PreferenceSerializer,
    QuietHoursSerializer,
    UnreadCountSerializer,
)
from notifications.models import Kind, Notification


class NotificationListView(ListAPIView):
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[OpenApiParameter("unread", bool, description="Only unread ones.")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Notification.objects.none()
        unread_only = self.request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        return selectors.notifications_for(
            user=signed_in_user(self.request), unread_only=unread_only
        )


class NotificationReadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        notification = selectors.access_notification(
            user=signed_in_user(request), notification_id=pk
        )
        notification = services.notification_mark_read(notification=notification)
        return Response(NotificationSerializer(notification, context={"request": request}).data)


class NotificationReadAllView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=UnreadCountSerializer)
    def post(self, request: Request) -> Response:
        services.notifications_mark_all_read(user=signed_in_user(request))
        return Response({"unread": selectors.unread_count(user=signed_in_user(request))})


class UnreadCountView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=UnreadCountSerializer)
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(user=signed_in_user(request))})


class PreferencesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PreferenceSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(
            PreferenceSerializer(
                selectors.preferences_for(user=signed_in_user(request)), many=True
            ).data
        )

    @extend_schema(
        # many=True hands max_length to the ListSerializer, which the stubs do not model.
        request=PreferenceSerializer(many=True, max_length=len(Kind)),  # type: ignore[call-arg]
        responses=PreferenceSerializer(many=True),
    )
    def put(self, request: Request) -> Response:
        # At most one row per kind: a list of thousands is refused before anything is read.
        serializer = PreferenceSerializer(data=request.data, many=True, max_length=len(Kind))  # type: ignore[call-arg]
        serializer.is_valid(raise_exception=True)
        services.preferences_update(user=signed_in_user(request), changes=serializer.validated_data)
        return Response(
            PreferenceSerializer(
                selectors.preferences_for(user=signed_in_user(request)), many=True
            ).data
        )


class QuietHoursView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=QuietHoursSerializer)
    def get(self, request: Request) -> Response:
        return Response(
            QuietHoursSerializer(selectors.quiet_hours_for(user=signed_in_user(request))).data
        )

    @extend_schema(request=QuietHoursSerializer, responses=QuietHoursSerializer)
    def put(self, request: Request) -> Response:
        serializer = QuietHoursSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        quiet = services.quiet_hours_update(
            user=signed_in_user(request), **serializer.validated_data
        )
        return Response(QuietHoursSerializer(quiet).data)
