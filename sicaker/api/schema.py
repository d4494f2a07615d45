"""The OpenAPI schema as the API really answers: error envelopes and values left implicit.

drf-spectacular documents the success answer of each operation; this ``AutoSchema`` adds the
error answers each operation can give (the envelope of ``sicaker.api.errors``, as the components
``Error`` and ``ValidationError``) and corrects what it infers wrongly from read-only fields:

- a model field with ``blank=True`` can be ``""`` in an answer (``pay_unit``, an event's
  ``from_status``, an employer's ``email``): the empty string is declared beside the values;
- times are written ``HH:MM:SS[.ffffff]``, without the offset JSON Schema's ``time`` requires;
- a field a serializer lists in ``schema_optional_fields`` is left out for some readers (an
  application's ``seeker`` for the seeker herself, an event's ``actor`` for all but staff).
"""

from __future__ import annotations

from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as _AutoSchema
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

# Answered by every operation that can reach a view: a bad or expired token is a 401 even where
# no account is needed, and a backing service down (database, search) is a 503.
_ALWAYS = ("401", "503")


class ErrorSerializer(serializers.Serializer):
    """The error envelope: a stable code and a message saying how to fix the problem."""

    code = serializers.CharField(help_text="Machine-readable, e.g. `not_found`, `conflict`.")
    detail = serializers.CharField(help_text="In the request's language; says what to do.")


class ValidationErrorSerializer(ErrorSerializer):
    """The envelope of a 400: ``fields`` names each invalid field (absent for a body that could
    not be parsed at all)."""

    # A field named like Serializer.fields: DRF's metaclass takes it out of the class first.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        required=False,
        help_text="Per field: a list of messages (nested objects for nested fields).",
    )


_ERROR_DESCRIPTIONS = {
    "400": _("Invalid input; `fields` says how to fix each field."),
    "401": _("Not signed in, or the token is invalid or expired."),
    "403": _("Not allowed for your role."),
    "404": _("Not found, or not yours."),
    "409": _("Conflicts with the current state."),
    "429": _("Too many requests; wait and try again."),
    "503": _("A service Si-Caker depends on is unavailable; try again shortly."),
}


class AutoSchema(_AutoSchema):
    def get_auth(self) -> list[dict[str, Any]]:
        """drf-spectacular marks an operation open to anonymous clients (the empty requirement
        ``{}``) only for DRF's own AllowAny / ...OrReadOnly classes; ours (``IsStaffOrReadOnly``,
        a published vacancy's page) are asked directly, as an anonymous request."""
        auth = super().get_auth()
        if auth and {} not in auth and self._open_to_anonymous():
            auth.append({})
        return auth

    def _open_to_anonymous(self) -> bool:
        http_request = HttpRequest()
        http_request.method = self.method
        request = Request(http_request)
        request.user = AnonymousUser()
        try:
            return all(
                permission.has_permission(request, self.view)
                for permission in self.view.get_permissions()
            )
        except Exception:  # noqa: BLE001 - a permission that needs more of a real request: not open
            return False

    def _error_codes(self) -> list[str]:
        codes = {*_ALWAYS}
        is_public = self._open_to_anonymous()
        if self._get_request_body() or self._get_parameters():
            codes.add("400")
        if not is_public or self.method not in SAFE_METHODS:
            # A role check, or a CSRF refusal of a signed-in browser session on a write.
            codes.add("403")
        if "{" in self.path or not is_public or self._get_paginator():
            # An id in the path that is unknown or not yours; a signed-in endpoint also answers
            # 404 for a profile the account does not have, or an object a filter or body names;
            # a page past the end of a list is a 404 too.
            codes.add("404")
        if self.method not in SAFE_METHODS:
            codes.add("409")
        if self.view.get_throttles():
            codes.add("429")
        # What the rules above cannot see, declared by the view (e.g. a GET answering 409).
        codes.update(getattr(self.view, "schema_error_codes", ()))
        return sorted(codes)

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        # Registers the Error and ValidationError components the shared responses refer to.
        self.resolve_serializer(ErrorSerializer, direction)
        self.resolve_serializer(ValidationErrorSerializer, direction)
        for code in self._error_codes():
            responses.setdefault(code, {"$ref": f"#/components/responses/{_response_name(code)}"})
        return dict(sorted(responses.items()))

    def _map_basic_serializer(
        self, serializer: serializers.Serializer, direction: Literal["request", "response"]
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        optional = set(getattr(serializer, "schema_optional_fields", ()))
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        if direction == "response":
            # After drf-spectacular's own pass (its validators add ``format`` back otherwise).
            for name, field in serializer.fields.items():
                if name in schema.get("properties", {}):
                    _correct_answer_field(field, schema["properties"][name])
        return schema


def _correct_answer_field(field: serializers.Field, schema: dict[str, Any]) -> None:
    """Declare what an answer's field really holds (see the module docstring)."""
    if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
        del schema["format"]
        schema["pattern"] = r"^\d{2}:\d{2}:\d{2}(\.\d{1,6})?$"
    if _model_field_allows_blank(field):
        if "enum" in schema and "" not in schema["enum"]:
            schema["enum"] = [*schema["enum"], ""]
        elif "format" in schema and schema.get("type") == "string":
            schema["anyOf"] = [{"format": schema.pop("format")}, {"maxLength": 0}]


def _model_field_allows_blank(field: serializers.Field) -> bool:
    """Whether ``field`` reads a model field declared ``blank=True`` (its value may be "")."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if model is None or not isinstance(field, serializers.CharField | serializers.ChoiceField):
        return False
    try:
        model_field = model._meta.get_field(field.source)
    except (FieldDoesNotExist, TypeError):
        return False
    return isinstance(model_field, models.CharField | models.TextField) and model_field.blank


def _response_name(code: str) -> str:
    return f"Error{code}"


def add_error_responses(result: dict, generator: object, request: object, public: bool) -> dict:
    """Postprocessing hook: the shared error answers, once, under ``components.responses``."""
    responses = result.setdefault("components", {}).setdefault("responses", {})
    for code, description in _ERROR_DESCRIPTIONS.items():
        component = "ValidationError" if code == "400" else "Error"
        responses[_response_name(code)] = {
            "description": str(description),
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
            },
        }
    return result
