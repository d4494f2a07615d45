"""The AK/1 card and the logged look at a NIK, through the API."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsSeeker, signed_in_user
from seekers.ak1_card import ak1_card_for_holder, ak1_card_for_staff, ak1_filename
from seekers.models import SeekerProfile
from seekers.selectors import seeker_get_for_staff
from seekers.services import seeker_profile_ensure
from seekers.services.access import REASON_MAX_LENGTH, seeker_nik_reveal

PDF = OpenApiResponse(OpenApiTypes.BINARY, description="The AK/1 card, an A5 PDF.")


class NikRevealInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)


class NikRevealOutputSerializer(serializers.Serializer):
    nik = serializers.CharField()


class CardRevealInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH, required=False, allow_blank=True)


def pdf_response(content: bytes, *, seeker: SeekerProfile) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{ak1_filename(seeker)}"'
    response["Cache-Control"] = "no-store"
    return response


NOT_ISSUED = OpenApiResponse(description="No card issued yet: POST issues it.")


class MyAk1CardView(APIView):
    """Her AK/1 card as an A5 PDF, her NIK in full. GET: the card issued to her (409 while none
    is); POST: issue it now if she has none (a number, once), then the card."""

    permission_classes = [IsSeeker]

    @extend_schema(responses={(200, "application/pdf"): PDF, 409: NOT_ISSUED})
    def get(self, request: Request) -> HttpResponse:
        seeker = seeker_profile_ensure(user=signed_in_user(request))
        return pdf_response(ak1_card_for_holder(seeker=seeker), seeker=seeker)

    @extend_schema(request=None, responses={(200, "application/pdf"): PDF})
    def post(self, request: Request) -> HttpResponse:
        seeker = seeker_profile_ensure(user=signed_in_user(request))
        content = ak1_card_for_holder(seeker=seeker, issue=True)
        seeker.refresh_from_db()
        return pdf_response(content, seeker=seeker)


class SeekerAk1CardView(APIView):
    """Staff only (404 for anyone else). GET seekers/{id}/ak1/: her issued card, the NIK masked
    (409 while none is issued). POST: issue it if she has none, then the card; with a
    ``reason``, the NIK in full, written to her access log."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): PDF, 409: NOT_ISSUED})
    def get(self, request: Request, pk: int) -> HttpResponse:
        actor = signed_in_user(request)
        seeker = seeker_get_for_staff(actor=actor, pk=pk)
        return pdf_response(ak1_card_for_staff(seeker=seeker, actor=actor), seeker=seeker)

    @extend_schema(request=CardRevealInputSerializer, responses={(200, "application/pdf"): PDF})
    def post(self, request: Request, pk: int) -> HttpResponse:
        actor = signed_in_user(request)
        seeker = seeker_get_for_staff(actor=actor, pk=pk)
        serializer = CardRevealInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        content = ak1_card_for_staff(
            seeker=seeker,
            actor=actor,
            reason=serializer.validated_data.get("reason", ""),
            issue=True,
        )
        seeker.refresh_from_db()
        return pdf_response(content, seeker=seeker)


class SeekerNikRevealView(APIView):
    """POST seekers/{id}/nik/ {reason}: staff see her NIK in full; the look and its reason are
    written to her access log, which she reads. Anyone else: 404."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=NikRevealInputSerializer, responses={200: NikRevealOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        actor = signed_in_user(request)
        seeker = seeker_get_for_staff(actor=actor, pk=pk)
        serializer = NikRevealInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nik = seeker_nik_reveal(
            seeker=seeker, actor=actor, reason=serializer.validated_data["reason"]
        )
        response = Response({"nik": nik})
        response["Cache-Control"] = "no-store"
        return response
