"""Her rights over her data through the API: download everything held about her, delete her
account (``accounts.privacy``)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import signed_in_user
from accounts.privacy import account_erase, personal_data_export
from accounts.throttling import AuthRateThrottle, client_ident


class AccountEraseInputSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


def export_filename() -> str:
    return f"sicaker-data-saya-{timezone.localdate().isoformat()}.json"


class MyDataView(APIView):
    """GET me/data/: everything Si-Caker holds about the signed-in user, as one JSON document
    (her account, profile and skills, trainings, applications with their events, invitations,
    notifications, notification settings, job alerts, and the log of staff who looked at her
    NIK), given as a file to keep."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.OBJECT)})
    def get(self, request: Request) -> Response:
        response = Response(personal_data_export(user=signed_in_user(request)))
        response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
        response["Cache-Control"] = "no-store"
        return response


class MyAccountEraseView(APIView):
    """POST me/erase/ {password}: a job seeker deletes her account. Her name, NIK, contact and
    precise location are erased and her rows anonymised; her tokens stop working at once."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=AccountEraseInputSerializer,
        responses={
            204: OpenApiResponse(description="Erased; every token of the account is refused."),
            400: OpenApiResponse(description="Wrong password."),
            403: OpenApiResponse(description="Not a job seeker's account."),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = AccountEraseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        account_erase(
            user=signed_in_user(request),
            password=serializer.validated_data["password"],
            client=client_ident(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
