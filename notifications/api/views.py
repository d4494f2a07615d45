"""The in-app inbox and notification preferences of the signed-in user."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

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
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Notification.objects.none()
        unread_only = self.request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        return selectors.notifications_for(user=self.request.user, unread_only=unread_only)


class NotificationReadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        notification = selectors.access_notification(user=request.user, notification_id=pk)
        notification = services.notification_mark_read(notification=notification)
        return Response(NotificationSerializer(notification, context={"request": request}).data)


class NotificationReadAllView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=UnreadCountSerializer)
    def post(self, request: Request) -> Response:
        services.notifications_mark_all_read(user=request.user)
        return Response({"unread": selectors.unread_count(user=request.user)})


class UnreadCountView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=UnreadCountSerializer)
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(user=request.user)})


class PreferencesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PreferenceSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(
            PreferenceSerializer(selectors.preferences_for(user=request.user), many=True).data
        )

    @extend_schema(
        request=PreferenceSerializer(many=True, max_length=len(Kind)),
        responses=PreferenceSerializer(many=True),
    )
    def put(self, request: Request) -> Response:
        # At most one row per kind: a list of thousands is refused before anything is read.
        serializer = PreferenceSerializer(data=request.data, many=True, max_length=len(Kind))
        serializer.is_valid(raise_exception=True)
        services.preferences_update(user=request.user, changes=serializer.validated_data)
        return Response(
            PreferenceSerializer(selectors.preferences_for(user=request.user), many=True).data
        )


class QuietHoursView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=QuietHoursSerializer)
    def get(self, request: Request) -> Response:
        return Response(QuietHoursSerializer(selectors.quiet_hours_for(user=request.user)).data)

    @extend_schema(request=QuietHoursSerializer, responses=QuietHoursSerializer)
    def put(self, request: Request) -> Response:
        serializer = QuietHoursSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        quiet = services.quiet_hours_update(user=request.user, **serializer.validated_data)
        return Response(QuietHoursSerializer(quiet).data)
