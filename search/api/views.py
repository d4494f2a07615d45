"""Search endpoints: thin views over search.selectors."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from search.api.serializers import (
    SuggestionSerializer,
    VacancyHitSerializer,
    VacancySearchInputSerializer,
)
from search.backend import SearchUnavailable
from search.selectors import vacancy_search, vacancy_suggestions
from sicaker.api.errors import ServiceUnavailableError


def _search_down() -> ServiceUnavailableError:
    return ServiceUnavailableError(
        _("Search is temporarily unavailable; please try again in a few minutes. "
          "Browsing /api/v1/vacancies/ still works.")
    )


class VacancySearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[VacancySearchInputSerializer],
        responses=inline_serializer(
            "VacancySearchPage",
            {
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "page_size": serializers.IntegerField(),
                "open_positions": serializers.IntegerField(),
                "facets": serializers.DictField(child=serializers.DictField(child=serializers.IntegerField())),
                "results": VacancyHitSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        params = VacancySearchInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.to_query()
        try:
            page, results = vacancy_search(query=query)
        except SearchUnavailable as error:
            raise _search_down() from error
        return Response(
            {
                "count": page.total,
                "page": query.page,
                "page_size": query.page_size,
                "open_positions": page.open_positions,
                "facets": page.facets,
                "results": VacancyHitSerializer(results, many=True).data,
            }
        )


class VacancySuggestView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="What the user typed so far.")],
        responses=SuggestionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        prefix = request.query_params.get("q", "")[:100]
        try:
            suggestions = vacancy_suggestions(prefix=prefix)
        except SearchUnavailable as error:
            raise _search_down() from error
        return Response(SuggestionSerializer(suggestions, many=True).data)
