"""Job-seeker profile endpoints: her own profile, and the staff list and detail."""

from __future__ import annotations

import math
from typing import NoReturn

from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import IsSeeker, IsStaff, signed_in_user
from seekers.api.serializers import SeekerProfileInputSerializer, SeekerProfileOutputSerializer
from seekers.api.throttling import NikChangePerAccountThrottle, NikChangePerClientThrottle
from seekers.selectors import (
    SeekerFilters,
    seeker_get_for_staff,
    seeker_list,
    seeker_profile_detail,
)
from seekers.services import seeker_profile_ensure, seeker_profile_update
from sicaker.api.fields import IdField


class MyProfileView(GenericAPIView):
    """GET/PATCH seekers/me/: the signed-in job seeker's own profile."""

    permission_classes = [IsSeeker]
    serializer_class = SeekerProfileOutputSerializer
    # Setting a new NIK is rate limited (see seekers.api.throttling); other edits are not.
    throttle_classes = [NikChangePerAccountThrottle, NikChangePerClientThrottle]

    def throttled(self, request: Request, wait: float | None) -> NoReturn:
        minutes = max(1, math.ceil((wait or 60) / 60))
        error = exceptions.Throttled(
            detail=ngettext(
                "Too many attempts to change the NIK; try again in %(minutes)d minute, or ask "
                "the labor office for help.",
                "Too many attempts to change the NIK; try again in %(minutes)d minutes, or ask "
                "the labor office for help.",
                minutes,
            )
            % {"minutes": minutes}
        )
        # The Retry-After header (set here: Throttled(wait=...) would add to the message).
        error.wait = math.ceil(wait) if wait is not None else None  # type: ignore[attr-defined]
        raise error

    def get(self, request: Request) -> Response:
        profile = seeker_profile_ensure(user=signed_in_user(request))
        return Response(SeekerProfileOutputSerializer(seeker_profile_detail(profile=profile)).data)

    @extend_schema(
        request=SeekerProfileInputSerializer, responses={200: SeekerProfileOutputSerializer}
    )
    def patch(self, request: Request) -> Response:
        serializer = SeekerProfileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        nik = changes.pop("nik", None)
        skills = changes.pop("skills", None)
        profile = seeker_profile_update(
            profile=seeker_profile_ensure(user=signed_in_user(request)),
            actor=signed_in_user(request),
            changes=changes,
            nik=nik,
            skills=skills,
        )
        return Response(SeekerProfileOutputSerializer(seeker_profile_detail(profile=profile)).data)


class SeekerFilterSerializer(serializers.Serializer):
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Part of her name, or four or more digits of her phone number.",
    )
    district = serializers.CharField(required=False, allow_blank=True, max_length=100)
    city = serializers.CharField(required=False, allow_blank=True, max_length=100)
    skill = serializers.CharField(required=False, allow_blank=True, max_length=80)
    training = IdField(required=False)
    verified = serializers.BooleanField(required=False, allow_null=True, default=None)


class SeekerListView(GenericAPIView):
    """GET seekers/: labor-office staff only (403 for everyone else)."""

    permission_classes = [IsStaff]
    serializer_class = SeekerProfileOutputSerializer
    filter_backends: list = []  # filters are read by SeekerFilterSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "name", str, description="part of her name, or 4+ digits of her phone number"
            ),
            OpenApiParameter("district", str),
            OpenApiParameter("city", str),
            OpenApiParameter("skill", str, description="skill slug"),
            OpenApiParameter("training", int, description="training programme id"),
            OpenApiParameter("verified", bool),
        ],
        responses={200: SeekerProfileOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        params = SeekerFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = SeekerFilters(
            name=data.get("name", ""),
            district=data.get("district", ""),
            city=data.get("city", ""),
            skill=data.get("skill", ""),
            training=data.get("training"),
            is_verified=data.get("verified"),
        )
        page = self.paginate_queryset(seeker_list(actor=signed_in_user(request), filters=filters))
        return self.get_paginated_response(SeekerProfileOutputSerializer(page, many=True).data)


class SeekerDetailView(GenericAPIView):
    """GET seekers/{id}/: staff only; anyone else gets 404, as for a seeker that does not exist."""

    permission_classes = [IsAuthenticated]
    serializer_class = SeekerProfileOutputSerializer

    def get(self, request: Request, pk: int) -> Response:
        profile = seeker_get_for_staff(actor=signed_in_user(request), pk=pk)
        return Response(SeekerProfileOutputSerializer(profile).data)
