"""The skill taxonomy API: public search, staff create and edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import IsStaffOrReadOnly, signed_in_user
from jobs.models import Skill, SkillCategory
from jobs.skills import skill_create, skill_search, skill_update

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_SLUG_ERRORS: dict[str, StrOrPromise] = {
    "invalid": _("Use only lower-case letters, digits and hyphens in a slug, e.g. 'menjahit'."),
}


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class SkillRefField(serializers.Field):
    """A skill named by its id (a number) or its slug (text); resolved later in bulk."""

    default_error_messages = {
        "invalid": _("Name a skill by its id (a number) or its slug (text), e.g. 'menjahit'."),
    }

    def to_internal_value(self, data: Any) -> int | str:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int):
            return data
        # A NUL byte cannot reach PostgreSQL (psycopg refuses it): the reference is invalid.
        if isinstance(data, str) and data.strip() and "\x00" not in data:
            text = data.strip()
            # isascii: str.isdigit() also accepts characters such as "¹" that int() refuses.
            return int(text) if text.isascii() and text.isdigit() else text.lower()
        self.fail("invalid")

    def to_representation(self, value: Any) -> str:
        return value.slug if isinstance(value, Skill) else str(value)


class SkillOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="The name in the request's language.")

    class Meta:
        model = Skill
        fields = ["id", "slug", "name", "name_id", "name_en", "category", "synonyms"]
        read_only_fields = fields


class SkillBriefSerializer(serializers.ModelSerializer):
    """A skill inside another object (a training, a seeker)."""

    name = serializers.CharField(read_only=True)

    class Meta:
        model = Skill
        fields = ["id", "slug", "name"]
        read_only_fields = fields


class SkillCreateInputSerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=80, error_messages=_SLUG_ERRORS)
    name_id = serializers.CharField(max_length=120)
    name_en = serializers.CharField(max_length=120)
    category = serializers.ChoiceField(choices=SkillCategory.choices)
    synonyms = serializers.ListField(
        child=serializers.CharField(max_length=120), max_length=50, required=False, default=list
    )


class SkillUpdateInputSerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=80, required=False, error_messages=_SLUG_ERRORS)
    name_id = serializers.CharField(max_length=120, required=False)
    name_en = serializers.CharField(max_length=120, required=False)
    category = serializers.ChoiceField(choices=SkillCategory.choices, required=False)
    synonyms = serializers.ListField(
        child=serializers.CharField(max_length=120), max_length=50, required=False
    )


class SkillFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    category = serializers.ChoiceField(
        choices=SkillCategory.choices, required=False, allow_blank=True, default=""
    )


class SkillListView(GenericAPIView):
    """GET: anyone; POST: labor-office staff."""

    permission_classes = [IsStaffOrReadOnly]
    serializer_class = SkillOutputSerializer
    filter_backends: list = []  # filters are read by SkillFilterSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="name, slug, synonym, part or stem"),
            OpenApiParameter("category", str, enum=SkillCategory.values),
        ],
        responses={200: SkillOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        filters = SkillFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = skill_search(**filters.validated_data)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(SkillOutputSerializer(page, many=True).data)

    @extend_schema(request=SkillCreateInputSerializer, responses={201: SkillOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = SkillCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        skill = skill_create(actor=signed_in_user(request), **serializer.validated_data)
        return Response(SkillOutputSerializer(skill).data, status=status.HTTP_201_CREATED)


class SkillDetailView(GenericAPIView):
    """GET: anyone; PATCH: labor-office staff (the slug cannot change)."""

    permission_classes = [IsStaffOrReadOnly]
    serializer_class = SkillOutputSerializer

    def get_object(self) -> Skill:
        return get_object_or_404(Skill, pk=self.kwargs["pk"])

    def get(self, request: Request, pk: int) -> Response:
        return Response(SkillOutputSerializer(self.get_object()).data)

    @extend_schema(request=SkillUpdateInputSerializer, responses={200: SkillOutputSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        serializer = SkillUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        skill = skill_update(
            skill=self.get_object(),
            actor=signed_in_user(request),
            changes=dict(serializer.validated_data),
        )
        return Response(SkillOutputSerializer(skill).data)
