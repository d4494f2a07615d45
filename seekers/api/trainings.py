"""Training programme endpoints: list (signed-in), create/edit and completions (staff)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import IsStaff
from jobs.api.skills import SkillBriefSerializer, SkillRefField
from jobs.skills import skills_resolve
from seekers.models import SeekerProfile, SkillLevel, TrainingCompletion, TrainingProgramme
from seekers.selectors import training_completion_list, training_get, training_list
from seekers.services import (
    training_completion_record,
    training_programme_create,
    training_programme_update,
)
from sicaker.api.fields import PrimaryKeyRelatedField

# -- serializers ------------------------------------------------------------------------------


class TrainingOutputSerializer(serializers.ModelSerializer):
    skills = SkillBriefSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingProgramme
        fields = [
            "id",
            "title",
            "organiser",
            "city",
            "starts_on",
            "ends_on",
            "description",
            "skills",
        ]
        read_only_fields = fields


class TrainingInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    organiser = serializers.CharField(max_length=200)
    city = serializers.CharField(max_length=100)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    skills = serializers.ListField(
        child=SkillRefField(),
        max_length=30,
        help_text=str(_("Skills the training teaches: ids or slugs.")),
    )

    def validate(self, attrs: dict) -> dict:
        if "skills" in attrs:
            attrs["skills"] = skills_resolve(refs=list(dict.fromkeys(attrs["skills"])))
        return attrs


class CompletionSeekerSerializer(serializers.ModelSerializer):
    class Meta:
        model = SeekerProfile
        fields = ["id", "full_name", "district", "city", "nik_masked"]
        read_only_fields = fields


class CompletionOutputSerializer(serializers.ModelSerializer):
    training = serializers.IntegerField(source="programme_id", read_only=True)
    seeker = CompletionSeekerSerializer(read_only=True)
    recorded_by = serializers.CharField(
        source="recorded_by.full_name", default=None, read_only=True
    )

    class Meta:
        model = TrainingCompletion
        fields = [
            "id",
            "training",
            "seeker",
            "certificate_number",
            "completed_on",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class CompletionInputSerializer(serializers.Serializer):
    seeker = PrimaryKeyRelatedField(
        queryset=SeekerProfile.objects.all(),
        error_messages={
            "does_not_exist": _("No job seeker has id {pk_value}; use an id from GET seekers/."),
        },
    )
    certificate_number = serializers.CharField(max_length=80)
    completed_on = serializers.DateField()
    level = serializers.ChoiceField(
        choices=SkillLevel.choices,
        default=SkillLevel.BASIC,
        help_text=str(_("Level the training certifies; a seeker's higher level is kept.")),
    )


class TrainingFilterSerializer(serializers.Serializer):
    # A CharField refuses text PostgreSQL cannot take (a NUL byte) with a 400 instead of a 500.
    city = serializers.CharField(required=False, allow_blank=True, default="")


# -- views ------------------------------------------------------------------------------------


class TrainingAccess(IsAuthenticated):
    """Reading: any signed-in user; writing: labor-office staff."""

    message = IsStaff.message

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return super().has_permission(request, view)
        return IsStaff().has_permission(request, view)


class TrainingListView(GenericAPIView):
    permission_classes = [TrainingAccess]
    serializer_class = TrainingOutputSerializer
    filter_backends: list = []

    @extend_schema(
        parameters=[OpenApiParameter("city", str)],
        responses={200: TrainingOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        params = TrainingFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        queryset = training_list(city=params.validated_data["city"])
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(TrainingOutputSerializer(page, many=True).data)

    @extend_schema(request=TrainingInputSerializer, responses={201: TrainingOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = TrainingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = training_programme_create(actor=request.user, **serializer.validated_data)
        output = TrainingOutputSerializer(training_get(pk=programme.pk)).data
        return Response(output, status=status.HTTP_201_CREATED)


class TrainingDetailView(GenericAPIView):
    permission_classes = [TrainingAccess]
    serializer_class = TrainingOutputSerializer

    def get(self, request: Request, pk: int) -> Response:
        return Response(TrainingOutputSerializer(training_get(pk=pk)).data)

    @extend_schema(request=TrainingInputSerializer, responses={200: TrainingOutputSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        serializer = TrainingInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        skills = changes.pop("skills", None)
        training_programme_update(
            programme=training_get(pk=pk), actor=request.user, changes=changes, skills=skills
        )
        return Response(TrainingOutputSerializer(training_get(pk=pk)).data)


class TrainingCompletionListView(GenericAPIView):
    """GET/POST trainings/{id}/completions/: labor-office staff only."""

    permission_classes = [IsStaff]
    serializer_class = CompletionOutputSerializer
    filter_backends: list = []

    @extend_schema(responses={200: CompletionOutputSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        queryset = training_completion_list(actor=request.user, programme=training_get(pk=pk))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(CompletionOutputSerializer(page, many=True).data)

    @extend_schema(request=CompletionInputSerializer, responses={201: CompletionOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        programme = training_get(pk=pk)
        serializer = CompletionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        completion = training_completion_record(
            programme=programme, actor=request.user, **serializer.validated_data
        )
        return Response(CompletionOutputSerializer(completion).data, status=status.HTTP_201_CREATED)
